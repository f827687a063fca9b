"""Learning-to-rank second stage: key legal elements combined with the lexical score.

``feature_rows`` turns the first-stage candidates of one query into a few general features a
criminal lawyer would compare, each in [0, 1] and 0 when the query does not say:

- ``lexical``      BM25 over the fact narrative, divided by the query's best;
- ``lexical_findings`` the same over the court's findings (经审理查明) alone;
- ``label``        罪名/案由 agreement (pseudo-relevance feedback, see fusion.label_weights);
- ``label_set``    Jaccard overlap of the candidate's labels with the query's likely labels
                    (feedback weight >= 0.5): several charges must all agree;
- ``kind_mismatch`` 1 when the candidate's case kind (刑事/民事/…) differs from the query's;
- ``circumstances`` Jaccard overlap of the sentencing circumstances (自首, 坦白, 累犯, …);
- ``objects``      mean agreement on what the query states among drug type, drug weight band,
                    amount band, weapon, injury grade and victim kind;
- ``articles``     cosine between the candidate's cited 刑法 articles and the articles cited by
                    the query (a judgment) or, for bare facts, by its lexical neighbours;
- ``sentence``     closeness of the candidate's sentence band to the query's (or, for bare
                    facts, to the neighbours' weighted mean band).

``RankModel`` is a linear scorer (pairwise logistic regression on standardised features) whose
weights ship as ``data/rank_model.json``; benchmarks/train_similar_model.py reproduces them.

Civil queries (not criminal, no charge named; see ``fusion.fuse``) are then re-scored by
``CivilModel`` (``data/civil_model.json``, benchmarks/bench_civil_similar.py): a linear score
over the model's score and two civil elements of textlaw/civil_elements.py — ``focus``, the
cosine of the disputed-point (争议焦点) score vectors, and ``claims``, the Jaccard overlap of
the claim kinds — fitted and cross-validated on the CAIL2019-SCM triples. Criminal queries are
ranked by ``RankModel`` alone, as before.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from fengqiao.textlaw.civil_elements import CivilElements
from fengqiao.textlaw.criminal_elements import CriminalElements, sentence_band

if TYPE_CHECKING:
    from fengqiao.mining.similar.fusion import Evidence, Features
    from fengqiao.mining.similar.profile import CaseProfile

FEATURES = (
    "lexical",
    "lexical_findings",
    "label",
    "label_set",
    "kind_mismatch",
    "circumstances",
    "objects",
    "articles",
    "sentence",
)
MODEL_FILE = "data/rank_model.json"
CIVIL_MODEL_FILE = "data/civil_model.json"
CIVIL_FEATURES = ("model", "focus", "claims")
# Neighbours whose articles / sentences stand in for a bare-facts query's (as in fusion).
FEEDBACK_DEPTH = 10
LIKELY_LABEL = 0.5  # as fusion's reason_label_min


def _jaccard(a: frozenset[str] | frozenset[int], b: frozenset[str] | frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _band_closeness(a: int | None, b: int | None, width: float = 3.0) -> float | None:
    if a is None or b is None:
        return None
    return max(0.0, 1.0 - abs(a - b) / width)


def object_agreement(query: CriminalElements, cand: CriminalElements) -> float:
    """Mean agreement over the objects and means the query states (0 when it states none)."""
    parts: list[float] = []
    if query.drugs:
        parts.append(1.0 if query.drugs & cand.drugs else 0.0)
        if query.drug_grams is not None:
            parts.append(_band_closeness(query.drug_band, cand.drug_band) or 0.0)
    if query.amount is not None:
        parts.append(_band_closeness(query.amount_band, cand.amount_band) or 0.0)
    if query.weapons:
        parts.append(_jaccard(query.weapons, cand.weapons))
    if query.injury:
        parts.append(1.0 if query.injury == cand.injury else 0.0)
    if query.victims:
        parts.append(_jaccard(query.victims, cand.victims))
    return sum(parts) / len(parts) if parts else 0.0


def _feedback(
    query: CriminalElements,
    elements: Sequence[CriminalElements],
    lexical_norm: Sequence[float],
) -> tuple[Counter[int], float | None]:
    """Article votes and expected sentence band: the query's own, else its neighbours'."""
    if query.articles or query.sentence_months is not None:
        band = sentence_band(query.sentence_months)
        return Counter(dict.fromkeys(query.articles, 1.0)), None if band is None else float(band)
    closest = sorted(range(len(elements)), key=lambda i: -lexical_norm[i])[:FEEDBACK_DEPTH]
    votes: Counter[int] = Counter()
    band_sum = band_mass = 0.0
    for i in closest:
        weight = lexical_norm[i]
        if weight <= 0:
            continue
        for article in elements[i].articles:
            votes[article] += weight
        band = elements[i].sentence_band
        if band is not None:
            band_sum += weight * band
            band_mass += weight
    return votes, (band_sum / band_mass if band_mass else None)


def _cosine(votes: Counter[int], norm: float, articles: frozenset[int]) -> float:
    if not articles or norm <= 0:
        return 0.0
    return sum(votes.get(a, 0.0) for a in articles) / (norm * math.sqrt(len(articles)))


def feature_rows(query: CaseProfile, items: Sequence[Features], ev: Evidence) -> list[list[float]]:
    """One row of ``FEATURES`` per candidate, in order."""
    q = query.elements
    elements = [f.elements or CriminalElements() for f in items]
    votes, expected_band = _feedback(q, elements, ev.lexical_norm)
    norm = math.sqrt(sum(v * v for v in votes.values()))
    likely = frozenset(label for label, w in ev.label_weights.items() if w >= LIKELY_LABEL)
    rows = []
    for i, (feat, el) in enumerate(zip(items, elements, strict=True)):
        band = el.sentence_band
        sentence = (
            max(0.0, 1.0 - abs(band - expected_band) / 4.0)
            if band is not None and expected_band is not None
            else 0.0
        )
        rows.append(
            [
                ev.lexical_norm[i],
                ev.findings_norm[i],
                ev.label_scores[i],
                _jaccard(likely, frozenset(feat.labels)),
                1.0 if ev.kind and feat.kind and ev.kind != feat.kind else 0.0,
                _jaccard(q.circumstances, el.circumstances),
                object_agreement(q, el),
                _cosine(votes, norm, el.articles),
                sentence,
            ]
        )
    return rows


@dataclass(frozen=True)
class RankModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]

    def score(self, row: Sequence[float]) -> float:
        """Linear score on standardised features, shifted so that no evidence scores 0 (the
        shift is the same for every candidate, so the order is that of the fitted model)."""
        return sum(c * x / s for c, x, s in zip(self.coef, row, self.scale, strict=True))

    def to_json(self, **meta: object) -> str:
        data = {
            "features": list(self.features),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            **meta,
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RankModel:
        data = json.loads(text)
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError(f"rank model features {features} != {FEATURES}")
        return cls(
            features=features,
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) or 1.0 for v in data["scale"]),
            coef=tuple(float(v) for v in data["coef"]),
        )


@cache
def default_model() -> RankModel:
    """The shipped model, read on first use."""
    text = resources.files("fengqiao.mining.similar").joinpath(MODEL_FILE).read_text("utf-8")
    return RankModel.from_json(text)


@dataclass(frozen=True)
class CivilModel:
    """Linear score over (RankModel score, focus similarity, claims overlap) for civil queries."""

    scale: tuple[float, ...]
    coef: tuple[float, ...]

    def score(self, model_score: float, query: CivilElements, cand: CivilElements | None) -> float:
        focus = query.focus_similarity(cand) if cand is not None else 0.0
        claims = query.claims_overlap(cand) if cand is not None else 0.0
        row = (model_score, focus, claims)
        return sum(c * x / s for c, x, s in zip(self.coef, row, self.scale, strict=True))

    @classmethod
    def from_json(cls, text: str) -> CivilModel:
        data = json.loads(text)
        if tuple(data["features"]) != CIVIL_FEATURES:
            raise ValueError(f"civil model features {data['features']} != {CIVIL_FEATURES}")
        return cls(
            scale=tuple(float(v) or 1.0 for v in data["scale"]),
            coef=tuple(float(v) for v in data["coef"]),
        )


@cache
def default_civil_model() -> CivilModel:
    text = resources.files("fengqiao.mining.similar").joinpath(CIVIL_MODEL_FILE).read_text("utf-8")
    return CivilModel.from_json(text)
