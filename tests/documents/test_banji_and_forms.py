"""版记 (抄送) per GB/T 9704 7.4, the 送达回证's 填发人/院印/送达地点, form label widths."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt

from fengqiao.documents.blocks import CC_CHARS_PER_LINE, cc_lines
from fengqiao.documents.content import (
    sample_delivery_receipt_content,
    sample_register_extract_content,
    sample_suggestion_content,
)
from fengqiao.documents.docx_writer import (
    build_delivery_receipt_document,
    build_register_extract_document,
    build_suggestion_document,
)
from fengqiao.documents.layout import text_width

from .conftest import find

AGENCIES = [
    "连云港市人民政府",
    "连云港经济技术开发区管理委员会",
    "连云港市中级人民法院",
    "连云港经济技术开发区社会事业局",
    "连云港经济技术开发区城市管理局",
]


def test_cc_lines_never_split_an_agency_name():
    lines = cc_lines(AGENCIES)
    assert lines[0].startswith("抄送：") and lines[-1].endswith("。")
    assert "".join(lines) == "抄送：" + "，".join(AGENCIES) + "。"
    assert all(text_width(line) <= CC_CHARS_PER_LINE for line in lines)
    for line in lines:
        body = line.removeprefix("抄送：").rstrip("，。")
        assert all(name in AGENCIES for name in body.split("，")), line


def test_cc_is_4hao_one_character_in_between_separating_lines_after_the_contact():
    doc = build_suggestion_document(sample_suggestion_content())
    cc = find(doc, "抄送")
    contact = find(doc, "联系人")
    paras = [p._p for p in doc.paragraphs]
    assert paras.index(cc._p) > paras.index(contact._p)  # the 2023 样式's order
    assert {run.font.size for run in cc.runs if run.text} == {Pt(14)}
    ind = cc._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:right")) == "280"  # one 4号 character
    assert int(ind.get(qn("w:left"))) - int(ind.get(qn("w:hanging"))) == 280
    at = paras.index(cc._p)
    for separator in (paras[at - 1], paras[at + 1]):
        assert not "".join(separator.itertext()).strip()
        assert separator.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None


def test_receipt_has_issuer_seal_and_a_line_for_a_missing_address():
    content = sample_delivery_receipt_content()
    content.address = ""
    doc = build_delivery_receipt_document(content)
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert cells[cells.index("送达地点") + 1].startswith("＿＿＿")
    texts = [p.text for p in doc.paragraphs]
    assert "填发人：王某某" in texts and "（院印）" in texts and "2025年3月6日" in texts


def test_form_label_column_fits_the_longest_label():
    content = sample_register_extract_content()
    content.rows.append(("答复期限届满日", "2025年5月7日"))
    doc = build_register_extract_document(content)
    width_pt = doc.tables[0].columns[0].width.pt
    assert width_pt >= 7 * 12 + 10  # seven 小4号 characters and the cell margins


def test_cover_carries_the_courts_image_instead_of_the_frame(tmp_path):
    from tests.administration.conftest import png_bytes

    image = tmp_path / "院印.png"
    image.write_bytes(png_bytes(40, 40))
    doc = build_suggestion_document(sample_suggestion_content(), cover=True, cover_image=image)
    assert not doc.tables  # no framed placeholder
    assert "（法徽）" not in [p.text for p in doc.paragraphs]
    assert len(doc.inline_shapes) == 1
    framed = build_suggestion_document(sample_suggestion_content(), cover=True)
    assert framed.tables[0].rows[0].cells[0].text == "（法徽）"


def test_a_draft_is_marked_on_its_first_page_without_seal_or_date():
    content = sample_suggestion_content()
    content.consultation_draft = True
    for cover in (False, True):
        doc = build_suggestion_document(content, cover=cover, strict=False)
        texts = [p.text for p in doc.paragraphs if p.text.strip()]
        assert texts[0] == "征求意见稿"
        assert "（院印）" not in texts and "2025年3月5日" not in texts
