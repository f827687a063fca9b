"""Find the parts of a 司法建议书 (title, 编号, 被建议单位, body, 尾部) in a read .docx.

Works on text and position only, so it also finds the parts of hand-written letters
that use no styles at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .doc_number import looks_like_doc_number
from .reader import DocxModel, Paragraph

_CN_NUM = "〇零○一二三四五六七八九十"
DATE_RE = re.compile(
    rf"^(?P<y>[0-9０-９]{{4}}|[{_CN_NUM}]{{4}})年"
    rf"(?P<m>[0-9０-９]{{1,2}}|[{_CN_NUM}]{{1,3}})月"
    rf"(?P<d>[0-9０-９]{{1,2}}|[{_CN_NUM}]{{1,3}})日$"
)
TITLE_RE = re.compile(r"^(?P<court>.*?人民法院)关于(?P<topic>.+)的司法建议书$")

HEADING_RES = {
    1: re.compile(r"^[一二三四五六七八九十]+、"),
    2: re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    3: re.compile(r"^[0-9]+[.．](?![0-9])"),
    4: re.compile(r"^[（(][0-9]+[）)]"),
}
SUGGEST_INTRO_RE = re.compile(r"特建议|建议如下|提出(如下|以下)(司法)?建议")
ATTACHMENT_RE = re.compile(r"^附件[：:]?\s*")
ATTACHMENT_ITEM_RE = re.compile(r"^[0-9]+[.．、]")
SEAL_RE = re.compile(r"院印|印章|（章）")
# a draft's mark on its own line above the title (“征求意见稿”), not part of the title
DRAFT_MARK_RE = re.compile(r"[（(]?(征求意见稿|讨论稿|送审稿|草稿)[）)]?")


def compact(text: str) -> str:
    return "".join(text.split())


def heading_level(text: str) -> int | None:
    text = text.lstrip()
    for level, pattern in HEADING_RES.items():
        if pattern.match(text):
            return level
    return None


def heading_span(text: str) -> int:
    """End offset of a run-in heading: through the first 。 or ：, or the whole paragraph."""
    for mark in ("。", "：", "？", "！"):
        pos = text.find(mark)
        if pos >= 0:
            return pos + 1
    return len(text)


@dataclass
class Layout:
    """Positions (indexes into ``DocxModel.paragraphs``) of the letter's parts."""

    title: list[Paragraph] = field(default_factory=list)
    number: Paragraph | None = None
    recipient: Paragraph | None = None
    body: list[Paragraph] = field(default_factory=list)
    attachments: list[Paragraph] = field(default_factory=list)
    seal: Paragraph | None = None
    court: Paragraph | None = None
    date: Paragraph | None = None
    contact: Paragraph | None = None
    cc: list[Paragraph] = field(default_factory=list)
    main_section: int = 0

    @property
    def title_text(self) -> str:
        return "".join(compact(p.text) for p in self.title)


def _position(paras: list[Paragraph], p: Paragraph | None) -> int:
    return paras.index(p) if p is not None else -1


def _title_before(paras: list[Paragraph], end: int) -> list[Paragraph]:
    """Up to three adjacent non-empty paragraphs ending just before ``end``."""
    out: list[Paragraph] = []
    i = end - 1
    while (
        i >= 0
        and len(out) < 3
        and paras[i].stripped
        and not paras[i].in_table
        and not DRAFT_MARK_RE.fullmatch(compact(paras[i].text))
    ):
        out.insert(0, paras[i])
        i -= 1
    return out


def _find_title(
    paras: list[Paragraph], number_at: int, suffix: str = "司法建议书"
) -> list[Paragraph]:
    if number_at >= 0:
        before = _title_before(paras, number_at)
        for k in range(len(before)):
            joined = "".join(compact(p.text) for p in before[k:])
            if suffix in joined:
                return before[k:]
        after: list[Paragraph] = []
        for p in paras[number_at + 1 : number_at + 4]:
            if not p.stripped or p.stripped.endswith(("：", ":")):
                break
            after.append(p)
            if compact(p.text).endswith(suffix):
                return after
        if before and any("人民法院" in compact(p.text) for p in before):
            return before  # the lines above the 文号 are the title, whatever it ends with
    for i, p in enumerate(paras):
        if p.in_table or not compact(p.text).endswith(suffix):
            continue
        block = _title_before(paras, i + 1)
        for k in range(len(block)):
            joined = "".join(compact(q.text) for q in block[k:])
            if "关于" in joined:
                return block[k:]
        if i < 4:  # a title without “关于” at the head: the rules say what is wrong with it
            return [p]
    return []


def locate(model: DocxModel, *, title_suffix: str = "司法建议书") -> Layout:
    """The parts of a letter whose title ends with ``title_suffix`` (司法建议书, 函, 报告)."""
    paras = [p for p in model.paragraphs if not p.in_table]
    layout = Layout()
    number_at = next(
        (i for i, p in enumerate(paras) if p.stripped and looks_like_doc_number(p.stripped)), -1
    )
    layout.title = _find_title(paras, number_at, title_suffix)
    if number_at >= 0:
        layout.number = paras[number_at]
    header = [layout.number] if layout.number else []
    header += layout.title
    header_end = max((_position(paras, p) for p in header), default=-1)
    anchor = layout.title[0] if layout.title else (layout.number or None)
    if anchor is not None:
        layout.main_section = anchor.section
    elif paras:
        layout.main_section = paras[-1].section

    rest = [p for p in paras[header_end + 1 :] if p.stripped]
    if rest and rest[0].stripped.endswith(("：", ":")) and len(rest[0].stripped) <= 40:
        layout.recipient = rest.pop(0)

    # the 尾部, found from the end: date, then court name (and seal) above it
    date_at = next(
        (i for i in range(len(rest) - 1, -1, -1) if DATE_RE.match(compact(rest[i].text))), -1
    )
    if date_at >= 0:
        layout.date = rest[date_at]
        i = date_at - 1
        while i >= 0 and SEAL_RE.search(rest[i].stripped) and len(rest[i].stripped) <= 10:
            layout.seal = layout.seal or rest[i]
            i -= 1
        if i >= 0 and compact(rest[i].text).endswith("法院") and len(rest[i].stripped) <= 30:
            layout.court = rest[i]
            i -= 1
        while i >= 0 and SEAL_RE.search(rest[i].stripped) and len(rest[i].stripped) <= 10:
            layout.seal = rest[i]
            i -= 1
    else:  # no date: the court name is the last short line ending in 法院
        layout.court = next(
            (
                p
                for p in reversed(rest)
                if compact(p.text).endswith("法院") and len(p.stripped) <= 30
            ),
            None,
        )

    tail = {id(p) for p in (layout.seal, layout.court, layout.date) if p is not None}
    in_attachments = False
    cc_open = False
    for p in rest:
        text = p.stripped
        if id(p) in tail:
            in_attachments = cc_open = False
            continue
        if ATTACHMENT_RE.match(text) and (text.startswith(("附件：", "附件:")) or len(text) < 40):
            layout.attachments.append(p)
            in_attachments = True
            continue
        if in_attachments and ATTACHMENT_ITEM_RE.match(text):
            layout.attachments.append(p)
            continue
        in_attachments = False
        if text.startswith("联系人") and layout.contact is None:
            layout.contact = p
            cc_open = False
            continue
        if text.startswith("抄送"):
            layout.cc.append(p)
            cc_open = not text.endswith("。")
            continue
        if cc_open and (p.left > 0 or p.text.startswith(("　", " "))):
            layout.cc.append(p)
            cc_open = not text.endswith("。")
            continue
        cc_open = False
        if layout.seal is None and SEAL_RE.search(text) and len(text) <= 10:
            layout.seal = p
            continue
        first_tail = min(
            (_position(rest, q) for q in (layout.seal, layout.court, layout.date) if q),
            default=len(rest),
        )
        if _position(rest, p) < first_tail and not layout.attachments:
            layout.body.append(p)
    return layout


@dataclass
class BodyOutline:
    """How the body enumerates problems and suggestions."""

    problems_count: int | None
    suggestions_count: int | None
    problems_at: Paragraph | None
    suggestions_at: Paragraph | None
    first_problem_index: int | None  # index in layout.body of the first problem-related para


def _count_items(paras: list[Paragraph]) -> int:
    levels = [heading_level(p.text) for p in paras]
    for level in (2, 3, 1, 4):
        n = sum(1 for lv in levels if lv == level)
        if n:
            return n
    return 0


def outline(body: list[Paragraph]) -> BodyOutline:
    levels = [heading_level(p.text) for p in body]
    l1 = [i for i, lv in enumerate(levels) if lv == 1]
    problems = next((i for i in l1 if "问题" in body[i].text[: heading_span(body[i].text)]), None)
    suggest = next(
        (i for i in l1 if "建议" in body[i].text[: heading_span(body[i].text)] and i != problems),
        None,
    )
    found = next((i for i, p in enumerate(body) if "发现" in p.text or levels[i] in (1, 2)), None)
    if problems is not None or suggest is not None:

        def section(start: int | None) -> list[Paragraph]:
            if start is None:
                return []
            nxt = next((i for i in l1 if i > start), len(body))
            return body[start + 1 : nxt]

        p_items, s_items = section(problems), section(suggest)
        return BodyOutline(
            _count_items(p_items) if p_items else None,
            _count_items(s_items) if s_items else None,
            body[problems] if problems is not None else None,
            body[suggest] if suggest is not None else None,
            found,
        )
    split = next((i for i, p in enumerate(body) if SUGGEST_INTRO_RE.search(p.text)), None)
    if split is None:
        return BodyOutline(None, None, None, None, found)
    start = found if found is not None and found < split else None
    problems_part = body[start:split] if start is not None else []
    return BodyOutline(
        _count_items(problems_part) if start is not None else None,
        _count_items(body[split + 1 :]),
        body[start] if start is not None else None,
        body[split],
        found,
    )
