"""告知函, 送达回证 and 台账 extract, built with the same styles as the 司法建议书."""

from __future__ import annotations

import io

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt
from docx.table import _Cell

from . import blocks
from .content import (
    DeliveryReceiptContent,
    NoticeContent,
    RegisterExtractContent,
    format_cn_date,
)
from .styles import (
    TEXT_WIDTH_MM,
    S,
    add_line_breaks,
    add_page_numbers,
    new_document,
    set_table_widths,
)


def _bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ 告知函


def build_notice_document(content: NoticeContent) -> Document:
    """告知函 (第五条 事前沟通): a letter with the draft attached and an opinion due date."""
    doc = new_document()
    add_page_numbers(doc.sections[0])
    blocks.add_title(doc, content.title, keep=(content.recipient,))
    if content.doc_number:
        blocks.add_doc_number(doc, content.doc_number)
    blocks.blank(doc)
    blocks.add_recipient(doc, content.recipient)
    for text in content.summary:
        blocks.para(doc, text, S.BODY)
    blocks.para(doc, content.request_sentence, S.BODY)
    contact = f"联系人：{content.contact_name}，联系电话：{content.contact_phone}"
    if content.contact_address:
        contact += f"，通讯地址：{content.contact_address}"
    blocks.para(doc, contact + "。", S.BODY)
    blocks.signature_block(
        doc,
        attachments=content.attachments,
        court_name=content.court_name,
        issued_on_text=format_cn_date(content.issued_on),
    )
    doc.core_properties.title = content.title
    return doc


def render_notice_docx(content: NoticeContent) -> bytes:
    return _bytes(build_notice_document(content))


# ------------------------------------------------------------------ tables


def _cell_text(cell: _Cell, text: str, *, style: str, center: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.style = style
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line)


CELL_MARGINS_MM = 4.5  # Table Grid: 1.9 mm left and right, plus a little room


def _form_table(
    doc: Document,
    rows: list[tuple[str, str, float]],
    *,
    label_mm: float,
    style: str = S.TABLE_TEXT,
) -> None:
    """Two-column form; each row is (label, value, minimum height in mm).

    The label column is widened when a label line would not fit (so no label wraps with
    one character alone on its second line): characters × font size + the cell margins."""
    size_pt = doc.styles[style].font.size.pt
    longest = max(len(line) for label, _, _ in rows for line in label.split("\n"))
    label_mm = max(label_mm, longest * size_pt * 25.4 / 72 + CELL_MARGINS_MM)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_widths(table, [Mm(label_mm), Mm(TEXT_WIDTH_MM - label_mm)])
    for row, (label, value, height) in zip(table.rows, rows, strict=True):
        row.height = Mm(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _cell_text(row.cells[0], label, style=style, center=True)
        _cell_text(row.cells[1], value, style=style)


def _form_title(doc: Document, lines: list[str]) -> None:
    p = blocks.para(doc, style=S.FORM_TITLE)
    add_line_breaks(p, lines)
    p.paragraph_format.space_after = Pt(16)


# ------------------------------------------------------------------ 送达回证

BLANK_LINE = "＿" * 12  # a line to fill in by hand


def build_delivery_receipt_document(content: DeliveryReceiptContent) -> Document:
    doc = new_document(odd_even_footers=False)
    _form_title(doc, [content.court_name, "送达回证"])
    signed = format_cn_date(content.signed_on) if content.signed_on else "年　　月　　日"
    signature = f"{content.signer}\n（签名或者盖章）\n{signed}".lstrip("\n")
    rows = [
        ("送达文书\n名称及文号", f"{content.document_name}\n{content.doc_number}", 24),
        ("受送达人", content.recipient, 16),
        ("送达地点", content.address or BLANK_LINE, 16),
        ("送达方式", content.method, 16),
        ("受送达人\n签收", "\n" + signature, 40),
        ("代收人及\n代收理由", content.proxy_note, 18),
        ("送达人", content.server, 16),
        ("备考", content.remarks, 18),
    ]
    _form_table(doc, rows, label_mm=40)
    # the signature lines sit on the right of their cell
    table = doc.tables[0]
    for p in table.rows[4].cells[1].paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(28)
    # under the table: 填发人 (who filled in the form), then the court's seal and the date
    # of issue on the right (法院诉讼文书样式)
    issuer = blocks.para(doc, f"填发人：{content.issuer or BLANK_LINE}", S.TABLE_TEXT)
    issuer.paragraph_format.space_before = Pt(10)
    for text in (
        "（院印）",
        format_cn_date(content.issued_on) if content.issued_on else "年　　月　　日",
    ):
        p = blocks.para(doc, text, S.TABLE_TEXT)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(28)
    doc.core_properties.title = f"送达回证（{content.doc_number}）"
    return doc


def render_delivery_receipt_docx(content: DeliveryReceiptContent) -> bytes:
    return _bytes(build_delivery_receipt_document(content))


# ------------------------------------------------------------------ 台账 extract


def build_register_extract_document(content: RegisterExtractContent) -> Document:
    doc = new_document(odd_even_footers=False)
    _form_title(doc, [content.title])
    meta = blocks.para(doc, f"填报单位：{content.court_name}", S.TABLE_SMALL)
    meta.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    meta.add_run(f"\t制表日期：{format_cn_date(content.generated_on)}")
    meta.paragraph_format.space_after = Pt(6)
    rows = [(label, value, 9) for label, value in content.rows]
    _form_table(doc, rows, label_mm=32, style=S.TABLE_SMALL)
    doc.core_properties.title = content.title
    return doc


def render_register_extract_docx(content: RegisterExtractContent) -> bytes:
    return _bytes(build_register_extract_document(content))
