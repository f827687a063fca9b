"""Recognisers and bucketing used by the research policy: dates of birth and money amounts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from .model import AMOUNT, BIRTH_DATE, Span
from .textutil import DATE_RE, chinese_to_int, fold_width

_BIRTH_RE = re.compile(
    rf"(?:出生于|生于|出生日期[:：]?)(?P<a>{DATE_RE.pattern})"
    rf"|(?P<b>{DATE_RE.pattern.replace('?P<', '?P<b')})(?=出生|生[，,。于]|生人)"
)
_CN_NUM = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_AMOUNT_RE = re.compile(
    rf"(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN_NUM}]+)(?P<big>万|亿|千|百)?(?P<mod>余|多)?元(?P<about>左右|许)?"
)
_EDGES = [
    Decimal(x)
    for x in (
        0,
        1000,
        3000,
        5000,
        10_000,
        30_000,
        50_000,
        100_000,
        300_000,
        500_000,
        1_000_000,
        3_000_000,
        5_000_000,
        10_000_000,
        50_000_000,
        100_000_000,
        1_000_000_000,
    )
]
_MULT = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}


def birth_dates(text: str) -> list[Span]:
    out: list[Span] = []
    for m in _BIRTH_RE.finditer(text):
        g = "a" if m.group("a") else "b"
        s, e = m.start(g), m.end(g)
        out.append(Span(s, e, text[s:e], BIRTH_DATE, "出生日期", 0.9))
    return out


def parse_amount(num: str, big: str | None) -> Decimal | None:
    num = num.replace(",", "")
    try:
        value = Decimal(num) if num[0].isdigit() else Decimal(chinese_to_int(num) or 0)
    except (InvalidOperation, IndexError):
        return None
    return value * _MULT[big] if big else value


def _fmt(v: Decimal) -> str:
    if v >= 100_000_000:
        return f"{v / 100_000_000:g}亿元"
    if v >= 10_000:
        return f"{v / 10_000:g}万元"
    return f"{v:g}元"


def bucket(value: Decimal) -> str:
    """10万元以上50万元以下 style label for an amount."""
    if value >= _EDGES[-1]:
        return f"{_fmt(_EDGES[-1])}以上"
    for lo, hi in pairwise(_EDGES):
        if lo <= value < hi:
            return f"{_fmt(hi)}以下" if lo == 0 else f"{_fmt(lo)}以上{_fmt(hi)}以下"
    return _fmt(value)


def amounts(text: str) -> list[Span]:
    """Exact money amounts; ranges and thresholds (…元以上, 至…元, …元以下) are left alone."""
    folded = fold_width(text)
    out: list[Span] = []
    for m in _AMOUNT_RE.finditer(folded):
        after = folded[m.end() : m.end() + 2]
        before = folded[max(0, m.start() - 1) : m.start()]
        if after.startswith(("以上", "以下", "至")) or before in ("至", "~", "-", "－"):
            continue  # a range or a statutory threshold
        if before == "到" and re.search(r"\d元?$", folded[max(0, m.start() - 8) : m.start() - 1]):
            continue
        value = parse_amount(m.group("num"), m.group("big"))
        if value is None or value == 0:
            continue
        out.append(Span(m.start(), m.end(), text[m.start() : m.end()], AMOUNT, bucket(value), 0.9))
    return out
