"""Do civil key elements (claims, disputed points) help the similar-case ranker? CAIL2019-SCM.

    nice .venv/bin/python benchmarks/bench_civil_similar.py [--folds 5] [--triples 500] [--write]

Data: ../shared/data/cail2019_scm_sample — 500 triples (A, B, C) of 民间借贷 fact sections; as in
the SCM training data B is taken to be the closer one (plain tf-idf picks B in 61% of them,
far above the 50% of unordered triples, so the order holds for most).

Each triple is ranked as in scm_check of train_similar_model.py: B and C among 48 other SCM
documents (fixed seed), the ranker's first stage and its shipped model (rank_model.json, fitted
on LeCaRD) give the base score of B and C. The civil features of (A, X) are
``focus``  cosine of the 争议焦点 score vectors (textlaw/civil_elements.py, model trained on
           CAIL2021 only — no SCM text), and ``claims`` Jaccard of the claim kinds.

Protocol: k-fold over the triples (fixed shuffle). In each fold a pairwise logistic regression
on the standardised [base, focus, claims] differences (no intercept; C chosen from a grid by an
inner (k-1)-fold over the training triples only) is fitted on the training triples and scores
the held-out ones: accuracy of picking B, beside the base model alone and BM25 alone.
``--write`` refits on all triples and writes fengqiao/mining/similar/data/civil_model.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_court_registry import shared_data

from fengqiao.mining.similar import fusion, ltr
from fengqiao.mining.similar.engine import SimilarEngine
from fengqiao.mining.similar.profile import CaseProfile
from fengqiao.textlaw.civil_elements import CivilElements, extract_civil

MODEL_PATH = Path(__file__).resolve().parents[1] / "fengqiao/mining/similar/data/civil_model.json"
C_GRID = (0.001, 0.01, 0.1, 1.0, 10.0)
POOL = 48
SEED = 18


def triple_rows(triples: Sequence[dict], pool: int = POOL) -> tuple[np.ndarray, np.ndarray, float]:
    """Per triple: rows [base, focus, claims] of B and of C, and their BM25 scores; and the
    share of triples in which the engine as shipped (end to end) puts B above C."""
    engine = SimilarEngine()
    model = ltr.default_model()
    profiles: dict[str, CaseProfile] = {}
    civil: dict[str, CivilElements] = {}

    def profile(text: str) -> CaseProfile:
        if text not in profiles:
            profiles[text] = engine.profile(text)
            civil[text] = extract_civil(text)
        return profiles[text]

    every = [t[k] for t in triples for k in ("B", "C")]
    rng = random.Random(SEED)
    rows, lexical, shipped = [], [], []
    for t in triples:
        others = [
            d for d in rng.sample(every, min(len(every), pool + 2)) if d not in (t["B"], t["C"])
        ]
        docs = [t["B"], t["C"], *others[:pool]]
        query = profile(t["A"])
        feats = engine.features(query, [(str(i), profile(d)) for i, d in enumerate(docs)])
        base = fusion.feature_rows(query, feats, engine.settings)
        a = civil[t["A"]]
        pair = []
        for j, doc in enumerate(docs[:2]):
            x = civil[doc]
            pair.append([model.score(base[j]), a.focus_similarity(x), a.claims_overlap(x)])
        rows.append(pair)
        lexical.append([feats[0].lexical, feats[1].lexical])
        order = [h.id for h in fusion.fuse(query, feats, engine.settings)]
        shipped.append(order.index("0") < order.index("1"))
    share = float(np.mean(shipped)) if shipped else 0.0
    return np.array(rows, dtype=float), np.array(lexical, dtype=float), share


def fit(rows: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """(scale, coef) of a pairwise logistic regression on standardised differences."""
    from sklearn.linear_model import LogisticRegression

    scale = rows.reshape(-1, rows.shape[2]).std(axis=0)
    scale[scale == 0] = 1.0
    diff = (rows[:, 0] - rows[:, 1]) / scale
    x = np.vstack([diff, -diff])
    y = np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])
    clf = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y)
    return scale, clf.coef_[0]


def wins(b: np.ndarray, c: np.ndarray) -> float:
    """Share of triples where B scores above C (a tie counts half)."""
    return float(np.mean((b > c) + 0.5 * (b == c)))


def accuracy(rows: np.ndarray, scale: np.ndarray, coef: np.ndarray) -> float:
    diff = (rows[:, 0] - rows[:, 1]) / scale
    return wins(diff @ coef, np.zeros(len(diff)))


def folds_of(n: int, k: int, seed: int) -> list[np.ndarray]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [np.array(sorted(order[i::k])) for i in range(k)]


def choose_c(rows: np.ndarray, k: int) -> float:
    best_c, best = C_GRID[0], -1.0
    for c in C_GRID:
        accs = []
        for held in folds_of(len(rows), k, SEED + 1):
            mask = np.ones(len(rows), bool)
            mask[held] = False
            scale, coef = fit(rows[mask], c)
            accs.append(accuracy(rows[held], scale, coef))
        if statistics.mean(accs) > best + 1e-9:
            best_c, best = c, statistics.mean(accs)
    return best_c


def cross_validate(rows: np.ndarray, lexical: np.ndarray, k: int) -> list[dict]:
    out = []
    for fold, held in enumerate(folds_of(len(rows), k, SEED), 1):
        mask = np.ones(len(rows), bool)
        mask[held] = False
        c = choose_c(rows[mask], k - 1)
        scale, coef = fit(rows[mask], c)
        test = rows[held]
        out.append(
            {
                "fold": fold,
                "n": len(held),
                "C": c,
                "coef": [round(float(v), 3) for v in coef],
                "with_civil": round(accuracy(test, scale, coef), 3),
                "model_alone": round(wins(test[:, 0, 0], test[:, 1, 0]), 3),
                "bm25_alone": round(wins(lexical[held, 0], lexical[held, 1]), 3),
                "focus_alone": round(wins(test[:, 0, 1], test[:, 1, 1]), 3),
                "claims_alone": round(wins(test[:, 0, 2], test[:, 1, 2]), 3),
            }
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--triples", type=int, default=500)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = shared_data()
    path = data / "cail2019_scm_sample" / "input.txt" if data else None
    if path is None or not path.exists():
        print("需要 ../shared/data/cail2019_scm_sample", file=sys.stderr)
        return 2
    lines = path.read_text("utf-8").splitlines()
    triples = [json.loads(line) for line in lines if line.strip()][: args.triples]
    rows, lexical, shipped = triple_rows(triples)
    folds = cross_validate(rows, lexical, args.folds)
    keys = ("with_civil", "model_alone", "bm25_alone", "focus_alone", "claims_alone")
    result = {
        "triples": len(triples),
        "folds": folds,
        "mean": {key: round(statistics.mean(f[key] for f in folds), 3) for key in keys},
        # the engine as shipped, end to end (its civil model was fitted on these triples)
        "shipped_engine_in_sample": round(shipped, 3),
    }
    if args.write:
        c = choose_c(rows, args.folds)
        scale, coef = fit(rows, c)
        MODEL_PATH.write_text(
            json.dumps(
                {
                    "features": ["model", "focus", "claims"],
                    "scale": [round(float(v), 6) for v in scale],
                    "coef": [round(float(v), 6) for v in coef],
                    "C": c,
                    "trained_on": f"CAIL2019-SCM sample ({len(triples)} 民间借贷 triples), pairwise "
                    "logistic regression over the shipped model's score and the civil features; "
                    "reproduce with benchmarks/bench_civil_similar.py --write",
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        result["written"] = {"path": str(MODEL_PATH), "C": c, "coef": coef.tolist()}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{len(triples)} SCM triples, {args.folds}-fold; accuracy of picking B (a tie counts half)"
    )
    print(" fold   n       C | model+civil | model alone | BM25 alone | focus | claims | coef")
    for f in folds:
        print(
            f"{f['fold']:5d} {f['n']:3d} {f['C']:7.3f} | {f['with_civil']:11.3f} | "
            f"{f['model_alone']:11.3f} | {f['bm25_alone']:10.3f} | {f['focus_alone']:5.3f} | "
            f"{f['claims_alone']:6.3f} | {f['coef']}"
        )
    m = result["mean"]
    print(
        f" mean{'':13s}| {m['with_civil']:11.3f} | {m['model_alone']:11.3f} | "
        f"{m['bm25_alone']:10.3f} | {m['focus_alone']:5.3f} | {m['claims_alone']:6.3f} |"
    )
    print(
        "engine as shipped, end to end (civil model fitted on these triples: in-sample): "
        f"{result['shipped_engine_in_sample']:.3f}"
    )
    if "written" in result:
        print("wrote", result["written"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
