"""Read any .docx (ours, or hand-edited in Word or WPS) into a checkable model.

Paragraphs carry their text (with rebuilt numbering labels), runs with effective fonts
and sizes, and effective alignment, indents and line spacing; sections carry page size,
margins, the document grid and footer references.  See :mod:`.package` for the safety
limits and :mod:`.wordstyles` for how properties are resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from .package import R_NS, Package, UnreadableDocument, parse_xml, w
from .wordstyles import Numbering, Styles, ThemeFonts, attr_val, to_int

__all__ = ["DocxModel", "Numbering", "Paragraph", "UnreadableDocument", "parse_xml", "read_docx"]


@dataclass
class Run:
    text: str
    start: int
    end: int
    east_asia_font: str | None
    ascii_font: str | None
    size_pt: float


@dataclass
class Paragraph:
    index: int
    text: str
    label: str
    runs: list[Run]
    style_id: str | None
    style_name: str
    alignment: str
    first_line: int  # twips; negative = hanging
    left: int
    right: int
    line: int | None
    line_rule: str | None
    section: int
    in_table: bool
    base_size_pt: float
    # Word's “允许标点溢出边界” (w:overflowPunct, on unless switched off): a line-end 、 or 。
    # may then hang outside the 版心 as a 29th position
    overflow_punct: bool = True
    cell_width: int | None = None  # twips, for a paragraph in a table cell with a set width

    @property
    def stripped(self) -> str:
        return self.text.strip().replace("\n", "")

    def excerpt(self, limit: int = 18) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= limit else text[:limit] + "…"

    @property
    def where(self) -> str:
        return f"第{self.index}段“{self.excerpt()}”"

    def runs_in(self, start: int, end: int) -> Iterator[Run]:
        for run in self.runs:
            if run.end > start and run.start < end and run.text.strip():
                yield run


@dataclass
class Section:
    index: int
    page_width: int
    page_height: int
    top: int
    bottom: int
    left: int
    right: int
    footer_refs: dict[str, str]
    grid_type: str | None
    line_pitch: int | None
    char_space: int | None
    orientation: str | None


@dataclass
class Footer:
    part: str
    paragraphs: list[Paragraph]
    has_page_field: bool


@dataclass
class DocxModel:
    paragraphs: list[Paragraph]
    sections: list[Section]
    footers: dict[str, Footer] = field(default_factory=dict)
    even_and_odd: bool = False

    def section_of(self, paragraph: Paragraph) -> Section:
        return self.sections[min(paragraph.section, len(self.sections) - 1)]


_SKIP_ANCESTORS = {w("del"), w("moveFrom"), w("txbxContent")}


def _run_text(r: etree._Element) -> str:
    parts = []
    for child in r:
        tag = child.tag
        if tag == w("t"):
            parts.append(child.text or "")
        elif tag == w("tab"):
            parts.append("\t")
        elif tag in (w("br"), w("cr")):
            parts.append("\n")
        elif tag == w("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _own_runs(p: etree._Element) -> Iterator[etree._Element]:
    for r in p.iter(w("r")):
        node = r.getparent()
        skip = False
        while node is not None and node is not p:
            if node.tag in _SKIP_ANCESTORS or node.tag == w("p"):
                skip = True
                break
            node = node.getparent()
        if not skip:
            yield r


class _Builder:
    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.count = 0

    def _ppr_value(
        self, chain: list[etree._Element], child: str, attrs: tuple[str, ...]
    ) -> dict[str, str]:
        """First level (direct → styles → defaults) that sets any of ``attrs`` on ``child``."""
        for ppr in chain:
            el = ppr.find(w(child))
            if el is None:
                continue
            found = {a: el.get(w(a)) for a in attrs if el.get(w(a)) is not None}
            if found:
                return found
        return {}

    def _indent(self, chain: list[etree._Element], names: tuple[str, str], char: float) -> int:
        found = self._ppr_value(
            chain, "ind", (names[0], names[0] + "Chars", names[1], names[1] + "Chars")
        )
        for name in names:
            chars = to_int(found.get(name + "Chars"))
            if chars:
                return round(chars / 100 * char)
            twips = to_int(found.get(name))
            if twips is not None:
                return twips
        return 0

    def paragraph(self, p: etree._Element, section: int, in_table: bool) -> Paragraph:
        self.count += 1
        ppr = p.find(w("pPr"))
        p_style = attr_val(ppr.find(w("pStyle"))) if ppr is not None else None
        chain = ([ppr] if ppr is not None else []) + self.styles.ppr_chain(p_style)
        base_size = self.styles.size(self.styles.rpr_chain(p_style, None, None))
        char = base_size * 20
        first = self._indent(chain, ("firstLine", "firstLine"), char)
        hanging_found = self._ppr_value(
            chain, "ind", ("firstLine", "firstLineChars", "hanging", "hangingChars")
        )
        hang_chars = to_int(hanging_found.get("hangingChars"))
        hang = to_int(hanging_found.get("hanging"))
        if hang_chars or hang:
            first = -(round(hang_chars / 100 * char) if hang_chars else hang)
        left = self._indent(chain, ("left", "start"), char)
        right = self._indent(chain, ("right", "end"), char)
        jc = self._ppr_value(chain, "jc", ("val",)).get("val", "left")
        jc = {"start": "left", "end": "right"}.get(jc, jc)
        spacing = self._ppr_value(chain, "spacing", ("line",))
        rule = self._ppr_value(chain, "spacing", ("lineRule",)).get("lineRule")
        overflow = next(
            (x.find(w("overflowPunct")) for x in chain if x.find(w("overflowPunct")) is not None),
            None,
        )
        label = ""
        num_pr = next((x.find(w("numPr")) for x in chain if x.find(w("numPr")) is not None), None)
        if num_pr is not None:
            num_id = attr_val(num_pr.find(w("numId")))
            ilvl = to_int(attr_val(num_pr.find(w("ilvl")))) or 0
            if num_id and num_id != "0":
                label = self.numbering.label(num_id, ilvl)
        runs: list[Run] = []
        pos = len(label)
        texts = [label]
        for r in _own_runs(p):
            text = _run_text(r)
            if not text:
                continue
            rpr = r.find(w("rPr"))
            r_style = attr_val(rpr.find(w("rStyle"))) if rpr is not None else None
            rprs = self.styles.rpr_chain(p_style, r_style, rpr)
            runs.append(
                Run(
                    text=text,
                    start=pos,
                    end=pos + len(text),
                    east_asia_font=self.styles.font(rprs, "eastAsia"),
                    ascii_font=self.styles.font(rprs, "ascii"),
                    size_pt=self.styles.size(rprs),
                )
            )
            texts.append(text)
            pos += len(text)
        return Paragraph(
            index=self.count,
            text="".join(texts),
            label=label,
            runs=runs,
            style_id=p_style,
            style_name=self.styles.name(p_style or self.styles.default_paragraph),
            alignment=jc,
            first_line=first,
            left=left,
            right=right,
            line=to_int(spacing.get("line")),
            line_rule=rule or ("auto" if spacing.get("line") else None),
            section=section,
            in_table=in_table,
            base_size_pt=base_size,
            overflow_punct=overflow is None
            or overflow.get(w("val"), "1") not in ("0", "false", "off"),
        )

    def walk(
        self, container: etree._Element, section_box: list[int], in_table: bool = False
    ) -> Iterator[Paragraph]:
        for child in container:
            if child.tag == w("p"):
                yield self.paragraph(child, section_box[0], in_table)
                ppr = child.find(w("pPr"))
                if ppr is not None and ppr.find(w("sectPr")) is not None:
                    section_box[0] += 1
            elif child.tag == w("tbl"):
                for cell in child.iter(w("tc")):
                    tcw = cell.find(f"{w('tcPr')}/{w('tcW')}")
                    width = None
                    if tcw is not None and tcw.get(w("type"), "dxa") == "dxa":
                        width = to_int(tcw.get(w("w")))
                    for p in self.walk(cell, section_box, True):
                        p.cell_width = p.cell_width or width
                        yield p
            elif child.tag in (w("sdt"), w("customXml"), w("ins"), w("moveTo")):
                content = child.find(w("sdtContent"))
                yield from self.walk(
                    content if content is not None else child, section_box, in_table
                )


def _section(index: int, sect_pr: etree._Element, rels: dict[str, tuple[str, str]]) -> Section:
    pg_sz = sect_pr.find(w("pgSz"))
    pg_mar = sect_pr.find(w("pgMar"))
    grid = sect_pr.find(w("docGrid"))
    refs = {}
    for ref in sect_pr.findall(w("footerReference")):
        rid = ref.get(f"{{{R_NS}}}id")
        if rid in rels:
            refs[ref.get(w("type"), "default")] = rels[rid][1]

    def mar(name: str, default: int) -> int:
        value = to_int(attr_val(pg_mar, name)) if pg_mar is not None else None
        return abs(value) if value is not None else default

    return Section(
        index=index,
        page_width=(to_int(attr_val(pg_sz, "w")) if pg_sz is not None else None) or 12240,
        page_height=(to_int(attr_val(pg_sz, "h")) if pg_sz is not None else None) or 15840,
        top=mar("top", 1440),
        bottom=mar("bottom", 1440),
        left=mar("left", 1800),
        right=mar("right", 1800),
        footer_refs=refs,
        grid_type=attr_val(grid, "type") if grid is not None else None,
        line_pitch=to_int(attr_val(grid, "linePitch")) if grid is not None else None,
        char_space=to_int(attr_val(grid, "charSpace")) if grid is not None else None,
        orientation=attr_val(pg_sz, "orient") if pg_sz is not None else None,
    )


def _has_page_field(root: etree._Element) -> bool:
    for fld in root.iter(w("fldSimple")):
        if "PAGE" in (fld.get(w("instr")) or "").upper().split():
            return True
    for instr in root.iter(w("instrText")):
        if "PAGE" in (instr.text or "").upper().split():
            return True
    return False


def read_docx(source: str | Path | bytes | BinaryIO) -> DocxModel:
    """Parse a .docx into a :class:`DocxModel`; raises :class:`UnreadableDocument`."""
    pkg = Package(source)
    main = pkg.main_part()
    rels = pkg.rels(main)

    def related(suffix: str) -> etree._Element | None:
        for rel_type, name in rels.values():
            if rel_type.endswith("/" + suffix) and pkg.has(name):
                return pkg.xml(name)
        return None

    document = pkg.xml(main)
    body = document.find(w("body"))
    if body is None:
        raise UnreadableDocument("word/document.xml 中没有正文（w:body）。")
    styles = Styles(related("styles"), ThemeFonts.parse(related("theme")))
    builder = _Builder(styles, Numbering(related("numbering")))
    paragraphs = list(builder.walk(body, [0]))

    sect_prs = [el for el in body.iter(w("sectPr")) if el.getparent().tag in (w("pPr"), w("body"))]
    sections = [_section(i, el, rels) for i, el in enumerate(sect_prs)]
    if not sections:
        sections = [_section(0, etree.Element(w("sectPr")), rels)]
    # a section without its own footer reference inherits the previous section's
    for prev, cur in pairwise(sections):
        for kind, part in prev.footer_refs.items():
            cur.footer_refs.setdefault(kind, part)

    footers: dict[str, Footer] = {}
    for section in sections:
        for part in section.footer_refs.values():
            if part in footers or not pkg.has(part):
                continue
            root = pkg.xml(part)
            fb = _Builder(styles, Numbering(None))
            footers[part] = Footer(part, list(fb.walk(root, [0])), _has_page_field(root))

    even_and_odd = False
    settings = related("settings")
    if settings is not None:
        el = settings.find(w("evenAndOddHeaders"))
        even_and_odd = el is not None and el.get(w("val"), "1") not in ("0", "false", "off")
    return DocxModel(paragraphs, sections, footers, even_and_odd)
