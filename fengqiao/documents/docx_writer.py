"""司法建议书 .docx generation (GB/T 9704-2012 + 法释〔2023〕11号 附件1–3).

Layout decisions not fixed by the norms:

* 编号 is centred on the line directly under the title, as in the 附件2 样式 order
  (标题 → 编号 → 被建议单位); GB/T 9704 puts the 发文字号 above the title only because a
  公文 has a 版头, which a 司法建议书 has not.
* The court name is centred over the date when it fits, otherwise set flush right; the
  date is 右空四字 (GB/T 9704 7.3.5.1).
* 抄送 ends the letter (附件2 order) with a hanging indent so wrapped lines align with the
  first character after "抄送：".
* Problems and suggestions are numbered （一）（二）… under "一、" and "二、" so that
  suggestion （n） answers problem （n）; the checker counts them.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from . import blocks
from .content import SuggestionContent
from .forms import (
    build_delivery_receipt_document,
    build_notice_document,
    build_register_extract_document,
    render_delivery_receipt_docx,
    render_notice_docx,
    render_register_extract_docx,
)
from .layout import split_court_name
from .styles import (
    COVER_COURT_SIZE_PT,
    TEXT_WIDTH_MM,
    S,
    add_line_breaks,
    add_page_numbers,
    blank_footers,
    new_document,
    set_table_widths,
    setup_section,
)

__all__ = [
    "ContentError",
    "build_delivery_receipt_document",
    "build_notice_document",
    "build_register_extract_document",
    "build_suggestion_document",
    "document_bytes",
    "render_delivery_receipt_docx",
    "render_notice_docx",
    "render_register_extract_docx",
    "render_suggestion_docx",
    "write_docx",
]

COVER_TOP_MM = 60
EMBLEM_HEIGHT_MM = 55
EMBLEM_WIDTH_MM = 50
EMBLEM_TO_TITLE_MM = 40


class ContentError(ValueError):
    """The content cannot make a compliant letter; ``messages`` are in Chinese."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = messages


def _add_cover_image(doc: Document, image: str | Path) -> None:
    """The court's image (from its document settings) in the 55×50 mm 法徽 place."""
    p = doc.add_paragraph(style=S.TABLE_TEXT)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.add_run().add_picture(str(image), height=Mm(EMBLEM_HEIGHT_MM))


def _add_cover(
    doc: Document, court_name: str, image: str | Path | None = None, *, draft: bool = False
) -> None:
    """附件3 封面: 法徽 55×50 mm (the court's image when its settings have one, else a framed
    placeholder), 60 mm top margin, 40 mm gap, 30/36 pt 小标宋."""
    cover = doc.sections[0]
    setup_section(cover, top_mm=COVER_TOP_MM, grid=False)
    blank_footers(cover)
    if draft:  # the first page says it is a draft, the cover included
        blocks.add_draft_mark(doc)
    if image is not None:
        _add_cover_image(doc, image)
        _cover_titles(doc, court_name)
        return
    table = doc.add_table(rows=1, cols=1)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_widths(table, [Mm(EMBLEM_WIDTH_MM)])
    row = table.rows[0]
    row.height = Mm(EMBLEM_HEIGHT_MM)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    cell = row.cells[0]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.style = doc.styles[S.TABLE_TEXT]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("（法徽）")
    _cover_titles(doc, court_name)


def _cover_titles(doc: Document, court_name: str) -> None:
    court = doc.add_paragraph(style=S.COVER_COURT)
    court.paragraph_format.space_before = Mm(EMBLEM_TO_TITLE_MM)
    max_chars = TEXT_WIDTH_MM / (COVER_COURT_SIZE_PT * 25.4 / 72)
    add_line_breaks(court, split_court_name(court_name, max_chars))
    title = doc.add_paragraph("司法建议书", style=S.COVER_TITLE)
    title.paragraph_format.space_before = Pt(12)
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(body)


def build_suggestion_document(
    content: SuggestionContent,
    *,
    cover: bool = False,
    strict: bool = True,
    cover_image: str | Path | None = None,
) -> Document:
    """The 司法建议书 as a python-docx Document.

    ``strict`` refuses content that breaks the 2023 norm (``ContentError``); tests and
    drafts pass ``strict=False``. ``cover_image``: the court's image for the cover (its
    document settings, ``administration.services.seal_path``) instead of the framed
    placeholder.
    """
    if strict and (errors := content.validation_errors()):
        raise ContentError(errors)
    doc = new_document()
    if cover:
        _add_cover(doc, content.court_name, cover_image, draft=content.consultation_draft)
    add_page_numbers(doc.sections[-1], restart=cover)

    if content.consultation_draft:
        blocks.add_draft_mark(doc)
    blocks.add_title(doc, content.title, keep=(content.recipient,))
    if not content.consultation_draft:
        blocks.add_doc_number(doc, content.doc_number)
    blocks.blank(doc)
    blocks.add_recipient(doc, content.recipient)
    for text in content.background:
        blocks.para(doc, text, S.BODY)
    blocks.para(doc, content.problems_intro, S.BODY)
    blocks.add_heading1(doc, 1, content.problems_heading)
    for i, item in enumerate(content.problems, start=1):
        blocks.add_item(doc, i, item)
    blocks.add_heading1(doc, 2, content.suggestions_heading)
    blocks.para(doc, content.suggestions_intro, S.BODY)
    for i, item in enumerate(content.suggestions, start=1):
        blocks.add_item(doc, i, item)
    blocks.para(doc, content.reply_sentence, S.BODY)
    for text in content.other_matters:
        blocks.para(doc, text, S.BODY)

    if content.consultation_draft:
        blocks.draft_signature_block(
            doc, attachments=content.attachments, court_name=content.court_name
        )
    else:
        blocks.signature_block(
            doc,
            attachments=content.attachments,
            court_name=content.court_name,
            issued_on_text=content.issued_on_text,
        )
    blocks.blank(doc)
    blocks.add_contact(doc, content.contact_name, content.contact_phone)
    if content.cc:
        blocks.blank(doc)
        blocks.add_cc(doc, content.cc)
    doc.core_properties.title = content.title
    doc.core_properties.subject = "征求意见稿" if content.consultation_draft else content.doc_number
    doc.core_properties.author = content.court_name
    return doc


def document_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_suggestion_docx(
    content: SuggestionContent,
    *,
    cover: bool = False,
    strict: bool = True,
    cover_image: str | Path | None = None,
) -> bytes:
    return document_bytes(
        build_suggestion_document(content, cover=cover, strict=strict, cover_image=cover_image)
    )


def write_docx(data: bytes, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
