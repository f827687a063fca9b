"""Word style resolution: styles.xml chains, document defaults, theme fonts, numbering.

Effective run properties are resolved the way Word does: direct formatting → character
style chain → paragraph style chain → document defaults, with theme fonts
(``w:eastAsiaTheme`` etc.) looked up in the theme part.  Automatic numbering labels ("一、",
"（一）" made by Word's list feature) are rebuilt from numbering.xml.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .package import A_NS, w

DEFAULT_FONT_SIZE_PT = 10.0  # Word's built-in default when no w:sz is given anywhere


def attr_val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(w(attr))


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class ThemeFonts:
    major_latin: str | None = None
    minor_latin: str | None = None
    major_ea: str | None = None
    minor_ea: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None, script: str = "Hans") -> ThemeFonts:
        if root is None:
            return cls()

        def pick(kind: str) -> tuple[str | None, str | None]:
            font = root.find(f".//{{{A_NS}}}{kind}")
            if font is None:
                return None, None
            latin = font.find(f"{{{A_NS}}}latin")
            ea = font.find(f"{{{A_NS}}}ea")
            ea_name = ea.get("typeface") if ea is not None else None
            if not ea_name:
                for alt in font.findall(f"{{{A_NS}}}font"):
                    if alt.get("script") == script:
                        ea_name = alt.get("typeface")
            return (latin.get("typeface") if latin is not None else None), ea_name or None

        major_latin, major_ea = pick("majorFont")
        minor_latin, minor_ea = pick("minorFont")
        return cls(major_latin, minor_latin, major_ea, minor_ea)

    def resolve(self, theme: str) -> str | None:
        major = theme.startswith("major")
        if "EastAsia" in theme:
            return self.major_ea if major else self.minor_ea
        return self.major_latin if major else self.minor_latin


class Styles:
    """styles.xml with basedOn chains and document defaults."""

    def __init__(self, root: etree._Element | None, theme: ThemeFonts) -> None:
        self.theme = theme
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.doc_rpr: etree._Element | None = None
        self.doc_ppr: etree._Element | None = None
        if root is None:
            return
        for style in root.findall(w("style")):
            sid = style.get(w("styleId"))
            if sid is None:
                continue
            self.by_id[sid] = style
            if style.get(w("default")) in ("1", "true", "on"):
                kind = style.get(w("type"))
                if kind == "paragraph":
                    self.default_paragraph = sid
                elif kind == "character":
                    self.default_character = sid
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.doc_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            self.doc_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        out: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(out) < 32:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            out.append(style)
            style_id = attr_val(style.find(w("basedOn")))
        return out

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        if style is None:
            return style_id or ""
        return attr_val(style.find(w("name"))) or style_id or ""

    def ppr_chain(self, p_style: str | None) -> list[etree._Element]:
        chain = [s.find(w("pPr")) for s in self.chain(p_style or self.default_paragraph)]
        return [el for el in [*chain, self.doc_ppr] if el is not None]

    def rpr_chain(
        self, p_style: str | None, r_style: str | None, direct: etree._Element | None
    ) -> list[etree._Element]:
        levels = [direct]
        levels += [s.find(w("rPr")) for s in self.chain(r_style or self.default_character)]
        levels += [s.find(w("rPr")) for s in self.chain(p_style or self.default_paragraph)]
        levels.append(self.doc_rpr)
        return [el for el in levels if el is not None]

    def font(self, rprs: list[etree._Element], slot: str) -> str | None:
        """Effective font of a slot ("eastAsia", "ascii", "hAnsi"); theme wins per level."""
        for rpr in rprs:
            rfonts = rpr.find(w("rFonts"))
            if rfonts is None:
                continue
            theme = rfonts.get(w(f"{slot}Theme"))
            if theme:
                resolved = self.theme.resolve(theme)
                if resolved:
                    return resolved
            name = rfonts.get(w(slot))
            if name:
                return name
        return None

    @staticmethod
    def size(rprs: list[etree._Element]) -> float:
        for rpr in rprs:
            value = to_int(attr_val(rpr.find(w("sz"))))
            if value:
                return value / 2
        return DEFAULT_FONT_SIZE_PT


# ------------------------------------------------------------------ numbering

_CN = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    return str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return _cn_number(n)
    if fmt in ("ideographTraditional",):
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Rebuilds list labels ("一、", "（一）", "1.") of automatically numbered paragraphs."""

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(w("abstractNum")):
            lvls = {}
            for lvl in an.findall(w("lvl")):
                ilvl = to_int(lvl.get(w("ilvl"))) or 0
                lvls[ilvl] = (
                    attr_val(lvl.find(w("numFmt"))) or "decimal",
                    attr_val(lvl.find(w("lvlText"))) or "",
                    to_int(attr_val(lvl.find(w("start")))) or 1,
                )
            abstract[an.get(w("abstractNumId"), "")] = lvls
        for num in root.findall(w("num")):
            aid = attr_val(num.find(w("abstractNumId")))
            if aid in abstract:
                self.levels[num.get(w("numId"), "")] = abstract[aid]

    def label(self, num_id: str, ilvl: int) -> str:
        lvls = self.levels.get(num_id)
        if not lvls or ilvl not in lvls:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = lvls[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl + 1):
            value = counters[level] or lvls.get(level, ("decimal", "", 1))[2]
            level_fmt = lvls.get(level, ("decimal", "", 1))[0]
            text = text.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return text
