"""End-to-end import throughput (parse + database + full-text index).

    python benchmarks/bench_import.py --n 100000                       # SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fq_bench python benchmarks/bench_import.py --n 100000
    python benchmarks/bench_import.py --lecard                          # the real LeCaRD judgments

Generates a corpus with the project's generator, runs ``fengqiao import-cases`` in a fresh
process against a fresh database, and prints judgments/s, peak memory and sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FENGQIAO_SHARED_DATA", ROOT.parent / "shared" / "data"))


def write_generated(path: Path, n: int) -> None:
    from fengqiao.demo.generator import generate_judgments

    with open(path, "w", encoding="utf-8") as handle:
        for text in generate_judgments(n, seed=2026):
            handle.write(json.dumps({"fullText": text}, ensure_ascii=False) + "\n")


def write_lecard(folder: Path) -> int:
    archive = SHARED / "lecard" / "candidates" / "candidates_dev10.tar.xz"
    count = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".json"):
                data = tar.extractfile(member).read()
                (folder / member.name.replace("/", "_")).write_bytes(data)
                count += 1
    return count


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--lecard", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fq-bench-") as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        if args.lecard:
            n = write_lecard(corpus)
        else:
            n = args.n
            write_generated(corpus / "cases.jsonl", n)
        env = {**os.environ, "FENGQIAO_DATA_DIR": str(tmp_path / "data")}
        fq = [sys.executable, "-m", "fengqiao.cli"]
        run([*fq, "migrate", "--noinput", "-v0"], env)
        run(
            [
                *fq,
                "shell",
                "-v",
                "0",
                "-c",
                "from fengqiao.courts.services import court_create as c;"
                "h=c(name='基准高院',code='基',level='high');"
                "c(name='基准法院',code='基0001',level='basic',parent=h)",
            ],
            env,
        )
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = run(
            [
                *fq,
                "import-cases",
                str(corpus),
                "--court",
                "基0001",
                "--json",
                "--workers",
                str(args.workers),
                "--batch-size",
                "1000",
            ],
            env,
        )
        elapsed = time.perf_counter() - start
        peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        figures = {
            "database": "postgresql" if "DATABASE_URL" in env else "sqlite",
            "documents": n,
            "seconds": round(elapsed, 1),
            "docs_per_second": round(n / elapsed, 1),
            "projected_hours_for_1m": round(1_000_000 / (n / elapsed) / 3600, 2),
            "peak_rss_mb": round(peak_kb / 1024, 1),
            "index_mb": round(du(tmp_path / "data" / "index") / 1e6, 1),
            "summary": summary,
        }
        if args.json:
            print(json.dumps(figures, ensure_ascii=False))
        else:
            for key, value in figures.items():
                print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
