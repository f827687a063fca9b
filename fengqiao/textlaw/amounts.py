"""Money amounts in 元: 5000元, 1.5万元, 人民币二十万元, 壹拾万元整, 1,234.56元, 三十余万元."""

from __future__ import annotations

import re

from fengqiao.textlaw._text import to_halfwidth
from fengqiao.textlaw.numerals import CN_NUMERAL_CHARS, cn_numeral_to_int

_CN = CN_NUMERAL_CHARS
# Matched backwards from each 元: <number> [余/多] [万/亿/千] [余/多] 元
AMOUNT_RE = re.compile(
    rf"(?P<num>\d[\d,，]*(?:\.\d+)?|[{_CN}]+)"
    r"[ \u3000]*(?P<approx>余|多)?[ \u3000]*(?P<unit>万|亿|千)?[ \u3000]*(?:余|多)?[ \u3000]*元$"
)
_THOUSANDS_FW_COMMA = re.compile(r"\d{1,3}(?:，\d{3})+(?:\.\d+)?")
_WINDOW = 32
_UNIT = {"万": 10_000.0, "亿": 100_000_000.0, "千": 1_000.0, None: 1.0}


def _value(num: str, unit: str | None) -> float | None:
    if num[0].isdigit():
        clean = num.replace(",", "").replace("，", "")
        try:
            v = float(clean)
        except ValueError:
            return None
    else:
        iv = cn_numeral_to_int(num)
        if iv is None:
            return None
        v = float(iv)
    return round(v * _UNIT[unit], 2)


def find_amounts(text: str) -> list[tuple[float, int, int]]:
    """All amounts in 元 with their (start, end) offsets. Never raises."""
    if not isinstance(text, str) or "元" not in text:
        return []
    return _find_amounts_hw(to_halfwidth(text))


def _find_amounts_hw(t: str) -> list[tuple[float, int, int]]:
    out: list[tuple[float, int, int]] = []
    search = AMOUNT_RE.search
    i = t.find("元")
    last_end = 0
    while i >= 0:
        lo = max(last_end, i - _WINDOW)
        m = search(t, lo, i + 1)
        if m is not None:
            num = m["num"]
            # "，" is a thousands separator only inside digit groups like 1，000
            if "，" in num and not _THOUSANDS_FW_COMMA.fullmatch(num):
                num = num.rsplit("，", 1)[-1]
            if num:
                v = _value(num, m["unit"])
                if v is not None:
                    out.append((v, m.start(), i + 1))
        last_end = i + 1
        i = t.find("元", i + 1)
    return out


def parse_amounts(text: str) -> list[float]:
    """All money amounts in ``text`` converted to 元 (万元/亿元 handled), in order."""
    return [v for v, _, _ in find_amounts(text)]
