"""Blocks of a report-style document (体检报告, 年度报告): captioned tables and charts, and
headings that keep with what follows. Letters use :mod:`fengqiao.documents.blocks`."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from . import blocks
from .content import chinese_ordinal
from .styles import HEITI, TEXT_WIDTH_MM, S, add_text, set_rfonts, set_table_widths

CHART_DPI = 150  # the dpi charts are drawn at (fengqiao.mining.CHART_DPI)
FIGURE_MAX_MM = 150.0


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def caption(doc: Document, text: str, *, before_table: bool = False) -> None:
    p = blocks.para(doc, style=S.TABLE_SMALL)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    set_rfonts(run._r, HEITI)
    fmt = p.paragraph_format
    fmt.space_before = Pt(6 if before_table else 2)
    fmt.space_after = Pt(4 if before_table else 8)
    if before_table:
        fmt.keep_with_next = True


def figure(doc: Document, png: bytes, text: str) -> None:
    """The image centred at its natural size (150 dpi, at most the text width), caption below."""
    p = blocks.para(doc, style=S.PLAIN)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True
    width_px, _ = _png_size(png)
    width_mm = min(FIGURE_MAX_MM, width_px / CHART_DPI * 25.4)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    caption(doc, text)


def _mark_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        tr_pr.append(el)


def table(
    doc: Document,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    left_cols: Sequence[int] = (),
    total_row: bool = False,
) -> None:
    """A captioned grid table in 小四 仿宋 (header 黑体, numbers centred, header repeats)."""
    caption(doc, title, before_table=True)
    scale = TEXT_WIDTH_MM / sum(widths_mm) if sum(widths_mm) > TEXT_WIDTH_MM else 1.0
    grid = doc.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_widths(grid, [Mm(w * scale) for w in widths_mm])
    for r, values in enumerate([header, *rows]):
        row = grid.rows[r]
        if r == 0:
            _mark_header_row(row)
        else:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for col, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.style = doc.styles[S.TABLE_SMALL]
            p.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT if r > 0 and col in left_cols else WD_ALIGN_PARAGRAPH.CENTER
            )
            p.paragraph_format.space_before = Pt(2)
            p.paragraph_format.space_after = Pt(2)
            run = p.add_run(str(value))
            if r == 0 or (total_row and r == len(rows)):
                set_rfonts(run._r, HEITI)
    spacer = blocks.para(doc, style=S.TABLE_SMALL)
    spacer.paragraph_format.space_after = Pt(4)


def heading1(doc: Document, ordinal: int, text: str) -> None:
    p = blocks.add_heading1(doc, ordinal, text)
    p.paragraph_format.keep_with_next = True


def heading2(doc: Document, ordinal: int, text: str) -> None:
    """ "（一）标题" in 楷体 on a line of its own, kept with what follows."""
    p = blocks.para(doc, style=S.BODY)
    add_text(p, f"（{chinese_ordinal(ordinal)}）{text}", style=S.HEADING2_CHAR)
    p.paragraph_format.keep_with_next = True
