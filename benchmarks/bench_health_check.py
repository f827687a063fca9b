"""Time to build the 涉诉法治体检报告 for one entity (synthetic input), as .docx and as PDF.

Run: ``.venv/bin/python benchmarks/bench_health_check.py [--sizes 200,2000] [--repeat N]
[--pdf-repeat N] [--json]``. Prints figures only; nothing is asserted.

Per size: ``compute`` (figures, incl. key-phrase extraction over the fact sections), ``docx``
(compute + four charts + the document, end to end as the page/CLI calls it) and ``pdf``
(docx + LibreOffice conversion, one fresh LibreOffice profile per conversion). Milliseconds,
mean ± standard deviation after one warm-up run. Input: ``sample_health_check_input`` (a
property-management company: 9 causes, ~1–2 problem sentences and noise per case).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fengqiao.documents.pdf import DocumentConversionError
from fengqiao.mining.health_check import (
    build_health_check_docx,
    build_health_check_pdf,
    compute_health_check,
    sample_health_check_input,
)


def timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    """Mean and standard deviation in milliseconds over ``repeat`` calls (one warm-up)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "mean_ms": round(statistics.mean(samples), 1),
        "sd_ms": round(statistics.pstdev(samples), 1),
        "n": repeat,
    }


def bench_size(n: int, repeat: int, pdf_repeat: int) -> dict[str, object]:
    inp = sample_health_check_input(n)
    data = build_health_check_docx(inp)
    out: dict[str, object] = {
        "cases": n,
        "docx_kb": round(len(data) / 1024, 1),
        "problems": len(compute_health_check(inp).problems),
        "compute": timed(lambda: compute_health_check(inp), repeat),
        "docx": timed(lambda: build_health_check_docx(inp), repeat),
    }
    if pdf_repeat > 0:
        with tempfile.TemporaryDirectory(prefix="bench-health-") as tmp:
            try:
                out["pdf"] = timed(lambda: build_health_check_pdf(inp, Path(tmp)), pdf_repeat)
            except DocumentConversionError as exc:
                out["pdf"] = None
                out["pdf_error"] = str(exc)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="200,2000", help="comma-separated case counts")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions for compute/docx")
    parser.add_argument("--pdf-repeat", type=int, default=3, help="PDF repetitions (0: skip)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "sizes": [bench_size(n, args.repeat, args.pdf_repeat) for n in sizes],
    }
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    print("涉诉法治体检报告 — generation time (ms, mean ± sd)")
    print(f"{'cases':>6} {'compute':>16} {'docx':>16} {'pdf':>16} {'docx KB':>8} {'problems':>8}")
    for row in results["sizes"]:

        def cell(key: str, row: dict = row) -> str:
            v = row.get(key)
            return "n/a" if not v else f"{v['mean_ms']:.0f} ± {v['sd_ms']:.0f}"

        print(
            f"{row['cases']:>6} {cell('compute'):>16} {cell('docx'):>16} {cell('pdf'):>16}"
            f" {row['docx_kb']:>8} {row['problems']:>8}"
        )
        if row.get("pdf_error"):
            print(f"       PDF: {row['pdf_error']}")


if __name__ == "__main__":
    main()
