"""Building blocks shared by the letters (司法建议书, 告知函): 首部, body, 尾部."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .content import Item, chinese_ordinal
from .layout import signature_right_indent, split_title_lines, text_width
from .styles import (
    TEXT_WIDTH_MM,
    TITLE_SIZE_PT,
    S,
    _reorder_ppr,
    add_line_breaks,
    add_text,
    condense,
    set_indent_chars,
)

# a 22 pt character is 7.76 mm wide: 20 of them fit in the 156 mm text block
TITLE_CHARS_PER_LINE = int(TEXT_WIDTH_MM / (TITLE_SIZE_PT * 25.4 / 72))


def para(doc: Document, text: str = "", style: str = S.PLAIN) -> Paragraph:
    return doc.add_paragraph(text, style=style)


def blank(doc: Document, count: int = 1) -> None:
    for _ in range(count):
        para(doc)


def add_title(doc: Document, title: str, *, keep: tuple[str, ...] = ()) -> Paragraph:
    """The title, broken at word boundaries; ``keep``: names never split (the recipient)."""
    p = para(doc, style=S.TITLE)
    add_line_breaks(p, split_title_lines(title, TITLE_CHARS_PER_LINE, keep=keep))
    return p


def add_doc_number(doc: Document, number: str) -> Paragraph:
    """The 编号 is centred on the line under the title (附件2 样式 order: 标题 → 编号)."""
    return para(doc, number, S.DOC_NUMBER)


def add_recipient(doc: Document, recipient: str) -> Paragraph:
    return para(doc, recipient.rstrip("：:") + "：", S.RECIPIENT)


def add_heading1(doc: Document, ordinal: int, text: str) -> Paragraph:
    return para(doc, f"{chinese_ordinal(ordinal)}、{text}", S.HEADING1)


def add_item(doc: Document, ordinal: int, item: Item) -> Paragraph:
    """ "（一）小标题。" in 楷体 run-in, then the explanation in 仿宋."""
    p = para(doc, style=S.BODY)
    heading = item.heading if item.heading.endswith(("。", "：", "？")) else item.heading + "。"
    add_text(p, f"（{chinese_ordinal(ordinal)}）{heading}", style=S.HEADING2_CHAR)
    if item.body:
        add_text(p, item.body)
    return p


def add_attachments(doc: Document, names: list[str]) -> None:
    """附件说明: 左空二字 "附件：1.名称"; names align under each other, wrapped lines too."""
    label = "附件："
    start = 2 + text_width(label)
    for i, name in enumerate(names, start=1):
        number = f"{i}." if len(names) > 1 else ""
        text = name.rstrip("。.，,；;")  # GB/T 9704: no punctuation after the name
        hang = text_width(number)
        p = para(doc, style=S.PLAIN)
        if i == 1:
            p.add_run(label + number + text)
            set_indent_chars(p, left=start + hang, hanging=text_width(label) + hang)
        else:
            p.add_run(number + text)
            set_indent_chars(p, left=start + hang, hanging=hang)


def add_signature(doc: Document, court_name: str, issued_text: str, *, seal: bool) -> None:
    """（院印）, court name centred over the date, date 右空四字."""
    indent = signature_right_indent(court_name, issued_text)
    if seal:
        p = para(doc, "（院印）")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_indent_chars(p, right=signature_right_indent("（院印）", issued_text))
    p = para(doc, court_name)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_indent_chars(p, right=indent)
    p = para(doc, issued_text)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_indent_chars(p, right=4)


def add_contact(doc: Document, name: str, phone: str) -> Paragraph:
    p = para(doc, f"联系人：{name}　　联系电话：{phone}", S.PLAIN)
    set_indent_chars(p, first_line=2)
    return p


CC_SIZE_PT = 14.0  # 4号 (GB/T 9704 7.4.2)
CC_CHAR_TWIPS = int(CC_SIZE_PT * 20)
# 4号 characters per line inside the 版心 with one character left free on each side
CC_CHARS_PER_LINE = int(TEXT_WIDTH_MM / (CC_SIZE_PT * 25.4 / 72)) - 2
CC_LABEL = "抄送："
SEPARATOR_EIGHTHS = 8  # 首条、末条分隔线: thick lines of about 0.35 mm (1 pt)


def cc_lines(recipients: list[str], per_line: int = CC_CHARS_PER_LINE) -> list[str]:
    """“抄送：A，B，C。” broken after a comma so that no agency name is split across lines
    (a name longer than a line is the only one that wraps)."""
    room = per_line - text_width(CC_LABEL)
    lines: list[str] = []
    current = ""
    for i, name in enumerate(recipients):
        piece = name + ("。" if i == len(recipients) - 1 else "，")
        if current and text_width(current + piece) > room:
            lines.append(current)
            current = ""
        current += piece
    lines.append(current)
    lines[0] = CC_LABEL + lines[0]
    return lines


def _border(p: Paragraph, sides: tuple[str, ...], eighths: int = SEPARATOR_EIGHTHS) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(eighths))
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), "000000")
        bdr.append(el)
    ppr.append(bdr)
    _reorder_ppr(ppr)


def add_cc(doc: Document, recipients: list[str]) -> Paragraph:
    """版记 with 抄送 (GB/T 9704 7.4, after 联系人 in the 2023 样式's order): 4号仿宋, one
    character in from each side, wrapped lines aligned with the first character after the
    colon, a line break only between two agency names, and a separating line above and
    below (首条、末条分隔线)."""
    _separator(doc)
    p = para(doc, style=S.PLAIN)
    add_line_breaks(p, cc_lines(recipients))
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for run in p.runs:
        run.font.size = Pt(CC_SIZE_PT)
        condense(run._r, 0)
    label = text_width(CC_LABEL)
    set_indent_chars(p, left=1 + label, hanging=label, right=1, char_twips=CC_CHAR_TWIPS)
    _separator(doc)
    return p


def _separator(doc: Document) -> Paragraph:
    """A 版记 separating line across the whole 版心: an empty 1 pt paragraph's bottom border
    (a border on the 抄送 paragraph itself would stop at its one-character indents)."""
    p = para(doc, style=S.PLAIN)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(1)
    _border(p, ("bottom",))
    return p


def signature_block(
    doc: Document,
    *,
    attachments: list[str],
    court_name: str,
    issued_on_text: str,
    seal: bool = True,
) -> None:
    """附件说明, （院印）, court name and date, kept on one page with the last body paragraph.

    The seal must not stand on a page without body text (GB/T 9704 7.3.5), so the last
    body paragraph and everything down to the date are "keep with next".
    """
    body = doc.element.body
    start = len(body.findall(qn("w:p")))
    if attachments:
        blank(doc)
        add_attachments(doc, attachments)
    blank(doc, 2)
    add_signature(doc, court_name, issued_on_text, seal=seal)
    paragraphs = doc.paragraphs
    last_body = paragraphs[start - 1] if start else None
    if last_body is not None:
        last_body.paragraph_format.keep_together = True
        last_body.paragraph_format.keep_with_next = True
    for p in paragraphs[start:-1]:
        p.paragraph_format.keep_with_next = True


DRAFT_MARK = "征求意见稿"


def add_draft_mark(doc: Document) -> Paragraph:
    """“征求意见稿” at the head of the first page, in bold, so no one takes it for the letter."""
    p = para(doc, style=S.PLAIN)
    run = p.add_run(DRAFT_MARK)
    run.bold = True
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return p


def draft_signature_block(doc: Document, *, attachments: list[str], court_name: str) -> None:
    """The 征求意见稿's 尾部: attachments and the court's name — no 院印 and no date."""
    if attachments:
        blank(doc)
        add_attachments(doc, attachments)
    blank(doc, 2)
    p = para(doc, court_name)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_indent_chars(p, right=4)
