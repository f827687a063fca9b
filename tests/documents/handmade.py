"""A 司法建议书 typed "by hand" in Word: default template, no Fengqiao styles.

Fonts and sizes are direct run formatting; body text takes its Chinese font from the
theme (w:eastAsiaTheme="minorEastAsia" in the default template's document defaults);
"一、" "二、" come from Word's automatic numbering; the page numbers are a PAGE field.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as new_docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from fengqiao.documents.content import sample_suggestion_content

NUMBERING = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
)


def _run(p, text: str, font: str | None = None, size: float = 16):
    run = p.add_run(text)
    run.font.size = Pt(size)
    if font:
        rpr = run._r.get_or_add_rPr()
        rfonts = OxmlElement("w:rFonts")
        rfonts.set(qn("w:eastAsia"), font)
        rfonts.set(qn("w:ascii"), font)
        rfonts.set(qn("w:hAnsi"), font)
        rpr.insert(0, rfonts)
    return run


def _para(doc: Document, *, align=None, first: float = 0, right: float = 0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if first:
        fmt.first_line_indent = Pt(first * 16)
    if right:
        fmt.right_indent = Pt(right * 16)
    return p


def _numbered(doc: Document, num_id: int, text: str) -> None:
    p = _para(doc, first=2)
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    p._p.get_or_add_pPr().append(num_pr)
    _run(p, text, "黑体")


def _footer(paragraph, align) -> None:
    paragraph.alignment = align
    side = "right_indent" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
    setattr(paragraph.paragraph_format, side, Pt(14))
    _run(paragraph, "— ", "宋体", 14)
    fld = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr>'
        '<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/>'
        "</w:rPr><w:t>1</w:t></w:r></w:fldSimple>"
    )
    paragraph._p.append(fld)
    _run(paragraph, " —", "宋体", 14)


def build_handmade(*, overflow_punct: bool = False) -> Document:
    """A letter typed in Word by hand. ``overflow_punct``: leave Word's default “允许标点溢出
    边界” on (line-end punctuation may hang outside the 版心); the careful typist turns it
    off in the Normal style."""
    c = sample_suggestion_content()
    doc = new_docx()
    if not overflow_punct:
        ppr = doc.styles["Normal"].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:overflowPunct {nsdecls("w")} w:val="0"/>'))
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    numbering.append(num)

    title = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(title, c.court_name, "方正小标宋简体", 22)
    title.add_run().add_break()
    _run(title, c.title.removeprefix(c.court_name), "方正小标宋简体", 22)
    _run(_para(doc, align=WD_ALIGN_PARAGRAPH.CENTER), c.doc_number, "仿宋_GB2312")
    _para(doc)
    _run(_para(doc), c.recipient + "：", "仿宋_GB2312")
    for text in [*c.background, c.problems_intro]:
        _run(_para(doc, first=2), text)  # font from the theme
    _numbered(doc, 90, "存在的问题")
    for i, item in enumerate(c.problems):
        p = _para(doc, first=2)
        _run(p, f"（{'一二三'[i]}）{item.heading}", "楷体_GB2312")
        _run(p, item.body)
    _numbered(doc, 90, "司法建议")
    _run(_para(doc, first=2), "为此，特建议：")
    for i, item in enumerate(c.suggestions):
        p = _para(doc, first=2)
        _run(p, f"（{'一二三'[i]}）{item.heading}", "楷体_GB2312")
        _run(p, item.body)
    _run(_para(doc, first=2), c.reply_sentence)
    _para(doc)
    _run(_para(doc, first=2), "附件：" + c.attachments[0], "仿宋_GB2312")
    _para(doc)
    _run(_para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, right=5), "（院印）", "仿宋_GB2312")
    _run(_para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT), c.court_name, "仿宋_GB2312")
    _run(_para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, right=4), "2025年3月5日", "仿宋_GB2312")
    _run(_para(doc, first=2), "联系人：王某某，电话：0518-82345678", "仿宋_GB2312")
    cc = _para(doc)
    cc.paragraph_format.left_indent = Pt(48)
    cc.paragraph_format.first_line_indent = Pt(-48)
    _run(cc, "抄送：" + "，".join(c.cc) + "。", "仿宋_GB2312")

    doc.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _footer(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _footer(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    return doc


def set_theme_hans_font(docx: bytes, font: str) -> bytes:
    """Rewrite the theme's Simplified-Chinese minor font (Word: 主题字体 → 正文中文)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/theme/theme1.xml":
                data = data.replace(
                    '<a:font script="Hans" typeface="宋体"/>'.encode(),
                    f'<a:font script="Hans" typeface="{font}"/>'.encode(),
                )
            dst.writestr(info, data)
    return out.getvalue()
