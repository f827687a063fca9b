"""Typographic rules (GB/T 9704-2012): page, fonts and sizes per element, spacing, page numbers."""

from __future__ import annotations

import re

from .reader import DocxModel, Paragraph
from .results import Collector
from .structure import Layout, heading_level, heading_span

TWIPS_PER_MM = 1440 / 25.4
A4 = (11906, 16838)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
MARGIN_NAMES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
LINE_EXACT_RANGE = (560, 590)  # 28–29.5 pt: 22 lines in the 225 mm text block
CHAR_TWIPS_RANGE = (300, 330)  # "一字" of 3号 text, condensed or not
FAMILIES = {
    "仿宋": ("仿宋", "fangsong"),
    "楷体": ("楷体", "kaiti", "楷"),
    "黑体": ("黑体", "simhei", "heiti"),
    "小标宋": ("小标宋", "xiaobiaosong", "fzxbs"),
    "宋体": ("宋体", "simsun", "songti"),
}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d]")


def in_family(font: str | None, family: str) -> bool:
    if not font:
        return False
    name = font.lower()
    return any(key in name for key in FAMILIES[family])


def _mm(twips: int) -> float:
    return round(twips / TWIPS_PER_MM, 1)


def _chars(twips: int, size_pt: float = 16) -> float:
    return round(twips / (size_pt * 20), 1)


def _font_issues(
    p: Paragraph, start: int, end: int, family: str, size: float | None
) -> tuple[set[str], set[float]]:
    """Fonts (of runs with Chinese text) outside ``family`` and sizes other than ``size``."""
    fonts: set[str] = set()
    sizes: set[float] = set()
    for run in p.runs_in(start, end):
        if _CJK.search(run.text) and not in_family(run.east_asia_font, family):
            fonts.add(run.east_asia_font or "未指定")
        if size is not None and abs(run.size_pt - size) > 0.1:
            sizes.add(run.size_pt)
    return fonts, sizes


def check_text_font(
    c: Collector,
    p: Paragraph,
    *,
    family: str,
    size: float | None,
    font_code: str,
    size_code: str,
    what: str,
    start: int = 0,
    end: int | None = None,
) -> None:
    end = len(p.text) if end is None else end
    fonts, sizes = _font_issues(p, start, end, family, size)
    if fonts:
        c.add(font_code, f"{what}应使用{family}字体，当前为{'、'.join(sorted(fonts))}。", p.where)
    if sizes:
        shown = "、".join(f"{s:g}磅" for s in sorted(sizes))
        c.add(size_code, f"{what}应为{size:g}磅，当前为{shown}。", p.where)


def check_page(c: Collector, model: DocxModel, layout: Layout) -> None:
    for section in model.sections[layout.main_section :]:
        where = f"页面设置（第{section.index + 1}节）"
        w, h = section.page_width, section.page_height
        if abs(w - A4[0]) > 57 or abs(h - A4[1]) > 57 or section.orientation == "landscape":
            c.add(
                "page_size",
                f"纸张应为 A4 纵向（210mm×297mm），当前为 {_mm(w)}mm×{_mm(h)}mm。",
                where,
            )
        wrong = []
        for side, expected in MARGINS_MM.items():
            actual = _mm(getattr(section, side))
            if abs(actual - expected) > 1.0:
                wrong.append(f"{MARGIN_NAMES[side]}{actual}mm（应为{expected}mm）")
        if wrong:
            c.add("page_margin", "页边距不符合 GB/T 9704：" + "，".join(wrong) + "。", where)


def _line_ok(p: Paragraph, model: DocxModel) -> bool:
    if p.line_rule == "exact" and p.line is not None:
        return LINE_EXACT_RANGE[0] <= p.line <= LINE_EXACT_RANGE[1]
    if p.line_rule in ("auto", None):
        section = model.section_of(p)
        pitch = section.line_pitch or 0
        single = (p.line or 240) <= 250
        return (
            single
            and section.grid_type in ("lines", "linesAndChars")
            and (LINE_EXACT_RANGE[0] <= pitch <= LINE_EXACT_RANGE[1])
        )
    return False


def check_body(c: Collector, model: DocxModel, layout: Layout) -> None:
    heading_rules = {
        1: ("黑体", "heading1_font", "一级标题"),
        2: ("楷体", "heading2_font", "二级标题"),
        3: ("仿宋", "heading3_font", "三级标题"),
        4: ("仿宋", "heading3_font", "四级标题"),
    }
    for p in layout.body:
        level = heading_level(p.text)
        start = 0
        if level is not None:
            family, code, what = heading_rules[level]
            start = heading_span(p.text)
            check_text_font(
                c,
                p,
                family=family,
                size=16,
                font_code=code,
                size_code="body_size",
                what=what,
                end=start,
            )
        if start < len(p.text):
            check_text_font(
                c,
                p,
                family="仿宋",
                size=16,
                font_code="body_font",
                size_code="body_size",
                what="正文",
                start=start,
            )
        if p.left > 40 or not (CHAR_TWIPS_RANGE[0] * 2 - 40 <= p.first_line <= 2 * 330 + 40):
            if not p.text.startswith(("　　", "    ")):
                c.add(
                    "body_indent",
                    f"正文段落应首行左空二字，当前首行缩进约{_chars(p.first_line)}字。",
                    p.where,
                )
        if not _line_ok(p, model):
            shown = f"{p.line / 20:g}磅（{p.line_rule}）" if p.line else "未设置"
            c.add(
                "line_spacing", f"正文行距应为固定值约28.95磅（每页22行），当前为{shown}。", p.where
            )


def check_footers(c: Collector, model: DocxModel, layout: Layout) -> None:
    section = model.sections[min(layout.main_section, len(model.sections) - 1)]
    default = model.footers.get(section.footer_refs.get("default", ""))
    even = model.footers.get(section.footer_refs.get("even", ""))
    with_numbers = [f for f in (default, even) if f is not None and f.has_page_field]
    if not with_numbers:
        c.add("page_number_missing", "页脚中没有页码（PAGE 域）。", "页脚")
        return
    if not model.even_and_odd or even is None or not even.has_page_field:
        c.add(
            "page_number_odd_even",
            "页码应奇偶页不同：单页码居右空一字，双页码居左空一字（需设置“奇偶页不同”）。",
            "页脚",
        )
    else:
        odd_p = next((p for p in default.paragraphs if p.stripped), None) if default else None
        even_p = next((p for p in even.paragraphs if p.stripped), None)
        if odd_p is None or odd_p.alignment != "right" or not 200 <= odd_p.right <= 480:
            c.add("page_number_odd_even", "单页码应居右空一字。", "奇数页页脚")
        if even_p is None or even_p.alignment != "left" or not 200 <= even_p.left <= 480:
            c.add("page_number_odd_even", "双页码应居左空一字。", "偶数页页脚")
    for footer in with_numbers:
        where = "偶数页页脚" if footer is even else "页脚"
        for p in footer.paragraphs:
            if not p.stripped:
                continue
            bad = {
                (r.ascii_font or "未指定", r.size_pt)
                for r in p.runs
                if r.text.strip()
                and (abs(r.size_pt - 14) > 0.1 or not in_family(r.ascii_font, "宋体"))
            }
            if bad:
                shown = "、".join(f"{f} {s:g}磅" for f, s in sorted(bad))
                c.add("page_number_font", f"页码应为4号（14磅）半角宋体，当前为{shown}。", where)
            if not re.fullmatch(r"[—－-]\s*\S+\s*[—－-]", p.stripped.replace(" ", "")):
                c.add("page_number_style", "页码两侧应各放一条一字线，如“— 1 —”。", where)
