"""Second-stage ranking shared by ``SimilarEngine`` and ``SimilarIndex``.

By default (``FusionSettings.use_model``) candidates are ordered by the learned linear model of
``ltr.py`` over the lexical scores, label agreement and the criminal key elements (weights in
data/rank_model.json, fitted and cross-validated by benchmarks/train_similar_model.py). With
``use_model=False`` the a-priori CombSUM below is used instead:

score = lexical_weight * BM25/max(BM25)                 (fact-narrative similarity, in [0, 1])
      + label_weight   * label agreement                 (罪名 / 案由 agreement, in [0, 1])
      + party_bonus    * [a named party in common]
then multiplied by ``kind_mismatch_factor`` when the candidate's case kind (刑事/民事/...) differs
from the query's (its own, else the majority of its lexical neighbours; likewise the
trial domain 金融/道交/刑事/... used in the reasons).

Label agreement: the query's labels are weighted by pseudo-relevance feedback — each of the
``feedback_depth`` lexically closest candidates votes for its decided charges / 案由 with its
normalised BM25 score; a charge named in the query's facts adds ``mention_votes`` (one fully
similar neighbour); charges the query text itself decides get the whole neighbourhood's mass.
Weights are scaled so the best label has weight 1; a candidate scores its best label's weight.

All settings are a priori (CombSUM of max-normalised evidence with equal weights, BM25
defaults, ten feedback documents as in the usual RM3/Rocchio setups). The only checks made
were on CAIL2019-CJRC same-charge retrieval (feedback on/off, depth 5/10/20, legal-term boost,
RRF instead of CombSUM); LeCaRD is kept as a test (benchmarks/bench_similar_quality.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from fengqiao.mining.similar import ltr
from fengqiao.mining.similar._textlaw import KIND_LABELS
from fengqiao.mining.similar.profile import CaseProfile
from fengqiao.textlaw.civil_elements import CivilElements, default_focus_model, pick
from fengqiao.textlaw.criminal_elements import INJURY_GRADES, CriminalElements


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["score"] = round(self.score, 6)
        data["reasons"] = list(self.reasons)
        return data


@dataclass
class Features:
    """What the fusion step needs to know about one first-stage candidate (mutable: the index
    fills ``lexical_findings`` in after its first stage)."""

    id: str
    lexical: float
    lexical_findings: float = 0.0  # BM25 over the findings section alone
    labels: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    kind: str | None = None
    domain: str | None = None
    court: str | None = None
    shared_terms: tuple[str, ...] = ()  # most informative shared fact terms first
    elements: CriminalElements | None = None  # circumstances, objects, articles, sentence
    civil: CivilElements | None = None  # claims, disputed points (civil cases; engine only)


@dataclass(frozen=True)
class FusionSettings:
    lexical_weight: float = 0.5
    label_weight: float = 0.5
    party_bonus: float = 0.05
    kind_mismatch_factor: float = 0.5
    feedback_depth: int = 10
    mention_votes: float = 1.0
    reason_terms: int = 5
    reason_label_min: float = 0.5
    # Order by the learned model over key elements (ltr.py); False = the CombSUM above.
    use_model: bool = True


def _label_kind(label: str) -> str:
    return "罪名" if label.endswith("罪") else "案由"


def label_weights(
    query: CaseProfile,
    items: Sequence[Features],
    lexical_norm: Sequence[float],
    settings: FusionSettings,
) -> dict[str, float]:
    votes: Counter[str] = Counter()
    mass = 0.0
    closest = sorted(range(len(items)), key=lambda i: -lexical_norm[i])[: settings.feedback_depth]
    for i in closest:
        weight = lexical_norm[i]
        if weight <= 0:
            continue
        mass += weight
        for label in items[i].labels:
            votes[label] += weight
    decided = list(query.charges) + ([query.cause] if query.cause else [])
    for label in decided:
        votes[label] += max(mass, 1.0)
    if not decided:
        for label in query.mentioned:
            votes[label] += settings.mention_votes
    top = max(votes.values(), default=0.0)
    return {label: v / top for label, v in votes.items()} if top > 0 else {}


def feedback_majority(
    items: Sequence[Features],
    lexical_norm: Sequence[float],
    settings: FusionSettings,
    attribute: str,
) -> str | None:
    """Value of ``attribute`` (kind, domain) most of the lexically closest candidates share."""
    votes: Counter[str] = Counter()
    closest = sorted(range(len(items)), key=lambda i: -lexical_norm[i])[: settings.feedback_depth]
    for i in closest:
        value = getattr(items[i], attribute)
        if value and lexical_norm[i] > 0:
            votes[value] += lexical_norm[i]
    return votes.most_common(1)[0][0] if votes else None


@dataclass(frozen=True)
class Evidence:
    """Per-query quantities the second stage derives from the first-stage candidates."""

    lexical_norm: list[float]
    findings_norm: list[float]
    label_weights: dict[str, float]
    label_scores: list[float]
    kind: str | None
    domain: str | None


def gather(query: CaseProfile, items: Sequence[Features], settings: FusionSettings) -> Evidence:
    top_lexical = max((f.lexical for f in items), default=0.0)
    lexical_norm = [f.lexical / top_lexical if top_lexical > 0 else 0.0 for f in items]
    weights = label_weights(query, items, lexical_norm, settings)
    top_findings = max((f.lexical_findings for f in items), default=0.0)
    return Evidence(
        lexical_norm=lexical_norm,
        findings_norm=[
            f.lexical_findings / top_findings if top_findings > 0 else 0.0 for f in items
        ],
        label_weights=weights,
        label_scores=[max((weights.get(lab, 0.0) for lab in f.labels), default=0.0) for f in items],
        kind=query.kind or feedback_majority(items, lexical_norm, settings, "kind"),
        domain=query.domain or feedback_majority(items, lexical_norm, settings, "domain"),
    )


def feature_rows(
    query: CaseProfile, items: Sequence[Features], settings: FusionSettings | None = None
) -> list[list[float]]:
    """The learned model's input rows (ltr.FEATURES) for ``items``; used by the trainer."""
    ev = gather(query, items, settings or FusionSettings())
    return ltr.feature_rows(query, items, ev)


def combsum(ev: Evidence, feat: Features, index: int, settings: FusionSettings) -> float:
    score = settings.lexical_weight * ev.lexical_norm[index]
    score += settings.label_weight * ev.label_scores[index]
    if ev.kind and feat.kind and ev.kind != feat.kind:
        score *= settings.kind_mismatch_factor
    return score


def fuse(
    query: CaseProfile,
    items: Sequence[Features],
    settings: FusionSettings | None = None,
    *,
    limit: int | None = None,
    explain: Callable[[Features], Features] | None = None,
    model: ltr.RankModel | None = None,
) -> list[Hit]:
    """Rank first-stage candidates; best first, ties broken by id for determinism.

    Only the first ``limit`` hits are returned and explained; ``explain`` may fill in
    ``shared_terms`` lazily (the index reads them from stored fields only for those hits).
    """
    settings = settings or FusionSettings()
    if not items:
        return []
    ev = gather(query, items, settings)
    if settings.use_model:
        model = model or ltr.default_model()
        rows = ltr.feature_rows(query, items, ev)
        scores = [model.score(row) for row in rows]
        if is_civil_query(query, items, ev):
            civil = ltr.default_civil_model()
            scores = [
                civil.score(s, query.civil, feat.civil)
                for s, feat in zip(scores, items, strict=True)
            ]
    else:
        scores = [combsum(ev, feat, i, settings) for i, feat in enumerate(items)]
    query_parties = set(query.parties)
    scored: list[tuple[float, str, Features, list[str]]] = []
    for feat, score in zip(items, scores, strict=True):
        shared_parties = [p for p in feat.parties if p in query_parties]
        if shared_parties:
            score += settings.party_bonus
        scored.append((score, feat.id, feat, shared_parties))
    scored.sort(key=lambda row: (-row[0], row[1]))
    hits = []
    for score, doc_id, feat, shared_parties in scored[:limit]:
        shown = explain(feat) if explain is not None else feat
        reasons = _reasons(
            query, shown, ev.label_weights, (ev.kind, ev.domain), shared_parties, settings
        )
        hits.append(Hit(doc_id, score, reasons))
    return hits


def is_civil_query(query: CaseProfile, items: Sequence[Features], ev: Evidence) -> bool:
    """A civil query with civil candidates: civil or unknown kind (its own, else its neighbours'),
    no charge decided or named, its civil elements read and some candidate's too."""
    return (
        query.civil is not None
        and ev.kind in (None, "civil")
        and not query.charges
        and not query.mentioned
        and any(f.civil is not None for f in items)
    )


def _reasons(
    query: CaseProfile,
    feat: Features,
    weights: dict[str, float],
    kind_domain: tuple[str | None, str | None],
    shared_parties: list[str],
    settings: FusionSettings,
) -> tuple[str, ...]:
    reasons: list[str] = []
    own_labels = set(query.labels)
    for label in feat.labels:
        if label in own_labels:
            reasons.append(f"同{_label_kind(label)}：{label}")
        elif weights.get(label, 0.0) >= settings.reason_label_min:
            reasons.append(f"近似案件常见{_label_kind(label)}：{label}")
    if feat.shared_terms:
        reasons.append("共同要素：" + "、".join(feat.shared_terms[: settings.reason_terms]))
    if feat.elements is not None:
        reasons.extend(element_reasons(query.elements, feat.elements))
    if query.civil is not None and feat.civil is not None:
        reasons.extend(civil_reasons(query.civil, feat.civil))
    if shared_parties:
        reasons.append("同当事人：" + "、".join(shared_parties))
    kind, domain = kind_domain
    if domain and feat.domain == domain:
        reasons.append(f"同领域：{domain}")
    kind_label = KIND_LABELS.get(kind or "", kind)
    if kind and feat.kind == kind and not (domain == kind_label and feat.domain == domain):
        reasons.append(f"同类型：{kind_label}案件")
    if query.court and feat.court == query.court:
        reasons.append(f"同法院：{feat.court}")
    return tuple(reasons)


def civil_reasons(query: CivilElements, cand: CivilElements) -> list[str]:
    """Claims and disputed points both civil cases share."""
    reasons = []
    if shared := sorted(query.claims & cand.claims):
        reasons.append("同诉讼请求：" + "、".join(shared))
    model = default_focus_model()
    if model is not None:
        foci = set(pick(query.focus, model.threshold)) & set(pick(cand.focus, model.threshold))
        if foci:
            names = "；".join(model.names.get(f, f) for f in sorted(foci))
            reasons.append(f"争议焦点相近（{names}）")
    return reasons


def element_reasons(query: CriminalElements, cand: CriminalElements) -> list[str]:
    """Key elements both cases share, in the words a lawyer would use."""
    reasons = []
    if shared := sorted(query.circumstances & cand.circumstances):
        reasons.append("同量刑情节：" + "、".join(shared))
    if shared := sorted(query.drugs & cand.drugs):
        same_band = query.drug_band is not None and query.drug_band == cand.drug_band
        reasons.append("同毒品：" + "、".join(shared) + ("（数量同级）" if same_band else ""))
    if query.amount_band is not None and query.amount_band == cand.amount_band:
        reasons.append("涉案金额同一数量级")
    if shared := sorted(query.weapons & cand.weapons):
        reasons.append("同作案工具：" + "、".join(shared))
    if query.injury and query.injury == cand.injury:
        reasons.append(f"同损害后果：{INJURY_GRADES[query.injury]}")
    if query.sentence_band is not None and query.sentence_band == cand.sentence_band:
        reasons.append("刑期相近")
    return reasons
