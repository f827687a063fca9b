"""One style machinery for every generated document (GB/T 9704-2012 + 法释〔2023〕11号).

Page geometry, font names, named Word styles and the odd/even page-number footers live
here; the writers only pick styles.  East Asian font names are set through the
``w:rFonts/@w:eastAsia`` attribute (python-docx only exposes the Latin slot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, Twips
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from .docx_parts import finish_parts

# ------------------------------------------------------------------ geometry (GB/T 9704 5.2)

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_LEFT_MM = 28
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
HEADER_DISTANCE_MM = 15
# The page number's 一字线 sits 7 mm below the text block (GB/T 9704 7.5): with a 14 pt line
# whose dashes are at mid-height, the footer's bottom is about 25.5 mm above the page edge.
FOOTER_DISTANCE_MM = 25.5

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_SIZE_PT = 16.0  # 3号
TITLE_SIZE_PT = 22.0  # 2号
PAGE_NUMBER_SIZE_PT = 14.0  # 4号
FORM_SIZE_PT = 14.0  # 4号: table of the 送达回证
REGISTER_SIZE_PT = 12.0  # 小4号: the one-page 台账 extract
COVER_COURT_SIZE_PT = 30.0
COVER_TITLE_SIZE_PT = 36.0

# 22 lines in the 225 mm text block → 28.95 pt; Word stores twentieths of a point.
LINE_PITCH_TWIPS = 579
# 28 × 16 pt = 448 pt exceeds the 442 pt text block: Word squeezes characters onto the
# docGrid pitch, LibreOffice does not (a 16 pt glyph then takes two grid cells).  So the
# section keeps the 22×28 grid (Word's page setup shows it) but paragraphs do not snap to
# it, and 3号 text is condensed by 0.5 pt (15.5 pt advance, the middle of the 15.25–15.79 pt
# range that gives exactly 28 per line): 28 per line in both.
CONDENSE_TWIPS = -10
# "一字" for indents: the advance of a condensed 3号 character (15.5 pt = 310 twips), so that
# 抄送 and 附件 continuation lines align exactly with the characters above them.
CHAR_TWIPS = int(BODY_SIZE_PT * 20) + CONDENSE_TWIPS


def text_width_twips() -> int:
    return Mm(PAGE_WIDTH_MM).twips - Mm(MARGIN_LEFT_MM).twips - Mm(MARGIN_RIGHT_MM).twips


def grid_char_space() -> int:
    """w:docGrid/@w:charSpace for 28 characters per line.

    Word's character pitch is the default font size plus charSpace/4096 pt.
    """
    pitch_pt = text_width_twips() / 20 / CHARS_PER_LINE
    return round((pitch_pt - BODY_SIZE_PT) * 4096)


# ------------------------------------------------------------------ fonts

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"


class S:
    """Style names (python-docx derives the style id by dropping the spaces)."""

    BODY = "FQ Body"
    TITLE = "FQ Title"
    DOC_NUMBER = "FQ Doc Number"
    RECIPIENT = "FQ Recipient"
    HEADING1 = "FQ Heading 1"
    HEADING2_CHAR = "FQ Heading 2 Char"
    PLAIN = "FQ Plain"  # 仿宋 3号, no indent (signature, cc, blank lines)
    PAGE_NUMBER = "FQ Page Number"
    TABLE_TEXT = "FQ Table Text"
    TABLE_SMALL = "FQ Table Small"
    FORM_TITLE = "FQ Form Title"
    COVER_COURT = "FQ Cover Court"
    COVER_TITLE = "FQ Cover Title"


@dataclass(frozen=True)
class _ParaSpec:
    name: str
    font: str
    size: float
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_chars: int = 0
    exact_line: bool = True
    snap_to_grid: bool = False
    condensed: bool = False


_PARAGRAPH_STYLES = (
    _ParaSpec(S.PLAIN, FANGSONG, BODY_SIZE_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, condensed=True),
    _ParaSpec(
        S.BODY,
        FANGSONG,
        BODY_SIZE_PT,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_chars=2,
        condensed=True,
    ),
    _ParaSpec(
        S.HEADING1,
        HEITI,
        BODY_SIZE_PT,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_chars=2,
        condensed=True,
    ),
    _ParaSpec(S.RECIPIENT, FANGSONG, BODY_SIZE_PT, WD_ALIGN_PARAGRAPH.LEFT, condensed=True),
    _ParaSpec(S.DOC_NUMBER, FANGSONG, BODY_SIZE_PT, WD_ALIGN_PARAGRAPH.CENTER, condensed=True),
    _ParaSpec(S.TITLE, XIAOBIAOSONG, TITLE_SIZE_PT, WD_ALIGN_PARAGRAPH.CENTER),
    _ParaSpec(S.FORM_TITLE, XIAOBIAOSONG, TITLE_SIZE_PT, WD_ALIGN_PARAGRAPH.CENTER),
    _ParaSpec(
        S.PAGE_NUMBER,
        SONGTI,
        PAGE_NUMBER_SIZE_PT,
        exact_line=False,
    ),
    _ParaSpec(
        S.TABLE_TEXT,
        FANGSONG,
        FORM_SIZE_PT,
        WD_ALIGN_PARAGRAPH.LEFT,
        exact_line=False,
    ),
    _ParaSpec(
        S.TABLE_SMALL,
        FANGSONG,
        REGISTER_SIZE_PT,
        WD_ALIGN_PARAGRAPH.LEFT,
        exact_line=False,
    ),
    _ParaSpec(
        S.COVER_COURT,
        XIAOBIAOSONG,
        COVER_COURT_SIZE_PT,
        WD_ALIGN_PARAGRAPH.CENTER,
        exact_line=False,
    ),
    _ParaSpec(
        S.COVER_TITLE,
        XIAOBIAOSONG,
        COVER_TITLE_SIZE_PT,
        WD_ALIGN_PARAGRAPH.CENTER,
        exact_line=False,
    ),
)


def set_rfonts(parent: BaseOxmlElement, font: str, *, latin: str | None = None) -> None:
    """Set w:rFonts on an rPr-bearing element (run, style): eastAsia and Latin slots.

    Theme-font attributes are removed: Word prefers them over explicit names.
    """
    rpr = parent.get_or_add_rPr() if hasattr(parent, "get_or_add_rPr") else parent
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    latin = latin or font
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:cs"), latin)


def set_indent_chars(
    paragraph_or_style: Paragraph | BaseStyle,
    *,
    first_line: float | None = None,
    hanging: float | None = None,
    left: float | None = None,
    right: float | None = None,
    char_twips: int = CHAR_TWIPS,
) -> None:
    """Indents in characters, written in twips (``char_twips`` per character).

    The *Chars attributes are not used: Word measures them in grid or font units that
    differ from the condensed advance, LibreOffice ignores some of them.
    """
    ppr = paragraph_or_style._element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    _reorder_ppr(ppr)

    def put(name: str, chars: float | None) -> None:
        if chars is None:
            return
        ind.set(qn(f"w:{name}"), str(round(chars * char_twips)))

    put("firstLine", first_line)
    put("hanging", hanging)
    put("left", left)
    put("right", right)


# CT_PPr child order matters to strict consumers (Word): keep w:ind before w:jc etc.
_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()


def _reorder_ppr(ppr: BaseOxmlElement) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_PPR_ORDER)}
    children = sorted(ppr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        ppr.append(child)


def set_snap_to_grid(ppr_owner: BaseOxmlElement, snap: bool) -> None:
    ppr = ppr_owner.get_or_add_pPr()
    el = ppr.find(qn("w:snapToGrid"))
    if el is None:
        el = OxmlElement("w:snapToGrid")
        ppr.append(el)
    el.set(qn("w:val"), "1" if snap else "0")
    _reorder_ppr(ppr)


def _exact_line(fmt) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)


def _set_doc_defaults(doc: Document) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr, FANGSONG)
    rpr.find(qn("w:sz")).set(qn("w:val"), str(int(BODY_SIZE_PT * 2)))
    rpr.find(qn("w:szCs")).set(qn("w:val"), str(int(BODY_SIZE_PT * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    for attr in ("after", "before"):
        spacing.set(qn(f"w:{attr}"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE_PT)
    set_rfonts(normal.element, FANGSONG)
    # Paragraphs do not snap to the character grid: LibreOffice would give each 3号 glyph
    # two cells of the 15.8 pt pitch; the condensed spacing below gives 28 per line instead.
    set_snap_to_grid(normal.element, False)
    # no automatic extra space between Chinese and Latin/digits ("2025年", not "2025 年");
    # Word and WPS honour this, LibreOffice 7.4 still adds a small gap in the PDF
    ppr = normal.element.get_or_add_pPr()
    # no line-end punctuation hanging past the 版心 (Word's "允许标点溢出边界" is on by
    # default): every line keeps its 28 positions inside the 156 mm block
    for tag in ("overflowPunct", "autoSpaceDE", "autoSpaceDN"):
        el = OxmlElement(f"w:{tag}")
        el.set(qn("w:val"), "0")
        ppr.append(el)
    _reorder_ppr(ppr)


def _add_paragraph_style(doc: Document, spec: _ParaSpec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(spec.size)
    set_rfonts(style.element, spec.font)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if spec.exact_line:
        _exact_line(fmt)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if spec.align is not None:
        fmt.alignment = spec.align
    fmt.widow_control = False
    if spec.first_line_chars:
        set_indent_chars(style, first_line=spec.first_line_chars)
    if not spec.snap_to_grid:
        set_snap_to_grid(style.element, False)
    if spec.condensed:
        condense(style.element)


def condense(rpr_owner: BaseOxmlElement, twips: int = CONDENSE_TWIPS) -> None:
    """Character spacing (w:spacing in rPr) so that 28 3号 characters fill one line."""
    rpr = rpr_owner.get_or_add_rPr()
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        anchor = rpr.find(qn("w:sz"))
        if anchor is not None:
            anchor.addprevious(el)
        else:
            rpr.append(el)
    el.set(qn("w:val"), str(twips))


def _add_character_styles(doc: Document) -> None:
    kai = doc.styles.add_style(S.HEADING2_CHAR, WD_STYLE_TYPE.CHARACTER)
    kai.quick_style = True
    set_rfonts(kai.element, KAITI)


def new_document(*, odd_even_footers: bool = True) -> Document:
    """An empty A4 document with the Fengqiao styles and GB/T 9704 page setup."""
    doc = new_docx()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _set_doc_defaults(doc)
    for spec in _PARAGRAPH_STYLES:
        _add_paragraph_style(doc, spec)
    _add_character_styles(doc)
    setup_section(doc.sections[0])
    finish_parts(doc)
    if odd_even_footers:
        doc.settings.odd_and_even_pages_header_footer = True
    return doc


def setup_section(section: Section, *, top_mm: float = MARGIN_TOP_MM, grid: bool = True) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(top_mm)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    grid_el = sect_pr.find(qn("w:docGrid"))
    if grid_el is None:
        grid_el = OxmlElement("w:docGrid")
        sect_pr.append(grid_el)
    grid_el.attrib.clear()
    if grid:
        grid_el.set(qn("w:type"), "linesAndChars")
        grid_el.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid_el.set(qn("w:charSpace"), str(grid_char_space()))
    else:
        grid_el.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


# ------------------------------------------------------------------ runs and paragraphs


def add_text(paragraph: Paragraph, text: str, *, style: str | None = None) -> None:
    run = paragraph.add_run(text)
    if style:
        run.style = style


def add_line_breaks(paragraph: Paragraph, lines: list[str]) -> None:
    """One paragraph whose lines are separated by w:br (keeps a title one element)."""
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()


def _add_field(paragraph: Paragraph, instr: str, placeholder: str) -> None:
    def fld_char(kind: str) -> None:
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld_char("begin")
    run = paragraph.add_run()
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    run._r.append(instr_el)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def _page_number_paragraph(paragraph: Paragraph, *, odd: bool) -> None:
    paragraph.style = S.PAGE_NUMBER
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_indent_chars(paragraph, right=1, char_twips=int(PAGE_NUMBER_SIZE_PT * 20))
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        set_indent_chars(paragraph, left=1, char_twips=int(PAGE_NUMBER_SIZE_PT * 20))
    paragraph.add_run("— ")
    _add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")


def add_page_numbers(section: Section, *, restart: bool = False) -> None:
    """Footers "— N —": odd pages right (空一字), even pages left (空一字)."""
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer.paragraphs[0], odd=True)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], odd=False)
    if restart:
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:start"), "1")
        sect_pr = section._sectPr
        anchor = sect_pr.find(qn("w:cols"))
        if anchor is None:
            anchor = sect_pr.find(qn("w:docGrid"))
        anchor.addprevious(pg)


def blank_footers(section: Section) -> None:
    """Unlinked, empty footers (cover pages and one-page forms carry no page number)."""
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False


def set_table_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths (tblW, tblGrid and every cell): Word, WPS and LibreOffice agree."""
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
