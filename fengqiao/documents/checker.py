"""Format checker for the court's documents (法释〔2023〕11号 附件1 + GB/T 9704-2012).

``check_docx(path_or_bytes, kind=None, record=None)`` reads any .docx — generated here or
edited in Word/WPS — and returns a :class:`CheckResult` whose errors say, in Chinese, what
is wrong and where (paragraph number and an excerpt).  The document's kind (司法建议书,
告知函, 送达回证, 台账, 报告 — :data:`KINDS`) is detected from its title and 文号 unless
given, and only that kind's rules run: a 告知函 is not asked for “法建” or a problem list.
``record`` (:class:`SigningRecord`: the signing date, whether it is a draft) adds the rules
that compare the document with the register.  An unreadable input (not a zip, zip bomb, no
word/document.xml, broken XML) gives one ``unreadable`` error and ``unreadable=True``;
:func:`fengqiao.documents.reader.read_docx` raises :class:`UnreadableDocument` instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from . import rules_content as content
from . import rules_format as fmt
from . import rules_kinds as kinds
from .reader import DocxModel, UnreadableDocument, read_docx
from .results import RULES, CheckError, CheckResult, Collector
from .rules_kinds import KINDS, SigningRecord, detect_kind
from .structure import locate

__all__ = [
    "KINDS",
    "RULES",
    "CheckError",
    "CheckResult",
    "SigningRecord",
    "check_docx",
    "check_model",
    "detect_kind",
]


def _check_suggestion(c: Collector, model: DocxModel, record: SigningRecord | None) -> None:
    layout = locate(model)
    fmt.check_page(c, model, layout)
    content.check_title(c, layout)
    year = content.check_number(c, layout) if not kinds.draft_marked(model) else None
    content.check_recipient(c, layout)
    content.check_structure(c, layout)
    fmt.check_body(c, model, layout)
    if kinds.draft_marked(model) is None:
        content.check_signature(c, layout, year)
    content.check_contact(c, layout)
    content.check_cc(c, layout)
    fmt.check_footers(c, model, layout)
    _shared(c, model, layout, record)


def _check_notice(c: Collector, model: DocxModel, record: SigningRecord | None) -> None:
    suffix = kinds.notice_suffix(model)
    layout = locate(model, title_suffix=suffix)
    fmt.check_page(c, model, layout)
    kinds.check_letter_title(c, layout, suffix=suffix, what=suffix)
    year = kinds.check_notice_number(c, layout)
    content.check_recipient(c, layout)
    fmt.check_body(c, model, layout)
    content.check_signature(c, layout, year)
    content.check_cc(c, layout)
    fmt.check_footers(c, model, layout)
    _shared(c, model, layout, record)


def _check_report(c: Collector, model: DocxModel, record: SigningRecord | None) -> None:
    layout = locate(model, title_suffix="报告")
    fmt.check_page(c, model, layout)
    kinds.check_letter_title(c, layout, suffix="报告", what="报告")
    content.check_signature(c, layout, None)
    fmt.check_footers(c, model, layout)
    _shared(c, model, layout, record)


def _check_receipt(c: Collector, model: DocxModel, record: SigningRecord | None) -> None:
    kinds.check_receipt(c, model)


def _check_register(c: Collector, model: DocxModel, record: SigningRecord | None) -> None:
    kinds.check_register(c, model)


def _shared(c: Collector, model: DocxModel, layout, record: SigningRecord | None) -> None:
    kinds.check_hanging_punctuation(c, layout)
    kinds.check_cc_order(c, layout)
    kinds.check_draft(c, model, layout, record)
    kinds.check_record_date(c, layout, record)


_BY_KIND = {
    kinds.SUGGESTION: _check_suggestion,
    kinds.NOTICE: _check_notice,
    kinds.REPORT: _check_report,
    kinds.RECEIPT: _check_receipt,
    kinds.REGISTER: _check_register,
}


def check_model(
    model: DocxModel, *, kind: str | None = None, record: SigningRecord | None = None
) -> CheckResult:
    if kind is not None and kind not in KINDS:
        raise ValueError(f"未知的文书种类：{kind}（可选：{'、'.join(KINDS)}）")
    kind = kind or detect_kind(model)
    c = Collector()
    _BY_KIND[kind](c, model, record)
    result = c.result()
    result.kind = kind
    return result


def check_docx(
    source: str | Path | bytes | BinaryIO,
    *,
    kind: str | None = None,
    record: SigningRecord | None = None,
) -> CheckResult:
    """Check a .docx (path, bytes or binary file) as ``kind`` (detected when None)."""
    try:
        model = read_docx(source)
    except UnreadableDocument as exc:
        return CheckResult([CheckError("unreadable", str(exc), "文件")], unreadable=True)
    return check_model(model, kind=kind, record=record)
