"""Dates that decide whether a party was a minor: judgment date, the earliest dated act."""

from __future__ import annotations

import datetime as dt
import re

from .names import (
    is_mask_like,
)
from .parties import PartyInfo
from .textutil import DATE_RE, age_on, find_dates, parse_date_match

_FACTS_RE = re.compile(r"指控|经审理查明|审理查明|经审理|查明")
_SIGN_DATE_RE = re.compile(
    r"[二〇○一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)


def judgment_date(text: str) -> dt.date | None:
    found = list(_SIGN_DATE_RE.finditer(text, max(0, len(text) - 1500)))
    if not found:
        return None
    dm = DATE_RE.search(found[-1].group())
    return parse_date_match(dm) if dm else None


_RECORD_RE = re.compile(
    r"判处|刑满|释放|取保候审|刑事拘留|行政拘留|逮捕|羁押|抓获|投案|立案|起诉|受理|缓刑|假释"
)
_BIRTHLIKE_AFTER = re.compile(r"\s?(?:出生|生[，,）)]|生人)")


def offence_date(
    text: str, start: int, birth: dt.date | None = None, name: str | None = None
) -> dt.date | None:
    """The earliest date in the facts (after 指控 / 经审理查明) — in a sentence that names the
    person when there is one — skipping dates of birth and dates before the person was 12."""
    m = _FACTS_RE.search(text, start)
    if not m:
        return None
    floor = dt.date(birth.year + 12, 1, 1) if birth else dt.date(1950, 1, 1)
    end = min(len(text), m.start() + 6000)
    found: list[dt.date] = []  # in a sentence about 被告人
    named: list[dt.date] = []  # in a sentence that names the person
    for pos, day in find_dates(text, m.start(), end):
        dm = DATE_RE.match(text, pos)
        if day < floor or (dm and _BIRTHLIKE_AFTER.match(text, dm.end())):
            continue
        if re.search(r"(?:出生于|生于|出生日期[:：]?)$", text[max(0, pos - 6) : pos]):
            continue
        s0 = max(text.rfind("。", 0, pos), text.rfind("；", 0, pos)) + 1
        s1 = text.find("。", pos)
        sentence = text[s0 : s1 if s1 > 0 else end]
        if _RECORD_RE.search(sentence):
            continue  # a prior conviction, an arrest or a release, not the act
        if name and not is_mask_like(name) and name in sentence:
            named.append(day)
        elif "被告人" in sentence:
            found.append(day)
    if named:
        return min(named)
    return min(found) if found else None


def is_minor(info: PartyInfo, offence: dt.date | None, judged: dt.date | None) -> bool:
    if info.minor_flag and info.role in (
        "defendant",
        "victim",
        "party",
        "minor",
        "civil_plaintiff",
    ):
        return True
    if info.birth:
        day = offence or judged
        return day is not None and age_on(info.birth, day) < 18
    return info.age is not None and info.age < 18
