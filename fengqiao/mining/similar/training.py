"""Fit and cross-validate the ranking model (``ltr.RankModel``); numpy/scikit-learn, no Django.

Used by benchmarks/train_similar_model.py (which writes the shipped weights) and by the tests.

- ``prepare_query`` turns one labelled query (facts, candidate texts, graded labels) into the
  model's feature rows, plus the rankings of the engine without the model (CombSUM) for
  comparison;
- ``fit`` is a pairwise logistic regression (linear RankNet) on standardised features: every
  pair of candidates of one query with different grades is an example, each query weighs the
  same, no intercept;
- ``cross_validate`` is leave-one-query-out; in each fold the regularisation strength C is
  chosen from ``C_GRID`` by an inner leave-one-query-out over the training queries only.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from fengqiao.mining.similar import fusion, ltr
from fengqiao.mining.similar.engine import SimilarEngine
from fengqiao.mining.similar.fusion import FusionSettings
from fengqiao.mining.similar.metrics import ndcg_at_k, precision_at_k

C_GRID = (0.0001, 0.001, 0.01, 0.1, 1.0)
METRICS = ("ndcg@10", "ndcg@30", "p@5")
# Features constant in the training data get an a-priori weight of this sign (see ``fit``).
PRIOR_SIGN = {"kind_mismatch": -1.0}


@dataclass
class QueryData:
    ridx: str
    ids: list[str]
    rows: np.ndarray
    labels: dict[str, int]
    engine_ranking: list[str]  # the engine without the model (CombSUM)
    baseline_ranking: list[str]  # e.g. plain BM25 over the facts section


def metrics(ranking: Sequence[str], labels: Mapping[str, int]) -> dict[str, float]:
    return {
        "ndcg@10": ndcg_at_k(ranking, labels, 10),
        "ndcg@30": ndcg_at_k(ranking, labels, 30),
        "p@5": precision_at_k(ranking, labels, 5, min_label=3),
    }


def prepare_query(
    ridx: str,
    facts: str,
    candidates: Mapping[str, str],
    labels: Mapping[str, int],
    *,
    engine: SimilarEngine | None = None,
    baseline: Callable[[str, dict[str, str]], list[str]] | None = None,
) -> QueryData:
    engine = engine or SimilarEngine(FusionSettings(use_model=False))
    ids = sorted(candidates)
    query = engine.profile(facts)
    feats = engine.features(query, [(i, engine.profile(candidates[i])) for i in ids])
    settings = FusionSettings(use_model=False)
    return QueryData(
        ridx=ridx,
        ids=ids,
        rows=np.array(fusion.feature_rows(query, feats, settings), dtype=float),
        labels=dict(labels),
        engine_ranking=[h.id for h in fusion.fuse(query, feats, settings)],
        baseline_ranking=baseline(facts, dict(candidates)) if baseline else [],
    )


def _pairs(q: QueryData, mean: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = (q.rows - mean) / scale
    grades = np.array([q.labels.get(i, 0) for i in q.ids])
    hi, lo = np.nonzero(grades[:, None] > grades[None, :])
    diff = x[hi] - x[lo]
    return np.vstack([diff, -diff]), np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])


def fit(train: Sequence[QueryData], c: float) -> ltr.RankModel:
    from sklearn.linear_model import LogisticRegression

    all_rows = np.vstack([q.rows for q in train])
    mean = all_rows.mean(axis=0)
    scale = all_rows.std(axis=0)
    scale[scale == 0] = 1.0
    xs, ys, ws = [], [], []
    for q in train:
        x, y = _pairs(q, mean, scale)
        if len(y):
            xs.append(x)
            ys.append(y)
            ws.append(np.full(len(y), 1.0 / len(y)))  # every query weighs the same
    clf = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
    clf.fit(np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws) * len(xs))
    coef = clf.coef_[0].tolist()
    # A feature constant in the training data (kind_mismatch: LeCaRD is all criminal) gets an
    # a-priori weight: a case of another kind loses as much as all the other evidence weighs
    # together per standard deviation (the CombSUM engine halved its score).
    spread = sum(abs(v) for v in coef)
    for j, name in enumerate(ltr.FEATURES):
        if all_rows[:, j].std() == 0 and name in PRIOR_SIGN:
            coef[j] = PRIOR_SIGN[name] * spread
            mean[j], scale[j] = 0.0, 1.0
    return ltr.RankModel(
        features=ltr.FEATURES,
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        coef=tuple(coef),
    )


def rank(model: ltr.RankModel, q: QueryData) -> list[str]:
    scores = [model.score(row) for row in q.rows.tolist()]
    return [i for _, i in sorted(zip(scores, q.ids, strict=True), key=lambda p: (-p[0], p[1]))]


def objective(m: Mapping[str, float]) -> float:
    return statistics.mean(m[k] for k in METRICS)


def choose_c(train: Sequence[QueryData], grid: Sequence[float] = C_GRID) -> float:
    """C maximising the inner leave-one-query-out objective over ``train`` only."""
    best_c, best = grid[0], -1.0
    for c in grid:
        inner = [
            objective(metrics(rank(fit([t for t in train if t is not held], c), held), held.labels))
            for held in train
        ]
        value = statistics.mean(inner)
        if value > best + 1e-9:
            best_c, best = c, value
    return best_c


def cross_validate(
    data: Sequence[QueryData], grid: Sequence[float] = C_GRID
) -> list[dict[str, object]]:
    """Leave-one-query-out; per fold: chosen C, metrics of model / engine / baseline."""
    folds = []
    for held in data:
        train = [q for q in data if q is not held]
        c = choose_c(train, grid)
        model = fit(train, c)
        folds.append(
            {
                "ridx": held.ridx,
                "C": c,
                "model": metrics(rank(model, held), held.labels),
                "engine": metrics(held.engine_ranking, held.labels),
                "baseline": metrics(held.baseline_ranking, held.labels),
                "coef": model.coef,
            }
        )
    return folds
