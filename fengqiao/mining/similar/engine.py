"""SimilarEngine: rank an ad-hoc set of candidate cases against a query case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from fengqiao.mining.similar.bm25 import BM25
from fengqiao.mining.similar.charges import ChargeDictionary, default_charges
from fengqiao.mining.similar.fusion import Features, FusionSettings, Hit, fuse
from fengqiao.mining.similar.profile import CaseProfile, build_profile
from fengqiao.mining.similar.terms import query_weights

# Charge-name words (盗窃, 毒品, 枪支, ...) count twice in the query: they name the legal
# elements that decide whether two cases are alike. 2 is the smallest non-trivial boost.
LEGAL_TERM_BOOST = 2.0


@dataclass(frozen=True)
class CandidateDoc:
    """A candidate case: full judgment (or facts) text plus optional known metadata."""

    id: str
    text: str
    cause: str | None = None
    kind: str | None = None
    domain: str | None = None
    court: str | None = None
    year: int | None = None


def apply_metadata(profile: CaseProfile, doc: CandidateDoc) -> CaseProfile:
    """Let caller-supplied metadata override what the parser found."""
    updates = {
        key: value
        for key in ("cause", "kind", "domain", "court", "year")
        if (value := getattr(doc, key)) is not None
    }
    return replace(profile, **updates) if updates else profile


class SimilarEngine:
    def __init__(
        self,
        settings: FusionSettings | None = None,
        *,
        charges: ChargeDictionary | None = None,
        legal_term_boost: float = LEGAL_TERM_BOOST,
    ) -> None:
        self.settings = settings or FusionSettings()
        self.charges = charges or default_charges()
        self.legal_term_boost = legal_term_boost

    def profile(self, text: str) -> CaseProfile:
        return build_profile(text, self.charges)

    def rank(self, query_text: str, candidates: Sequence[CandidateDoc]) -> list[Hit]:
        """Rank ``candidates`` by similarity to the case in ``query_text``; best first."""
        query = self.profile(query_text)
        profiles = [(doc.id, apply_metadata(self.profile(doc.text), doc)) for doc in candidates]
        return self.rank_profiles(query, profiles)

    def rank_profiles(
        self, query: CaseProfile, candidates: Sequence[tuple[str, CaseProfile]]
    ) -> list[Hit]:
        return fuse(query, self.features(query, candidates), self.settings)

    def features(
        self, query: CaseProfile, candidates: Sequence[tuple[str, CaseProfile]]
    ) -> list[Features]:
        """First-stage evidence per candidate (BM25 over the narratives, labels, elements)."""
        if not candidates:
            return []
        bm25 = BM25([profile.terms for _, profile in candidates])
        weights = query_weights(query.terms, self.legal_term_boost)
        lexical = bm25.scores(weights)
        findings = BM25([profile.findings for _, profile in candidates]).scores(weights)
        features = []
        for index, ((doc_id, profile), score) in enumerate(zip(candidates, lexical, strict=True)):
            contributions = {
                term: weight * bm25.term_score(term, index)
                for term, weight in weights.items()
                if term in profile.terms and len(term) >= 2
            }
            shared = sorted(contributions, key=lambda t: (-contributions[t], t))
            features.append(
                Features(
                    id=doc_id,
                    lexical=score,
                    lexical_findings=findings[index],
                    labels=profile.labels,
                    parties=profile.parties,
                    kind=profile.kind,
                    domain=profile.domain,
                    court=profile.court,
                    shared_terms=tuple(shared[: self.settings.reason_terms]),
                    elements=profile.elements,
                    civil=profile.civil,
                )
            )
        return features
