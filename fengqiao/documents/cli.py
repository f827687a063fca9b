"""Plain-Python entry points behind ``documents check`` and ``documents demo``.

Usable without Django: ``python -m fengqiao.documents check FILE.docx [--json]``.
Exit codes of ``check``: 0 clean, 1 format errors, 2 unreadable.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

from .checker import KINDS, CheckResult, check_docx
from .content import (
    sample_delivery_receipt_content,
    sample_notice_content,
    sample_register_extract_content,
    sample_suggestion_content,
)
from .docx_writer import (
    render_delivery_receipt_docx,
    render_notice_docx,
    render_register_extract_docx,
    render_suggestion_docx,
    write_docx,
)
from .pdf import DocumentConversionError, docx_to_pdf

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
KIND_HELP = "文书种类（默认按标题和文号识别）：" + "，".join(f"{k}={v}" for k, v in KINDS.items())


def exit_code(result: CheckResult) -> int:
    if result.unreadable:
        return EXIT_UNREADABLE
    return EXIT_OK if result.ok else EXIT_ERRORS


def format_result(result: CheckResult, name: str) -> str:
    if result.unreadable:
        return f"{name}：无法读取。{result.errors[0].message}"
    kind = f"（按{KINDS[result.kind]}检查）" if result.kind in KINDS else ""
    if result.ok:
        return f"{name}{kind}：格式检查通过，未发现问题。"
    lines = [f"{name}{kind}：发现 {len(result.errors)} 处格式问题："]
    for i, error in enumerate(result.errors, start=1):
        lines.append(f"{i}. [{error.code}] {error.where}：{error.message}")
    return "\n".join(lines)


def run_check(
    path: str | Path, *, as_json: bool = False, out: TextIO | None = None, kind: str | None = None
) -> int:
    out = out or sys.stdout
    result = check_docx(Path(path), kind=kind)
    if as_json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(format_result(result, Path(path).name) + "\n")
    return exit_code(result)


DEMO_DOCX = {
    "司法建议书.docx": lambda: render_suggestion_docx(sample_suggestion_content()),
    "司法建议书（含封面）.docx": lambda: render_suggestion_docx(
        sample_suggestion_content(), cover=True
    ),
    "告知函.docx": lambda: render_notice_docx(sample_notice_content()),
    "送达回证.docx": lambda: render_delivery_receipt_docx(sample_delivery_receipt_content()),
    "台账摘录.docx": lambda: render_register_extract_docx(sample_register_extract_content()),
}
DEMO_PDF = tuple(DEMO_DOCX)


def run_demo(out_dir: str | Path, *, pdf: bool = True, out: TextIO | None = None) -> list[Path]:
    """Write the demo documents; PDFs are converted in parallel (private soffice profiles)."""
    out = out or sys.stdout
    target = Path(out_dir)
    written = [write_docx(render(), target / name) for name, render in DEMO_DOCX.items()]
    if pdf:
        sources = [target / name for name in DEMO_PDF]
        with ThreadPoolExecutor(max_workers=len(sources)) as pool:
            written += list(pool.map(lambda src: docx_to_pdf(src, target), sources))
    for path in written:
        out.write(f"已生成：{path}\n")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fengqiao.documents", description="公文生成与格式检查"
    )
    sub = parser.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="检查公文 .docx 的格式")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--kind", choices=list(KINDS), help=KIND_HELP)
    demo = sub.add_parser("demo", help="生成示例文书")
    demo.add_argument("--out", required=True)
    demo.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    args = parser.parse_args(argv)
    if args.action == "check":
        return run_check(args.file, as_json=args.json, kind=args.kind)
    try:
        run_demo(args.out, pdf=not args.no_pdf)
    except DocumentConversionError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_ERRORS
    return EXIT_OK
