"""Small text helpers: width folding that keeps offsets, Chinese numerals, dates."""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import CHINESE_DIGITS

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH.update({"．": ".", "－": "-", "＠": "@", "＋": "+", "（": "(", "）": ")", "\u3000": " "})
_FOLD_TABLE = str.maketrans(_FULLWIDTH)


def fold_width(text: str) -> str:
    """Map full-width digits, letters and a few symbols to ASCII, one character for one.

    The result has the same length as the input, so offsets found in it are offsets in the
    original text.
    """
    return text.translate(_FOLD_TABLE)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def chinese_to_int(s: str) -> int | None:
    """Parse a Chinese numeral (二千三百, 十五, 一万五千, 二〇一六) into an int."""
    s = s.replace("壹", "一").replace("贰", "二").replace("叁", "三").replace("肆", "四")
    s = s.replace("伍", "五").replace("陆", "六").replace("柒", "七").replace("捌", "八")
    s = s.replace("玖", "九").replace("零", "〇") if any(u in s for u in "十百千万亿拾佰仟") else s
    if not s:
        return None
    if all(ch in CHINESE_DIGITS for ch in s):  # digit by digit: 二〇一六
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in s))
    total = section = number = 0
    for ch in s:
        if ch in CHINESE_DIGITS:
            number = CHINESE_DIGITS[ch]
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
        elif ch in _BIG_UNITS:
            section += number
            total += section * _BIG_UNITS[ch]
            section = number = 0
        else:
            return None
    return total + section + number


_NUM = r"[0-9０-９]+|[〇○零一二两三四五六七八九十]+"
DATE_RE = re.compile(
    rf"(?P<y>[0-9０-９]{{4}}|[〇○零一二三四五六七八九]{{4}})年(?P<m>{_NUM})月(?:(?P<d>{_NUM})[日号])?"
)


def _to_int(s: str) -> int | None:
    s = fold_width(s)
    return int(s) if s.isdigit() else chinese_to_int(s)


def parse_date_match(m: re.Match[str]) -> dt.date | None:
    y, mo = _to_int(m.group("y")), _to_int(m.group("m"))
    d = _to_int(m.group("d")) if m.group("d") else 1
    if not (y and mo and d):
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, dt.date]]:
    """All dates (Arabic or Chinese numerals) in text[start:end] with their offsets."""
    out: list[tuple[int, dt.date]] = []
    for m in DATE_RE.finditer(text, start, len(text) if end is None else end):
        d = parse_date_match(m)
        if d is not None:
            out.append((m.start(), d))
    return out


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
