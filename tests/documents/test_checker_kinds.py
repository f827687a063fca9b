"""The checker knows each kind of document: 司法建议书, 告知函, 送达回证, 台账, 报告.

For each kind, the clean generated document triggers no rule, and for each new rule a
document broken in exactly one way triggers exactly that rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

import pytest
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from fengqiao.documents import blocks
from fengqiao.documents.checker import KINDS, RULES, SigningRecord, check_docx
from fengqiao.documents.cli import run_check
from fengqiao.documents.content import (
    sample_delivery_receipt_content,
    sample_notice_content,
    sample_register_extract_content,
    sample_suggestion_content,
)
from fengqiao.documents.docx_writer import (
    build_delivery_receipt_document,
    build_notice_document,
    build_register_extract_document,
    build_suggestion_document,
    document_bytes,
)
from fengqiao.documents.styles import S, add_page_numbers, new_document

from .conftest import find, remove, set_text

COURT = "江苏省连云港经济技术开发区人民法院"


def build_report() -> Document:
    """A short 报告 the way the report writers lay one out."""
    doc = new_document()
    add_page_numbers(doc.sections[0])
    blocks.add_title(doc, f"{COURT}关于连云港某某有限公司涉诉情况的法治体检报告")
    blocks.blank(doc)
    for text in (
        "一、基本情况",
        "2024年以来，本院共受理涉及该公司的案件36件，其中买卖合同纠纷21件，劳动争议9件，"
        "其他纠纷6件，案件数量较上年有所上升。",
        "二、意见建议",
        "建议该公司完善合同审查流程，规范劳动用工管理，建立涉诉风险定期研判机制。",
    ):
        blocks.para(doc, text, S.BODY)
    blocks.signature_block(doc, attachments=[], court_name=COURT, issued_on_text="2025年6月3日")
    return doc


def draft_suggestion() -> Document:
    content = sample_suggestion_content()
    content.consultation_draft = True
    return build_suggestion_document(content, strict=False)


BUILDERS: dict[str, Callable[[], Document]] = {
    "suggestion": lambda: build_suggestion_document(sample_suggestion_content()),
    "suggestion_cover": lambda: build_suggestion_document(sample_suggestion_content(), cover=True),
    "suggestion_draft": draft_suggestion,
    "notice": lambda: build_notice_document(sample_notice_content()),
    "receipt": lambda: build_delivery_receipt_document(sample_delivery_receipt_content()),
    "register": lambda: build_register_extract_document(sample_register_extract_content()),
    "report": build_report,
}
KIND_OF = {
    "suggestion": "suggestion",
    "suggestion_cover": "suggestion",
    "suggestion_draft": "suggestion",
    "notice": "notice",
    "receipt": "receipt",
    "register": "register",
    "report": "report",
}


def check(doc: Document, **kwargs):
    return check_docx(document_bytes(doc), **kwargs)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_clean_generated_document_is_detected_and_passes(name):
    result = check(BUILDERS[name]())
    assert result.kind == KIND_OF[name]
    assert result.errors == []


def test_a_notice_is_not_held_to_the_suggestion_rules():
    as_notice = check(BUILDERS["notice"]())
    assert as_notice.ok
    forced = check(BUILDERS["notice"](), kind="suggestion")
    assert {"doc_number_fajian", "missing_problems"} <= forced.codes


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="未知的文书种类"):
        check(BUILDERS["notice"](), kind="memo")
    assert set(KINDS) == {"suggestion", "notice", "receipt", "register", "report"}


# ---- single-rule broken documents ----------------------------------------------------------------


def _allow_hanging(doc: Document) -> None:
    ppr = doc.styles["Normal"].element.get_or_add_pPr()
    ppr.find(qn("w:overflowPunct")).set(qn("w:val"), "1")


def _cc_before_contact(doc: Document) -> None:
    cc = find(doc, "抄送")
    contact = find(doc, "联系人")
    contact._p.addprevious(copy.deepcopy(cc._p))
    remove(cc)


def _mark_as_draft(doc: Document) -> None:
    title = next(p for p in doc.paragraphs if p.text.strip())
    mark = copy.deepcopy(title._p)
    title._p.addprevious(mark)
    for t in mark.iter(qn("w:t")):
        t.text = ""
    next(mark.iter(qn("w:t"))).text = "征求意见稿"


def _drop_paragraph(prefix: str) -> Callable[[Document], None]:
    return lambda doc: remove(find(doc, prefix))


def _notice_title_without_han(doc: Document) -> None:
    title = next(p for p in doc.paragraphs if p.text.strip())
    set_text(title, f"{COURT}关于征求司法建议书意见的通知")


def _report_title(doc: Document) -> None:
    title = next(p for p in doc.paragraphs if p.text.strip())
    set_text(title, f"{COURT}法治体检报告")


def _wrap_register_label(doc: Document) -> None:
    cell = doc.tables[0].rows[0].cells[0]
    p = cell.paragraphs[0]
    set_text(p, "建议书编")
    extra = copy.deepcopy(p._p)
    p._p.addnext(extra)
    next(extra.iter(qn("w:t"))).text = "号"


def _narrow_label_column(doc: Document) -> None:
    """A 7-character label in a column with room for 6 小4号 characters: “日” alone."""
    from docx.shared import Mm

    from fengqiao.documents.styles import set_table_widths

    table = doc.tables[0]
    set_text(table.rows[2].cells[0].paragraphs[0], "答复期限届满日")  # was 类别
    set_table_widths(table, [Mm(30), Mm(126)])


def _drop_receipt_field(doc: Document) -> None:
    remove(find(doc, "填发人"))


def _drop_table_row(label: str) -> Callable[[Document], None]:
    def mutate(doc: Document) -> None:
        for row in doc.tables[0].rows:
            if row.cells[0].text.replace("\n", "") == label:
                row._tr.getparent().remove(row._tr)
                return
        raise AssertionError(label)

    return mutate


SIGNED = SigningRecord(signed_on=date(2025, 3, 5), draft=False)
BROKEN: dict[str, tuple[str, Callable[[Document], None], SigningRecord | None, set[str]]] = {
    "suggestion_hanging": ("suggestion", _allow_hanging, None, {"hanging_punctuation"}),
    "suggestion_cc_first": ("suggestion", _cc_before_contact, None, {"cc_before_contact"}),
    "suggestion_other_date": (
        "suggestion",
        lambda d: None,
        SigningRecord(signed_on=date(2025, 3, 6)),
        {"date_not_signing_date"},
    ),
    "suggestion_signed_matches": ("suggestion", lambda d: None, SIGNED, set()),
    "suggestion_draft_unmarked": (
        "suggestion",
        lambda d: None,
        SigningRecord(draft=True),
        {"draft_unmarked"},
    ),
    "suggestion_marked_with_date": (
        "suggestion",
        _mark_as_draft,
        None,
        {"draft_with_signature"},
    ),
    "draft_checked_as_signed": (
        "suggestion_draft",
        lambda d: None,
        SIGNED,
        {"signed_marked_draft"},
    ),
    "draft_checked_as_draft": (
        "suggestion_draft",
        lambda d: None,
        SigningRecord(draft=True),
        set(),
    ),
    "notice_hanging": ("notice", _allow_hanging, None, {"hanging_punctuation"}),
    "notice_title": ("notice", _notice_title_without_han, None, {"title_form"}),
    "notice_other_date": (
        "notice",
        lambda d: None,
        SigningRecord(signed_on=date(2025, 2, 15)),
        {"date_not_signing_date"},
    ),
    "receipt_no_issuer": ("receipt", _drop_receipt_field, None, {"form_missing_field"}),
    "receipt_no_seal": ("receipt", _drop_paragraph("（院印）"), None, {"form_missing_field"}),
    "receipt_no_place": ("receipt", _drop_table_row("送达地点"), None, {"form_missing_field"}),
    "register_label_wrapped": ("register", _wrap_register_label, None, {"form_label_wrapped"}),
    "register_label_too_narrow": (
        "register",
        _narrow_label_column,
        None,
        {"form_label_wrapped"},
    ),
    "register_no_date_row": ("register", _drop_table_row("成文日期"), None, {"form_missing_field"}),
    "register_no_unit": ("register", _drop_paragraph("填报单位"), None, {"form_missing_field"}),
    "report_title": ("report", _report_title, None, {"title_form"}),
    "report_hanging": ("report", _allow_hanging, None, {"hanging_punctuation"}),
    "report_other_date": (
        "report",
        lambda d: None,
        SigningRecord(signed_on=date(2025, 6, 4)),
        {"date_not_signing_date"},
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_new_rule_on_its_own(name):
    base, mutate, record, expected = BROKEN[name]
    doc = BUILDERS[base]()
    mutate(doc)
    result = check(doc, record=record)
    assert result.kind == KIND_OF[base]
    assert result.codes == expected, [(e.code, e.where, e.message) for e in result.errors]
    for error in result.errors:
        assert error.code in RULES and error.message and error.where


def test_cli_takes_the_kind(tmp_path):
    import io

    path = tmp_path / "告知函.docx"
    path.write_bytes(document_bytes(BUILDERS["notice"]()))
    out = io.StringIO()
    assert run_check(path, out=out) == 0
    assert "按告知函（函）检查" in out.getvalue()
    out = io.StringIO()
    assert run_check(path, out=out, kind="suggestion") == 1
    assert "doc_number_fajian" in out.getvalue()


def test_overflow_punct_read_from_the_style_chain():
    from fengqiao.documents.reader import read_docx

    doc = BUILDERS["suggestion"]()
    body = next(p for p in read_docx(document_bytes(doc)).paragraphs if len(p.text) > 40)
    assert body.overflow_punct is False
    ppr = doc.styles["Normal"].element.get_or_add_pPr()
    ppr.remove(ppr.find(qn("w:overflowPunct")))
    body = next(p for p in read_docx(document_bytes(doc)).paragraphs if len(p.text) > 40)
    assert body.overflow_punct is True
    assert OxmlElement  # imported for the mutations above
