"""Find calendar dates in Chinese legal text: 2019年3月12日, 二〇一九年三月十二日, 2019-03-12."""

from __future__ import annotations

import re
from datetime import date

from fengqiao.textlaw._text import to_halfwidth
from fengqiao.textlaw.numerals import cn_numeral_to_int

_Y_CN = "〇零○ＯOo0一二三四五六七八九"
_N_CN = "一二三四五六七八九十〇零○两Oo"
_S = r"[ \u3000]*"

DATE_RE = re.compile(
    rf"(?P<y>[12]\d{{3}}|[{_Y_CN}]{{4}}){_S}年{_S}"
    rf"(?P<m>\d{{1,2}}|[{_N_CN}]{{1,3}}){_S}月{_S}"
    rf"(?P<d>\d{{1,2}}|[{_N_CN}]{{1,4}}){_S}[日号]"
)
ISO_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>[12]\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
)


def _num(s: str) -> int | None:
    return int(s) if s.isdigit() else cn_numeral_to_int(s)


def _mk(y: str, m: str, d: str) -> date | None:
    yy, mm, dd = _num(y), _num(m), _num(d)
    if yy is None or mm is None or dd is None or not 1900 <= yy <= 2100:
        return None
    try:
        return date(yy, mm, dd)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """All valid dates with their (start, end) offsets, in order of appearance."""
    if not isinstance(text, str) or not text:
        return []
    t = to_halfwidth(text)
    out: list[tuple[date, int, int]] = []
    for m in DATE_RE.finditer(t):
        d = _mk(m["y"], m["m"], m["d"])
        if d is not None:
            out.append((d, m.start(), m.end()))
    if "-" in t or "/" in t or "." in t:
        for m in ISO_DATE_RE.finditer(t):
            d = _mk(m["y"], m["m"], m["d"])
            if d is not None:
                out.append((d, m.start(), m.end()))
        out.sort(key=lambda x: x[1])
    return out


def parse_dates(text: str) -> list[date]:
    """All valid dates in ``text`` (Arabic or Chinese numerals), in order. Never raises."""
    return [d for d, _, _ in find_dates(text)]


def parse_date(text: str) -> date | None:
    """The first date in ``text`` or ``None``."""
    found = find_dates(text)
    return found[0][0] if found else None
