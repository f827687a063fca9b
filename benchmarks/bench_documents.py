"""Timings of document generation, PDF conversion and the format checker.

Run: ``.venv/bin/python benchmarks/bench_documents.py [--docx N] [--pdf N] [--json]``.
Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fengqiao.documents.checker import check_docx
from fengqiao.documents.content import sample_notice_content, sample_suggestion_content
from fengqiao.documents.docx_writer import render_notice_docx, render_suggestion_docx, write_docx
from fengqiao.documents.pdf import DocumentConversionError, docx_to_pdf


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Mean and standard deviation in milliseconds over ``repeat`` calls (one warm-up)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.mean(samples), statistics.pstdev(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docx", type=int, default=50, help="repetitions for .docx and checker")
    parser.add_argument("--pdf", type=int, default=5, help="repetitions for PDF conversion")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    content = sample_suggestion_content()
    data = render_suggestion_docx(content)
    figures: dict[str, object] = {"docx_bytes": len(data)}
    figures["docx_ms"] = timed(lambda: render_suggestion_docx(content), args.docx)
    figures["docx_cover_ms"] = timed(lambda: render_suggestion_docx(content, cover=True), args.docx)
    figures["notice_docx_ms"] = timed(
        lambda: render_notice_docx(sample_notice_content()), args.docx
    )
    figures["check_ms"] = timed(lambda: check_docx(data), args.docx)

    with tempfile.TemporaryDirectory() as tmp:
        source = write_docx(data, Path(tmp) / "司法建议书.docx")
        try:
            figures["pdf_ms"] = timed(lambda: docx_to_pdf(source, Path(tmp) / "out"), args.pdf)
        except DocumentConversionError as exc:
            figures["pdf_ms"] = None
            figures["pdf_error"] = str(exc)

    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    labels = {
        "docx_ms": f"司法建议书 .docx 生成（{args.docx} 次平均）",
        "docx_cover_ms": f"含封面 .docx 生成（{args.docx} 次平均）",
        "notice_docx_ms": f"告知函 .docx 生成（{args.docx} 次平均）",
        "check_ms": f"格式检查，每份（{args.docx} 次平均）",
        "pdf_ms": f"PDF 转换 LibreOffice（{args.pdf} 次平均）",
    }
    print(f"司法建议书 .docx 大小：{figures['docx_bytes']} 字节")
    for key, label in labels.items():
        value = figures.get(key)
        if value is None:
            print(f"{label}：未测（{figures.get('pdf_error', '')}）")
        else:
            mean, sd = value
            print(f"{label}：{mean:.1f} ms ± {sd:.1f}")


if __name__ == "__main__":
    main()
