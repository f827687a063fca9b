"""Operators: turn a span into its replacement text. Recognition is done elsewhere."""

from __future__ import annotations

import re
from collections import defaultdict

from .lexicon import PLATE_PROVINCES
from .model import (
    ADDRESS,
    AMOUNT,
    BANK_ACCOUNT,
    BIRTH_DATE,
    CERTIFICATE,
    CONTACT,
    EMAIL,
    ID_CARD,
    PHONE,
    PLATE,
    Person,
    Span,
)
from .names import pseudonym_base
from .textutil import DATE_RE

MASK = "×"


def assign_pseudonyms(ordered: list[Person], existing: set[str]) -> dict[str, str]:
    """person_id -> pseudonym. 第九条: surname + 某; equal results are numbered 张某1, 张某2 in
    order of first appearance, skipping numbers (and the bare form) already in the text."""
    groups: dict[str, list[Person]] = defaultdict(list)
    out: dict[str, str] = {}
    for p in ordered:
        if p.fixed_pseudonym:
            out[p.person_id] = p.fixed_pseudonym
        else:
            groups[pseudonym_base(p.name, p.ethnic)].append(p)
    for base, people in groups.items():
        if (
            len(people) == 1
            and base not in existing
            and not any(re.fullmatch(re.escape(base) + r"\d+", e) for e in existing)
        ):
            out[people[0].person_id] = base
            continue
        n = 0
        for p in people:
            n += 1
            while f"{base}{n}" in existing:
                n += 1
            out[p.person_id] = f"{base}{n}"
    return out


def _mask_digits(s: str, keep_head: int = 0) -> str:
    return s[:keep_head] + re.sub(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]", MASK, s[keep_head:])


def _birth(s: str, mode: str) -> str:
    m = DATE_RE.search(s)
    if mode == "year" and m:
        return m.group("y") + "年"
    return "××××年××月××日"


def replacement_for(span: Span, pseudonyms: dict[str, str], birth_mode: str | None = None) -> str:
    if span.person_id is not None:
        return pseudonyms[span.person_id]
    if span.kind == PLATE:
        head = 2 if span.text[:1] in PLATE_PROVINCES else 0
        return (
            span.text[:head]
            + MASK * (len(span.text) - head - (1 if span.text[-1] in "挂学警港澳" else 0))
            + (span.text[-1] if span.text[-1] in "挂学警港澳" else "")
        )
    if span.kind in (ID_CARD, PHONE, BANK_ACCOUNT, CERTIFICATE):
        return _mask_digits(span.text)
    if span.kind in (ADDRESS, EMAIL, CONTACT):
        return MASK * 3
    if span.kind == BIRTH_DATE:
        return _birth(span.text, birth_mode or "mask")
    if span.kind == AMOUNT:
        return span.reason  # the bucket label computed by the recogniser
    return MASK * 3
