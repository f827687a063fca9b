"""Chinese numerals → int: 二〇一九, 十二, 一百零五, 三万五千, 壹拾贰, 两千, mixed 3万."""

from __future__ import annotations

_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "o": 0, "O": 0, "0": 0,
    "一": 1, "壹": 1, "幺": 1, "1": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "2": 2,
    "三": 3, "叁": 3, "參": 3, "3": 3,
    "四": 4, "肆": 4, "4": 4,
    "五": 5, "伍": 5, "5": 5,
    "六": 6, "陆": 6, "陸": 6, "6": 6,
    "七": 7, "柒": 7, "7": 7,
    "八": 8, "捌": 8, "8": 8,
    "九": 9, "玖": 9, "9": 9,
}  # fmt: skip
_SMALL_UNITS: dict[str, int] = {
    "十": 10, "拾": 10, "什": 10,
    "百": 100, "佰": 100,
    "千": 1000, "仟": 1000,
}  # fmt: skip
_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)
CN_NUMERAL_CHARS = "".join(c for c in NUMERAL_CHARS if not c.isascii())


def cn_numeral_to_int(text: str) -> int | None:
    """Convert a Chinese (or mixed) numeral to an int; ``None`` if it is not a numeral.

    Handles positional digit strings (``二〇一九`` → 2019), unit forms (``一百零五`` → 105,
    ``十二`` → 12, ``三万五千`` → 35000), financial characters (``壹拾贰``) and mixed
    arabic + unit (``3万`` → 30000). Never raises.
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if any(c not in _DIGITS and c not in _SMALL_UNITS and c not in _BIG_UNITS for c in s):
        return None
    # Positional form: only digits (e.g. a year written 二〇一九).
    if all(c in _DIGITS for c in s):
        value = 0
        for c in s:
            value = value * 10 + _DIGITS[c]
        return value
    total = 0  # sum of completed 亿/万 groups
    section = 0  # value inside the current 万-group
    number = 0  # pending digit(s)
    pending_digits = False
    last_big = 10**12
    for c in s:
        if c in _DIGITS:
            number = number * 10 + _DIGITS[c] if pending_digits else _DIGITS[c]
            pending_digits = True
        elif c in _SMALL_UNITS:
            unit = _SMALL_UNITS[c]
            if not pending_digits:
                number = 1  # 十二 = 12
            section += number * unit
            number = 0
            pending_digits = False
        else:
            unit = _BIG_UNITS[c]
            if unit >= last_big and total:
                # e.g. 一万万: multiply everything so far
                total = (total + section + number) * unit
            else:
                group = section + number
                if group == 0 and total == 0:
                    group = 1
                total += group * unit
                last_big = unit
            section = 0
            number = 0
            pending_digits = False
    return total + section + number
