"""Train and cross-validate the similar-case ranking model (fengqiao/mining/similar/ltr.py).

    nice .venv/bin/python benchmarks/train_similar_model.py [--write] [--scm N] [--cache F]

Data: only the shared data — the LeCaRD sample (10 queries x 100 candidates, graded 0-3) for
training and leave-one-query-out evaluation, the CAIL2019-SCM triples as a civil check.

Protocol (fengqiao/mining/similar/training.py; no setting is chosen on the figures of a query
it is then scored on):
- outer leave-one-query-out over the LeCaRD queries; in each fold the regularisation strength C
  is chosen from a fixed grid by an inner leave-one-query-out over the 9 training queries only
  (mean of NDCG@10, NDCG@30, P@5), then the model is fitted on those 9 and scores the 10th;
- the model is a pairwise logistic regression (linear RankNet) on standardised features; each
  query weighs the same; the feature list is fixed a priori (ltr.FEATURES);
- per fold, the model, the engine without the model (CombSUM) and plain BM25 over the facts
  section (rjieba) are scored on the held-out query.
With ``--write`` the shipped model is refitted on all queries (C chosen by the same inner
procedure over all 10) and written to fengqiao/mining/similar/data/rank_model.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_similar_quality import bm25_ranker, facts_section, load_lecard, shared_data

from fengqiao.mining.similar import fusion, ltr, training
from fengqiao.mining.similar.engine import SimilarEngine
from fengqiao.mining.similar.fusion import FusionSettings
from fengqiao.mining.similar.profile import CaseProfile

MODEL_PATH = Path(__file__).resolve().parents[1] / "fengqiao/mining/similar/data/rank_model.json"
WHO = ("model", "engine", "baseline")
WHO_LABEL = {"model": "model", "engine": "engine (CombSUM)", "baseline": "BM25 facts"}


def prepare(limit: int | None, data: Path) -> list[training.QueryData]:
    baseline = bm25_ranker(facts_section)
    return [
        training.prepare_query(q.ridx, q.facts, q.candidates, q.labels, baseline=baseline)
        for q in load_lecard(data)[:limit]
    ]


def scm_check(model: ltr.RankModel, data: Path, n: int, pool: int = 48) -> dict[str, float]:
    """CAIL2019-SCM: share of triples (A, B, C) in which B (labelled closer) outranks C.

    Each triple is ranked among B, C and ``pool`` other SCM documents (fixed seed), so that the
    BM25 statistics are those of a small collection, as in a real candidate list.
    """
    lines = (data / "cail2019_scm_sample" / "input.txt").read_text("utf-8").splitlines()
    triples = [json.loads(line) for line in lines if line.strip()][:n]
    engine = SimilarEngine(FusionSettings(use_model=False))
    cache: dict[str, CaseProfile] = {}

    def profile(text: str) -> CaseProfile:
        if text not in cache:
            cache[text] = engine.profile(text)
        return cache[text]

    every = [t[k] for t in triples for k in ("B", "C")]
    rng = random.Random(18)
    wins = {"model": 0, "engine": 0, "lexical only": 0}
    for t in triples:
        others = [
            d for d in rng.sample(every, min(len(every), pool + 2)) if d not in (t["B"], t["C"])
        ]
        docs = [t["B"], t["C"], *others[:pool]]
        query = profile(t["A"])
        feats = engine.features(query, [(str(i), profile(d)) for i, d in enumerate(docs)])
        rows = fusion.feature_rows(query, feats, engine.settings)
        wins["model"] += model.score(rows[0]) > model.score(rows[1])
        wins["lexical only"] += feats[0].lexical > feats[1].lexical
        order = [h.id for h in fusion.fuse(query, feats, engine.settings)]
        wins["engine"] += order.index("0") < order.index("1")
    return {k: round(v / max(1, len(triples)), 3) for k, v in wins.items()}


def print_folds(folds: Sequence[dict]) -> None:
    print(f"{'fold':>6s} {'C':>7s} | " + " | ".join(f"{WHO_LABEL[w]:^20s}" for w in WHO))
    print(f"{'':>6s} {'':>7s} | " + " | ".join(["NDCG10 NDCG30   P@5"] * 3))
    for f in folds:
        cells = " | ".join(" ".join(f"{f[w][m]:6.3f}" for m in training.METRICS) for w in WHO)
        print(f"{f['ridx']:>6s} {f['C']:7.4f} | {cells}")
    means = " | ".join(
        " ".join(f"{statistics.mean(f[w][m] for f in folds):6.3f}" for m in training.METRICS)
        for w in WHO
    )
    print(f"{'mean':>6s} {'':>7s} | {means}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--queries", type=int, default=None, help="use only the first N queries")
    parser.add_argument("--scm", type=int, default=0, help="also check on N SCM triples")
    parser.add_argument("--write", action="store_true", help="write the shipped model")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the features")
    args = parser.parse_args(argv)
    data = args.data or shared_data()
    if not (data / "lecard").is_dir():
        print(f"LeCaRD not found under {data}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.cache and args.cache.exists():
        prepared = pickle.loads(args.cache.read_bytes())[: args.queries]
    else:
        prepared = prepare(args.queries, data)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(prepared))
    print(f"features for {len(prepared)} queries in {time.perf_counter() - started:.1f}s")
    print(f"features: {', '.join(ltr.FEATURES)}")
    print_folds(training.cross_validate(prepared))
    if args.write or args.scm:
        c = training.choose_c(prepared)
        model = training.fit(prepared, c)
        coefs = ", ".join(f"{n}={v:+.4f}" for n, v in zip(ltr.FEATURES, model.coef, strict=True))
        print(f"final model: C={c}, coef {coefs}")
        if args.scm:
            print(f"SCM triples ({args.scm}): accuracy {scm_check(model, data, args.scm)}")
        if args.write:
            MODEL_PATH.write_text(
                model.to_json(
                    C=c,
                    trained_on="LeCaRD sample (10 queries x 100 candidates), pairwise logistic "
                    "regression; reproduce with benchmarks/train_similar_model.py --write",
                ),
                encoding="utf-8",
            )
            print(f"wrote {MODEL_PATH}")
    print(f"total {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
