"""Text-measuring helpers: character widths, title line breaking, signature placement."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _tokens(text: str) -> list[str]:
    """Words (rjieba with the legal dictionary of ``fengqiao.textlaw``): a wrapped title keeps
    its words whole (GB/T 9704 7.3.1 "词意完整")."""
    from fengqiao.textlaw.segment import tokenize

    return tokenize(text) or list(text)


# names of organisations kept on one line: "××股份有限公司××分行", "××银行××支行", "××局"
ORG_RE = re.compile(
    r"[\u4e00-\u9fff]{2,}?(?:股份有限公司|有限责任公司|有限公司|银行)"
    r"(?:[\u4e00-\u9fff]{2,6}?(?:分行|支行|分公司|营业部))?"
)
# a break next to these splits a coordinate phrase ("开户和／交易")
_CONJUNCTIONS = ("和", "与", "及", "或", "并", "暨", "以及")


def char_width(ch: str) -> float:
    """Width in 汉字 units: full-width and wide characters 1, others (half-width) 0.5."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("F", "W", "A") else 0.5


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def _protected(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = [m.span() for m in ORG_RE.finditer(text)]
    for unit in keep:
        unit = unit.strip().rstrip("：:")
        start = text.find(unit) if len(unit) >= 2 else -1
        while start >= 0:
            spans.append((start, start + len(unit)))
            start = text.find(unit, start + 1)
    return spans


def _break_points(text: str, keep: tuple[str, ...] = ()) -> list[int]:
    spans = _protected(text, keep)
    points, pos = [], 0
    for token in _tokens(text)[:-1]:
        pos += len(token)
        if not any(a < pos < b for a, b in spans):
            points.append(pos)
    return points


_GOOD_STARTS = ("关于", "的", "司法建议书")


@lru_cache(maxsize=256)
def _best_split(text: str, max_width: float, keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    if text_width(text) <= max_width:
        return (text,)
    best: tuple[float, tuple[str, ...]] | None = None
    for i in _break_points(text, keep) or range(1, len(text)):
        head, tail = text[:i], text[i:]
        if text_width(head) > max_width:
            continue
        rest = _best_split(tail, max_width, keep)
        lines = (head, *rest)
        widths = [text_width(line) for line in lines]
        # fewest lines first, then no break inside a coordinate phrase, then balanced
        # lines, then breaks before 关于/的/司法建议书
        score = len(lines) * 1000 + (max(widths) - min(widths))
        if head.endswith(_CONJUNCTIONS) or tail.startswith(_CONJUNCTIONS):
            score += 50
        if not tail.startswith(_GOOD_STARTS):
            score += 3
        if best is None or score < best[0]:
            best = (score, lines)
    if best is None:  # a single token wider than a line: hard split
        cut = int(max_width)
        return (text[:cut], *_best_split(text[cut:], max_width, keep))
    return best[1]


def split_title_lines(title: str, max_width: float, *, keep: tuple[str, ...] = ()) -> list[str]:
    """Break a title into centred lines of at most ``max_width`` 汉字.

    A court name that fits on its own line gets its own line (the usual 梯形 shape:
    "××人民法院" / "关于××的司法建议书"); the rest is broken at word boundaries (the legal
    dictionary's words, organisation names and the ``keep`` units — the recipient's name —
    whole, coordinate phrases such as "开户和交易" not split) into as few, as balanced
    lines as possible.
    """
    keep = tuple(k for k in keep if k)
    if text_width(title) <= max_width:
        return [title]
    marker = "人民法院"
    cut = title.find(marker)
    if cut > 0:
        head, tail = title[: cut + len(marker)], title[cut + len(marker) :]
        if text_width(head) <= max_width and tail:
            return [head, *_best_split(tail, max_width, keep)]
    return list(_best_split(title, max_width, keep))


def signature_right_indent(court_name: str, date_text: str, *, date_indent: float = 4) -> float:
    """Right indent (in 汉字) that centres the court name over the date.

    GB/T 9704 7.3.5.1: the date is 右空四字 and the issuer is centred on the date. A court
    name wider than that allows is set flush right (indent 0).
    """
    centre = date_indent + text_width(date_text) / 2
    return max(0.0, centre - text_width(court_name) / 2)


def split_court_name(court_name: str, max_width: float) -> list[str]:
    """Cover title lines for a court name: "江苏省连云港经济技术开发区" / "人民法院"."""
    if text_width(court_name) <= max_width:
        return [court_name]
    suffix = "人民法院"
    head = court_name.removesuffix(suffix)
    if head != court_name and text_width(head) <= max_width:
        return [head, suffix]
    return list(_best_split(court_name, max_width))
