"""Format checker for 司法建议书 .docx files (法释〔2023〕11号 附件1 + GB/T 9704-2012).

``check_docx(path_or_bytes)`` reads any .docx — generated here or edited in Word/WPS —
and returns a :class:`CheckResult` whose errors say, in Chinese, what is wrong and where
(paragraph number and an excerpt).  An unreadable input (not a zip, zip bomb, no
word/document.xml, broken XML) gives one ``unreadable`` error and ``unreadable=True``;
:func:`fengqiao.documents.reader.read_docx` raises :class:`UnreadableDocument` instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from . import rules_content as content
from . import rules_format as fmt
from .reader import DocxModel, UnreadableDocument, read_docx
from .results import RULES, CheckError, CheckResult, Collector
from .structure import locate

__all__ = ["RULES", "CheckError", "CheckResult", "check_docx", "check_model"]


def check_model(model: DocxModel) -> CheckResult:
    c = Collector()
    layout = locate(model)
    fmt.check_page(c, model, layout)
    content.check_title(c, layout)
    year = content.check_number(c, layout)
    content.check_recipient(c, layout)
    content.check_structure(c, layout)
    fmt.check_body(c, model, layout)
    content.check_signature(c, layout, year)
    content.check_contact(c, layout)
    content.check_cc(c, layout)
    fmt.check_footers(c, model, layout)
    return c.result()


def check_docx(source: str | Path | bytes | BinaryIO) -> CheckResult:
    """Check a 司法建议书 .docx (path, bytes or binary file)."""
    try:
        model = read_docx(source)
    except UnreadableDocument as exc:
        return CheckResult([CheckError("unreadable", str(exc), "文件")], unreadable=True)
    return check_model(model)
