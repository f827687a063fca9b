"""The generated .docx files: page setup, styles, fonts and footers as GB/T 9704 asks."""

from __future__ import annotations

import re

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from fengqiao.documents.content import (
    Item,
    sample_delivery_receipt_content,
    sample_notice_content,
    sample_register_extract_content,
)
from fengqiao.documents.docx_writer import (
    ContentError,
    render_delivery_receipt_docx,
    render_notice_docx,
    render_register_extract_docx,
    render_suggestion_docx,
)

from .conftest import find, reopen


def east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_suggestion_reopens_with_python_docx(content) -> None:
    doc = reopen(render_suggestion_docx(content))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].replace("\n", "") == content.title
    assert texts[1] == "连开法建〔2025〕3号"
    assert "连云港市住房和城乡建设局：" in texts
    assert "2025年3月5日" in texts
    texts = [t for t in texts if t]  # the 版记 separators are empty paragraphs
    assert texts[-1].startswith("抄送：") and texts[-1].endswith("。")
    assert doc.core_properties.title == content.title


def test_page_setup_is_gbt9704(content) -> None:
    section = reopen(render_suggestion_docx(content)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(section.right_margin - Mm(26)) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"
    assert int(grid.get(qn("w:charSpace"))) < 0  # 28 characters per line


def test_fonts_per_element(content) -> None:
    doc = reopen(render_suggestion_docx(content))
    title = doc.paragraphs[0]
    assert east_asia(title.style) == "方正小标宋简体"
    assert title.style.font.size.pt == 22
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = find(doc, "物业管理事关")
    assert east_asia(body.style) == "仿宋_GB2312"
    assert body.style.font.size.pt == 16
    assert body.style.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert east_asia(find(doc, "一、").style) == "黑体"
    item = find(doc, "（一）")
    assert east_asia(item.runs[0].style) == "楷体_GB2312"
    assert item.runs[1].style.name == "Default Paragraph Font"


def test_suggestions_follow_problems_one_to_one(content) -> None:
    doc = reopen(render_suggestion_docx(content))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("二、司法建议")
    item = re.compile(r"^（[一二三四五六七八九十]+）")
    assert sum(bool(item.match(t)) for t in texts[:start]) == 3
    assert sum(bool(item.match(t)) for t in texts[start:]) == 3


def test_footer_page_numbers_odd_right_even_left(content) -> None:
    doc = reopen(render_suggestion_docx(content))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for p in (odd, even):
        xml = p._p.xml
        assert "PAGE" in xml and "—" in p.text
        assert east_asia(p.style) == "宋体"
        assert p.style.font.size.pt == 14


def test_cover_is_its_own_section(content) -> None:
    doc = reopen(render_suggestion_docx(content, cover=True))
    cover, body = doc.sections
    assert abs(cover.top_margin - Mm(60)) < Mm(0.1)
    assert abs(body.top_margin - Mm(37)) < Mm(0.1)
    emblem = doc.tables[0]
    assert abs(emblem.rows[0].height - Mm(55)) < Mm(0.1)
    assert abs(emblem.columns[0].width - Mm(50)) < Mm(0.1)
    court = doc.paragraphs[0]
    assert court.style.font.size.pt == 30
    assert abs(court.paragraph_format.space_before - Mm(40)) < Mm(0.1)
    assert doc.paragraphs[1].text == "司法建议书"
    assert doc.paragraphs[1].style.font.size.pt == 36
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert "PAGE" not in cover.footer.paragraphs[0]._p.xml


def test_attachments_before_date_and_aligned(content) -> None:
    doc = reopen(render_suggestion_docx(content))
    texts = [p.text for p in doc.paragraphs]
    first = texts.index("附件：1.物业服务合同纠纷案件审判情况调研报告")
    assert texts[first + 1] == "2.典型案例选编（5件）"
    assert first < texts.index("2025年3月5日")
    p1, p2 = doc.paragraphs[first], doc.paragraphs[first + 1]
    assert p1.paragraph_format.left_indent == p2.paragraph_format.left_indent


def test_strict_mode_refuses_non_compliant_content(content) -> None:
    content.suggestions.append(Item("多余的建议。"))
    with pytest.raises(ContentError) as info:
        render_suggestion_docx(content)
    assert "一一对应" in str(info.value)
    assert render_suggestion_docx(content, strict=False)


def test_notice_receipt_and_register_reopen() -> None:
    notice = reopen(render_notice_docx(sample_notice_content()))
    text = "\n".join(p.text for p in notice.paragraphs)
    assert "征求意见稿" in text and "2025年2月28日前" in text
    receipt = reopen(render_delivery_receipt_docx(sample_delivery_receipt_content()))
    labels = [row.cells[0].text for row in receipt.tables[0].rows]
    assert labels[0].replace("\n", "") == "送达文书名称及文号"
    assert {"受送达人", "送达地点", "送达方式", "送达人", "备考"} <= set(labels)
    assert "连开法建〔2025〕3号" in receipt.tables[0].rows[0].cells[1].text
    register = reopen(render_register_extract_docx(sample_register_extract_content()))
    assert register.tables[0].rows[0].cells[1].text == "连开法建〔2025〕3号"
