"""SimilarIndex build throughput, top-30 latency and index size over generated judgments.

    .venv/bin/python benchmarks/bench_similar_speed.py --n 1000000 [--workers 2] [--json]

Documents come from the project's judgment generator (streamed, bounded memory). Queries are
200 full judgments from a different seed (not in the index); latency covers parsing the query
and the whole search (both first-stage queries and the re-ranking).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from fengqiao.mining.similar import _textlaw
from fengqiao.mining.similar.engine import CandidateDoc
from fengqiao.mining.similar.index import SimilarIndex


def documents(n: int, seed: int) -> Iterator[CandidateDoc]:
    for i, text in enumerate(_textlaw.generate_judgments(n, seed=seed)):
        yield CandidateDoc(id=f"s{seed}-{i}", text=text)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    pos = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[pos]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Progress:
    def __init__(self, total: int, quiet: bool) -> None:
        self.total = total
        self.quiet = quiet
        self.started = time.perf_counter()
        self.step = max(1, total // 100)

    def __call__(self, done: int) -> None:
        if self.quiet or (done % self.step and done != self.total):
            return
        elapsed = time.perf_counter() - self.started
        rate = done / elapsed if elapsed else 0.0
        eta = (self.total - done) / rate if rate else 0.0
        print(
            f"  indexed {done:>9,}/{self.total:,} ({100 * done / self.total:5.1f}%) "
            f"{rate:7.0f} docs/s, eta {eta / 60:5.1f} min, max RSS {rss_mb():.0f} MB",
            file=sys.stderr,
            flush=True,
        )


def run(args: argparse.Namespace) -> dict[str, object]:
    tmp = None
    if args.path is None:
        tmp = tempfile.mkdtemp(prefix="similar-bench-")
        path = Path(tmp)
    else:
        path = Path(args.path)
        if path.exists() and not args.reuse:
            shutil.rmtree(path)
    try:
        index = SimilarIndex(path)
        build_seconds = 0.0
        if not (args.reuse and len(index) >= args.n):
            started = time.perf_counter()
            index.add_many(
                documents(args.n, seed=0),
                workers=args.workers,
                progress=Progress(args.n, args.json),
            )
            build_seconds = time.perf_counter() - started
        queries = [doc.text for doc in documents(args.queries + args.warmup, seed=1)]
        for text in queries[: args.warmup]:
            index.search(text, k=args.k)
        latencies = []
        hit_counts = []
        for text in queries[args.warmup :]:
            started = time.perf_counter()
            hits = index.search(text, k=args.k)
            latencies.append((time.perf_counter() - started) * 1000)
            hit_counts.append(len(hits))
        return {
            "n_docs": len(index),
            "backend": _textlaw.BACKEND,
            "workers": args.workers,
            "build_seconds": round(build_seconds, 1),
            "build_docs_per_second": round(args.n / build_seconds) if build_seconds else None,
            "index_bytes": index.size_on_disk(),
            "queries": len(latencies),
            "k": args.k,
            "mean_hits": statistics.mean(hit_counts) if hit_counts else 0,
            "latency_ms_p50": round(percentile(latencies, 50), 2),
            "latency_ms_p95": round(percentile(latencies, 95), 2),
            "latency_ms_max": round(max(latencies), 2),
            "max_rss_mb": round(rss_mb()),
        }
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="documents to index")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--k", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="processes for parsing")
    parser.add_argument("--path", default=None, help="index directory (default: temp dir)")
    parser.add_argument("--reuse", action="store_true", help="reuse an index already at --path")
    parser.add_argument("--keep", action="store_true", help="keep the temp index")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"SimilarIndex over {result['n_docs']:,} generated judgments ({result['backend']})")
    if result["build_seconds"]:
        print(
            f"  build: {result['build_seconds']} s ({result['build_docs_per_second']} docs/s, "
            f"{result['workers']} workers)"
        )
    print(f"  index size on disk: {result['index_bytes'] / 1e6:.1f} MB")
    print(
        f"  top-{result['k']} latency over {result['queries']} full-judgment queries: "
        f"p50 {result['latency_ms_p50']} ms, p95 {result['latency_ms_p95']} ms, "
        f"max {result['latency_ms_max']} ms (target p95 <= 100 ms at 1M)"
    )
    print(f"  max RSS: {result['max_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
