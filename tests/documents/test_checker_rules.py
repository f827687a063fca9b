"""Each rule broken on its own, in an otherwise clean generated letter, gives its code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt

from fengqiao.documents.checker import RULES, check_docx
from fengqiao.documents.content import Item, sample_suggestion_content
from fengqiao.documents.docx_writer import build_suggestion_document, document_bytes

from .conftest import find, remove, set_east_asia, set_text

TITLE = "江苏省连云港经济技术开发区人民法院"
NUMBER = "连开法建"
RECIPIENT = "连云港市住房"
BACKGROUND = "物业管理事关"
DATE = "2025年3月5日"


def _title(doc: Document):
    return doc.paragraphs[0]


def _court(doc: Document):
    return next(p for p in doc.paragraphs if p.text == TITLE)


def _number(doc: Document, text: str) -> None:
    set_text(find(doc, NUMBER), text)


def _date(doc: Document, text: str) -> None:
    set_text(find(doc, DATE), text)


def _runs_size(p, size: float) -> None:
    for run in p.runs:
        run.font.size = Pt(size)


def _move_attachments_after_date(doc: Document) -> None:
    first = find(doc, "附件：")
    second = find(doc, "2.典型案例")
    date_el = find(doc, DATE)._element
    date_el.addnext(second._element)
    date_el.addnext(first._element)


def _remove_suggestions(doc: Document) -> None:
    texts = [p for p in doc.paragraphs]
    start = next(i for i, p in enumerate(texts) if p.text == "二、司法建议")
    for p in texts[start : start + 5]:
        remove(p)


def _clear_footers(doc: Document) -> None:
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        for p in footer.paragraphs:
            for child in list(p._p):
                if child.tag != qn("w:pPr"):
                    p._p.remove(child)


def _footer_runs(doc: Document, fn: Callable) -> None:
    for run in doc.sections[0].footer.paragraphs[0].runs:
        fn(run)


def _strip_dashes(doc: Document) -> None:
    for footer in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        for run in footer.paragraphs[0].runs:
            if "—" in run.text:
                run.text = run.text.replace("—", "").strip()


MUTATIONS: dict[str, tuple[Callable[[Document], None], set[str]]] = {
    "margin_top_30mm": (lambda d: setattr(d.sections[0], "top_margin", Mm(30)), {"page_margin"}),
    "margin_left_25mm": (lambda d: setattr(d.sections[0], "left_margin", Mm(25)), {"page_margin"}),
    "letter_paper": (
        lambda d: (
            setattr(d.sections[0], "page_width", Inches(8.5)),
            setattr(d.sections[0], "page_height", Inches(11)),
        ),
        {"page_size"},
    ),
    "title_font_songti": (lambda d: set_east_asia(_title(d), "宋体"), {"title_font"}),
    "title_18pt": (lambda d: _runs_size(_title(d), 18), {"title_size"}),
    "title_left": (
        lambda d: setattr(_title(d), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        {"title_alignment"},
    ),
    "title_without_guanyu": (
        lambda d: set_text(_title(d), TITLE + "司法建议书"),
        {"title_form"},
    ),
    "title_missing": (lambda d: remove(_title(d)), {"missing_title"}),
    "number_round_brackets": (lambda d: _number(d, "连开法建（2025）3号"), {"doc_number_brackets"}),
    "number_with_di": (lambda d: _number(d, "连开法建〔2025〕第3号"), {"doc_number_di"}),
    "number_leading_zero": (
        lambda d: _number(d, "连开法建〔2025〕03号"),
        {"doc_number_leading_zero"},
    ),
    "number_year_differs_from_date": (
        lambda d: _number(d, "连开法建〔2024〕3号"),
        {"doc_number_year_mismatch"},
    ),
    "number_year_implausible": (
        lambda d: _number(d, "连开法建〔1925〕3号"),
        {"doc_number_year", "doc_number_year_mismatch"},
    ),
    "number_two_digit_year": (lambda d: _number(d, "连开法建〔25〕3号"), {"doc_number_year"}),
    "number_without_fajian": (lambda d: _number(d, "连开〔2025〕3号"), {"doc_number_fajian"}),
    "number_without_place": (lambda d: _number(d, "法建〔2025〕3号"), {"doc_number_place"}),
    "number_missing": (lambda d: remove(find(d, NUMBER)), {"missing_doc_number"}),
    "number_left": (
        lambda d: setattr(find(d, NUMBER), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        {"doc_number_alignment"},
    ),
    "recipient_halfwidth_colon": (
        lambda d: set_text(find(d, RECIPIENT), "连云港市住房和城乡建设局:"),
        {"recipient_colon"},
    ),
    "recipient_indented": (
        lambda d: setattr(find(d, RECIPIENT).paragraph_format, "first_line_indent", Pt(32)),
        {"recipient_indent"},
    ),
    "recipient_missing": (lambda d: remove(find(d, RECIPIENT)), {"missing_recipient"}),
    "background_missing": (
        lambda d: (remove(find(d, BACKGROUND)), remove(find(d, "2023年以来"))),
        {"missing_background"},
    ),
    "suggestions_missing": (_remove_suggestions, {"missing_suggestions"}),
    "reply_sentence_missing": (lambda d: remove(find(d, "请你单位")), {"missing_reply_period"}),
    "body_14pt": (lambda d: _runs_size(find(d, BACKGROUND), 14), {"body_size"}),
    "body_songti": (lambda d: set_east_asia(find(d, BACKGROUND), "宋体"), {"body_font"}),
    "body_not_indented": (
        lambda d: setattr(find(d, BACKGROUND).paragraph_format, "first_line_indent", Pt(0)),
        {"body_indent"},
    ),
    "body_line_spacing_20pt": (
        lambda d: (
            setattr(
                find(d, BACKGROUND).paragraph_format, "line_spacing_rule", WD_LINE_SPACING.EXACTLY
            ),
            setattr(find(d, BACKGROUND).paragraph_format, "line_spacing", Pt(20)),
        ),
        {"line_spacing"},
    ),
    "body_line_spacing_double": (
        lambda d: setattr(find(d, BACKGROUND).paragraph_format, "line_spacing", 2.0),
        {"line_spacing"},
    ),
    "heading1_fangsong": (
        lambda d: set_east_asia(find(d, "一、"), "仿宋_GB2312"),
        {"heading1_font"},
    ),
    "heading2_fangsong": (
        lambda d: setattr(find(d, "（一）").runs[0], "style", None),
        {"heading2_font"},
    ),
    "heading3_heiti": (
        lambda d: (
            set_text(find(d, "2023年以来"), "1.物业纠纷数量持续增长。"),
            set_east_asia(find(d, "1.物业"), "黑体"),
        ),
        {"heading3_font"},
    ),
    "date_zero_padded": (lambda d: _date(d, "2025年03月05日"), {"date_format"}),
    "date_chinese_numerals": (lambda d: _date(d, "二〇二五年三月五日"), {"date_format"}),
    "date_impossible": (lambda d: _date(d, "2025年2月30日"), {"date_format"}),
    "date_not_indented": (
        lambda d: setattr(find(d, DATE).paragraph_format, "right_indent", Pt(0)),
        {"date_indent"},
    ),
    "date_missing": (lambda d: remove(find(d, DATE)), {"missing_date"}),
    "court_missing": (lambda d: remove(_court(d)), {"missing_court_name"}),
    "court_differs_from_title": (
        lambda d: set_text(_court(d), "连云港市中级人民法院"),
        {"court_name_mismatch"},
    ),
    "contact_missing": (lambda d: remove(find(d, "联系人")), {"missing_contact"}),
    "contact_without_phone": (
        lambda d: set_text(find(d, "联系人"), "联系人：王某某"),
        {"missing_contact_phone"},
    ),
    "attachment_after_date": (_move_attachments_after_date, {"attachment_after_date"}),
    "attachment_halfwidth_colon": (
        lambda d: set_text(find(d, "附件："), "附件:1.物业服务合同纠纷案件审判情况调研报告"),
        {"attachment_format"},
    ),
    "attachment_name_with_period": (
        lambda d: set_text(find(d, "2.典型"), "2.典型案例选编。"),
        {"attachment_format"},
    ),
    "cc_without_period": (
        lambda d: set_text(find(d, "抄送"), find(d, "抄送").text.rstrip("。")),
        {"cc_punctuation"},
    ),
    "cc_semicolons": (
        lambda d: set_text(find(d, "抄送"), "抄送：连云港市人民政府；连云港市中级人民法院。"),
        {"cc_separator"},
    ),
    "cc_not_aligned": (
        lambda d: (
            setattr(find(d, "抄送").paragraph_format, "left_indent", Pt(0)),
            setattr(find(d, "抄送").paragraph_format, "first_line_indent", Pt(0)),
        ),
        {"cc_alignment"},
    ),
    "page_numbers_missing": (_clear_footers, {"page_number_missing"}),
    "odd_even_off": (
        lambda d: setattr(d.settings, "odd_and_even_pages_header_footer", False),
        {"page_number_odd_even"},
    ),
    "odd_page_number_centred": (
        lambda d: setattr(
            d.sections[0].footer.paragraphs[0], "alignment", WD_ALIGN_PARAGRAPH.CENTER
        ),
        {"page_number_odd_even"},
    ),
    "page_number_10pt": (
        lambda d: _footer_runs(d, lambda r: setattr(r.font, "size", Pt(10))),
        {"page_number_font"},
    ),
    "page_number_without_dashes": (_strip_dashes, {"page_number_style"}),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_broken_rule_is_caught_on_its_own(name: str) -> None:
    mutate, expected = MUTATIONS[name]
    doc = build_suggestion_document(sample_suggestion_content())
    mutate(doc)
    result = check_docx(document_bytes(doc))
    assert result.codes == expected, [(e.code, e.where, e.message) for e in result.errors]
    for error in result.errors:
        assert error.code in RULES
        assert error.where and error.message


CONTENT_MUTATIONS = {
    "four_suggestions_for_three_problems": (
        lambda c: c.suggestions.append(Item("针对宣传问题，加强普法宣传。", "建议……")),
        {"suggestions_not_one_to_one"},
    ),
    "two_problems_three_suggestions": (
        lambda c: c.problems.pop(),
        {"suggestions_not_one_to_one"},
    ),
    "no_problems": (lambda c: c.problems.clear(), {"missing_problems"}),
    "reply_in_three_months": (lambda c: setattr(c, "reply_months", 3), {"reply_period_too_long"}),
    "reply_in_90_days": (
        lambda c: setattr(c, "reply_sentence_override", "请你单位在90日内书面反馈。"),
        {"reply_period_too_long"},
    ),
    "no_attachments_no_cc_is_fine": (
        lambda c: (c.attachments.clear(), c.cc.clear()),
        set(),
    ),
    "one_month_is_fine": (lambda c: setattr(c, "reply_months", 1), set()),
}


@pytest.mark.parametrize("name", sorted(CONTENT_MUTATIONS))
def test_content_level_rules(name: str) -> None:
    mutate, expected = CONTENT_MUTATIONS[name]
    content = sample_suggestion_content()
    mutate(content)
    doc = build_suggestion_document(content, strict=False)
    result = check_docx(document_bytes(doc))
    assert result.codes == expected, [(e.code, e.where, e.message) for e in result.errors]


def test_error_where_names_paragraph_and_excerpt() -> None:
    doc = build_suggestion_document(sample_suggestion_content())
    _number(doc, "连开法建〔2025〕第3号")
    (error,) = check_docx(document_bytes(doc)).errors
    assert error.where == "第2段“连开法建〔2025〕第3号”"
    assert "第" in error.message


def test_repeated_errors_are_capped_with_a_summary() -> None:
    doc = build_suggestion_document(sample_suggestion_content())
    for p in doc.paragraphs:
        if p.style.name == "FQ Body":
            _runs_size(p, 14)
    result = check_docx(document_bytes(doc))
    sizes = [e for e in result.errors if e.code == "body_size"]
    assert len(sizes) == 6
    assert sizes[-1].where == "多处" and "另有" in sizes[-1].message
