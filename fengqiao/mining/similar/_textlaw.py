"""Adapter over ``fengqiao.textlaw`` (the corpus parser) with a private fallback.

The real package is preferred whenever it can be imported. Its ``Judgment`` is normalised into
``ParsedCase`` so the rest of the engine does not depend on either parser's exact types. A
text the real parser finds no sections in is re-tried with the fallback splitter (useful while
textlaw is still being written, harmless afterwards). ``BACKEND`` tells which is in use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fengqiao.mining.similar import _fallback

# textlaw's cause_kind / case category names; the fallback uses the same vocabulary.
KIND_LABELS = {
    "criminal": "刑事",
    "civil": "民事",
    "admin": "行政",
    "execution": "执行",
    "compensation": "国家赔偿",
    "bankruptcy": "破产",
}


@dataclass(frozen=True)
class ParsedCase:
    sections: dict[str, str]
    cause: str | None = None
    parties: tuple[str, ...] = ()
    court: str | None = None
    case_no: str | None = None
    year: int | None = None
    kind: str | None = None  # criminal | civil | admin | execution | ...
    domain: str | None = None  # textlaw's subject-matter domain, when it provides one


def _is_party(name: str | None, role: str | None) -> bool:
    """Parties worth matching: not the prosecutor (it appears in every case of a district)."""
    return bool(name) and not (
        "检察" in (role or "") or "公诉" in (role or "") or (name or "").endswith("检察院")
    )


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


_real_parse = _optional("fengqiao.textlaw.judgment", "parse_judgment")
_real_tokenize = _optional("fengqiao.textlaw.segment", "tokenize")
_real_generate = _optional("fengqiao.demo.generator", "generate_judgments")

tokenize: Callable[[str], list[str]] = _real_tokenize or _fallback.tokenize
generate_judgments: Callable[..., Iterator[str]] = _real_generate or _fallback.generate_judgments

BACKEND = " ".join(
    f"{what}={'textlaw' if real else 'fallback'}"
    for what, real in (
        ("parser", _real_parse),
        ("tokenizer", _real_tokenize),
        ("generator", _real_generate),
    )
)


def _from_textlaw(judgment: Any) -> ParsedCase:
    case_no = getattr(judgment, "case_no", None)
    number = None
    year = None
    kind = getattr(judgment, "cause_kind", None)
    if case_no is not None:
        number = getattr(case_no, "normalized", None) or getattr(case_no, "input", None)
        year = getattr(case_no, "year", None)
        kind = kind or getattr(case_no, "case_category", None)
    domain = getattr(judgment, "domain", None)
    return ParsedCase(
        sections=dict(getattr(judgment, "sections", None) or {}),
        cause=getattr(judgment, "cause", None),
        parties=tuple(
            p.name for p in getattr(judgment, "parties", None) or [] if _is_party(p.name, p.role)
        ),
        court=getattr(judgment, "court_name", None),
        case_no=str(number) if number else None,
        year=year,
        kind=kind,
        domain=str(domain) if domain else None,
    )


def _from_fallback(judgment: _fallback.Judgment) -> ParsedCase:
    return ParsedCase(
        sections=judgment.sections,
        cause=judgment.cause,
        parties=tuple(p.name for p in judgment.parties if _is_party(p.name, p.role)),
        court=judgment.court_name,
        case_no=judgment.case_no,
        year=judgment.year,
        kind=judgment.kind,
    )


def parse(text: str) -> ParsedCase:
    if _real_parse is not None:
        parsed = _from_textlaw(_real_parse(text))
        if parsed.sections:
            return parsed
    return _from_fallback(_fallback.parse_judgment(text))
