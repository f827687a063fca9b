"""Similar-case retrieval quality on LeCaRD (10 dev queries, 100 candidates each).

Query input = the query's fact text (``q``); candidates = full judgments (``qw``) that go
through the corpus parser exactly as in ``similar-rank``. Graded labels 0-3 for the top-30
pool (unlisted = 0), linear gain: NDCG@10, NDCG@30, P@5 (label 3 counts as relevant).

    .venv/bin/python benchmarks/bench_similar_quality.py [--ablations] [--index] [--json]

The engine orders candidates with the ranking model of fengqiao/mining/similar/ltr.py, whose
weights were fitted on these ten queries: its figures here are IN-SAMPLE. The out-of-sample
figures (leave-one-query-out, per fold) come from benchmarks/train_similar_model.py. The row
"SimilarEngine (CombSUM)" is the engine without the model (a-priori settings in fusion.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import rjieba

from fengqiao.mining.similar import _textlaw
from fengqiao.mining.similar.bm25 import BM25
from fengqiao.mining.similar.engine import CandidateDoc, SimilarEngine
from fengqiao.mining.similar.fusion import FusionSettings
from fengqiao.mining.similar.index import SimilarIndex
from fengqiao.mining.similar.metrics import ndcg_at_k, precision_at_k
from fengqiao.mining.similar.profile import fact_text

TARGETS = {"ndcg@10": 0.80, "ndcg@30": 0.90, "p@5": 0.50}
Ranker = Callable[[str, dict[str, str]], list[str]]


def shared_data() -> Path:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass(frozen=True)
class Query:
    ridx: str
    facts: str
    crime: tuple[str, ...]
    candidates: dict[str, str]  # id -> full text (qw)
    labels: dict[str, int]


def load_lecard(root: Path) -> list[Query]:
    lecard = root / "lecard"
    labels = json.loads((lecard / "split" / "label_top30_dict_dev10.json").read_text("utf-8"))
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    with tarfile.open(lecard / "candidates" / "candidates_dev10.tar.xz") as archive:
        for member in archive:
            if not (member.isfile() and member.name.endswith(".json")):
                continue
            _, ridx, name = member.name.split("/")
            handle = archive.extractfile(member)
            assert handle is not None
            texts[ridx][name[: -len(".json")]] = json.load(handle)["qw"]
    queries = []
    for line in (lecard / "split" / "query_dev10.json").read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            ridx = str(row["ridx"])
            queries.append(
                Query(ridx, row["q"], tuple(row["crime"]), texts[ridx], labels.get(ridx, {}))
            )
    return queries


def facts_section(text: str) -> str:
    """The parser's 经审理查明 section alone (claims when there is none)."""
    sections = _textlaw.parse(text).sections
    return sections.get("facts") or sections.get("claims") or text


def narrative(text: str) -> str:
    """What the engine indexes: claims + findings (see profile.fact_text)."""
    return fact_text(text)[0]


def rjieba_tokens(text: str) -> list[str]:
    """Plain rjieba words without whitespace/punctuation (no legal dictionary, no stopwords)."""
    return [w for w in rjieba.cut(text) if re.search(r"\w", w)]


def bm25_ranker(section: Callable[[str], str]) -> Ranker:
    """Baseline: plain BM25 (k1=1.2, b=0.75) over rjieba tokens of a candidate section."""

    def rank(query: str, candidates: dict[str, str]) -> list[str]:
        ids = sorted(candidates)
        docs = [Counter(rjieba_tokens(section(candidates[i]))) for i in ids]
        scores = BM25(docs).scores(Counter(rjieba_tokens(query)))
        return [i for _, i in sorted(zip(scores, ids, strict=True), key=lambda p: (-p[0], p[1]))]

    return rank


def engine_ranker(engine: SimilarEngine) -> Ranker:
    def rank(query: str, candidates: dict[str, str]) -> list[str]:
        docs = [CandidateDoc(i, t) for i, t in sorted(candidates.items())]
        return [hit.id for hit in engine.rank(query, docs)]

    return rank


def index_ranker(query: str, candidates: dict[str, str]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        index = SimilarIndex(tmp)
        index.add_many(CandidateDoc(i, t) for i, t in sorted(candidates.items()))
        hits = index.search(query, k=len(candidates))
    return [hit.id for hit in hits]


def evaluate(name: str, ranker: Ranker, queries: Sequence[Query]) -> dict[str, object]:
    started = time.perf_counter()
    per_query = {}
    for q in queries:
        ranking = ranker(q.facts, q.candidates)
        per_query[q.ridx] = {
            "ndcg@10": ndcg_at_k(ranking, q.labels, 10),
            "ndcg@30": ndcg_at_k(ranking, q.labels, 30),
            "p@5": precision_at_k(ranking, q.labels, 5, min_label=3),
        }
    means = {m: statistics.mean(v[m] for v in per_query.values()) for m in TARGETS}
    return {
        "name": name,
        **means,
        "seconds": time.perf_counter() - started,
        "per_query": per_query,
    }


def run_cli_check(query: Query) -> dict[str, object]:
    """Export one query as .txt files, run the CLI in a subprocess, compare with the engine."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "query.txt").write_text(query.facts, encoding="utf-8")
        cand_dir = root / "candidates"
        cand_dir.mkdir()
        for cid, text in query.candidates.items():
            (cand_dir / f"{cid}.txt").write_text(text, encoding="utf-8")
        cmd = [sys.executable, "-m", "fengqiao.mining.similar.cli"]
        cmd += ["--query", str(root / "query.txt"), "--candidates", str(cand_dir)]
        output = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        as_json = subprocess.run([*cmd, "--json"], check=True, capture_output=True, text=True)
    cli_ranking = output.split()
    engine_ranking = engine_ranker(SimilarEngine())(query.facts, query.candidates)
    return {
        "ridx": query.ridx,
        "matches_engine": cli_ranking == engine_ranking,
        "json_ids_match": [h["id"] for h in json.loads(as_json.stdout)] == cli_ranking,
        "ndcg@30": ndcg_at_k(cli_ranking, query.labels, 30),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data dir")
    parser.add_argument("--ablations", action="store_true", help="also run ablated engines")
    parser.add_argument("--index", action="store_true", help="also rank through SimilarIndex")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = args.data or shared_data()
    if not (data / "lecard").is_dir():
        print(f"LeCaRD not found under {data} (set FENGQIAO_SHARED_DATA)", file=sys.stderr)
        return 2
    queries = load_lecard(data)
    runs = [
        evaluate("SimilarEngine (model, in-sample)", engine_ranker(SimilarEngine()), queries),
        evaluate(
            "SimilarEngine (CombSUM)",
            engine_ranker(SimilarEngine(FusionSettings(use_model=False))),
            queries,
        ),
        evaluate("BM25 (rjieba, facts section)", bm25_ranker(facts_section), queries),
        evaluate("BM25 (rjieba, claims+facts)", bm25_ranker(narrative), queries),
    ]
    if args.index:
        runs.append(evaluate("SimilarIndex (tantivy)", index_ranker, queries))
    if args.ablations:
        lexical_only = FusionSettings(label_weight=0.0, use_model=False)
        no_feedback = FusionSettings(feedback_depth=0, use_model=False)
        runs += [
            evaluate(
                "  - no legal-term boost",
                engine_ranker(SimilarEngine(FusionSettings(use_model=False), legal_term_boost=1.0)),
                queries,
            ),
            evaluate("  - lexical only", engine_ranker(SimilarEngine(lexical_only)), queries),
            evaluate(
                "  - no feedback (mentions only)",
                engine_ranker(SimilarEngine(no_feedback)),
                queries,
            ),
        ]
    cli = run_cli_check(queries[0])
    if args.json:
        print(json.dumps({"backend": _textlaw.BACKEND, "runs": runs, "cli": cli}, indent=1))
        return 0
    print(f"LeCaRD dev10: {len(queries)} queries x 100 candidates ({_textlaw.BACKEND})")
    print(f"{'ranker':34s} {'NDCG@10':>8s} {'NDCG@30':>8s} {'P@5':>6s} {'sec':>6s}")
    for run in runs:
        print(
            f"{run['name']:34s} {run['ndcg@10']:8.3f} {run['ndcg@30']:8.3f} {run['p@5']:6.3f}"
            f" {run['seconds']:6.1f}"
        )
    print("targets: " + ", ".join(f"{m} >= {v}" for m, v in TARGETS.items()))
    engine = runs[0]
    print(
        "per query NDCG@30 (engine):",
        " ".join(
            f"{r}:{v['ndcg@30']:.2f}"
            for r, v in engine["per_query"].items()  # type: ignore[union-attr]
        ),
    )
    print(
        f"CLI end-to-end on query {cli['ridx']} (.txt files, subprocess): "
        f"same ranking as engine: {cli['matches_engine']}, --json ids agree: "
        f"{cli['json_ids_match']}, NDCG@30 {cli['ndcg@30']:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
