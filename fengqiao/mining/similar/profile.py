"""CaseProfile: what the ranker knows about one case, built from its text via the parser."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from fengqiao.mining.similar import _textlaw
from fengqiao.mining.similar._textlaw import ParsedCase
from fengqiao.mining.similar.charges import ChargeDictionary, default_charges
from fengqiao.mining.similar.terms import extract_terms
from fengqiao.textlaw.civil_elements import CivilElements, extract_civil
from fengqiao.textlaw.criminal_elements import CriminalElements, extract_elements

# A narrative shorter than this is treated as missing and the whole text used instead.
_MIN_FACTS_CHARS = 40
_TITLE = re.compile(r"(?:刑事|民事|行政|执行|赔偿)(?:附带民事)?(?:判决书|裁定书|调解书|决定书)")
_MASKED = re.compile(r"某|×|\*|Ｘ")
_NO_ELEMENTS = CriminalElements()
# Words only a criminal case uses: its facts get no civil elements.
_CRIMINAL = re.compile(r"被告人|公诉机关|检察院指控|犯罪嫌疑人|刑事拘留")


@dataclass(frozen=True)
class CaseProfile:
    """Parsed, tokenized view of a case. ``terms`` come from the fact narrative only."""

    terms: Counter[str]
    charges: tuple[str, ...] = ()  # charges the document decides (judgment / reasoning)
    mentioned: tuple[str, ...] = ()  # charges only named in the facts
    cause: str | None = None  # 案由 (civil / administrative)
    parties: tuple[str, ...] = ()  # named parties (masked names dropped)
    court: str | None = None
    case_no: str | None = None
    year: int | None = None
    kind: str | None = None  # criminal | civil | admin | ...
    domain: str | None = None  # subject-matter domain from the parser, if any
    is_judgment: bool = False
    elements: CriminalElements = _NO_ELEMENTS  # circumstances, objects, sentence
    # Terms of the court's findings (经审理查明) alone; None = same as ``terms``.
    findings_terms: Counter[str] | None = None
    # Cause, claim kinds and disputed points; only for cases that are not criminal.
    civil: CivilElements | None = None

    @property
    def findings(self) -> Counter[str]:
        return self.terms if self.findings_terms is None else self.findings_terms

    @property
    def labels(self) -> tuple[str, ...]:
        """Structured labels compared across cases: decided charges (else mentioned) + 案由."""
        found = dict.fromkeys(self.charges or self.mentioned)
        if self.cause and not (self.charges and self.cause.endswith("罪")):
            found.setdefault(self.cause)
        return tuple(found)


def _looks_like_judgment(parsed: ParsedCase, text: str) -> bool:
    sections = parsed.sections
    return bool(
        _TITLE.search(text[:200])
        or sections.get("judgment")
        or sections.get("reasoning")
        or (sections.get("facts") and sections.get("parties"))
    )


def fact_text(text: str) -> tuple[str, ParsedCase | None]:
    """(fact narrative, parsed judgment or None when ``text`` is a bare fact narrative).

    The narrative of a judgment is its claims section (公诉机关指控 / 原告诉称 / 原判认定) plus
    the court's findings (经审理查明): appeal and retrial judgments often reduce the findings
    to "与原审查明的事实相同", and first-instance ones state the facts in either place.
    Header, parties, reasoning, decision and signature blocks are left out.
    """
    parsed = _textlaw.parse(text)
    if not _looks_like_judgment(parsed, text):
        return text, None
    sections = parsed.sections
    facts = "\n".join(s for s in (sections.get("claims"), sections.get("facts")) if s)
    if len(facts) < _MIN_FACTS_CHARS:
        facts = text
    return facts, parsed


def build_profile(
    text: str, charges: ChargeDictionary | None = None, *, with_civil: bool = True
) -> CaseProfile:
    """Profile a case given as a fact narrative or as a full judgment. ``with_civil=False``
    skips the civil elements (the index does not store them yet)."""
    charges = charges or default_charges()
    facts, parsed = fact_text(text)
    findings_terms = None
    if parsed is not None and facts is not text and parsed.sections.get("claims"):
        claims = Counter(extract_terms(parsed.sections["claims"]))
        found = parsed.sections.get("facts")
        findings_terms = Counter(extract_terms(found)) if found else claims
        terms = claims + findings_terms if found else claims
    else:
        terms = Counter(extract_terms(facts))
    if parsed is None:
        mentioned = tuple(charges.mentioned(facts))
        return CaseProfile(
            terms=terms,
            mentioned=mentioned,
            elements=extract_elements(text),
            civil=None
            if not with_civil or mentioned or _CRIMINAL.search(text)
            else extract_civil(text),
        )
    decided = charges.decided(parsed.sections.get("judgment", "")) or charges.decided(
        parsed.sections.get("reasoning", "")
    )
    cause = parsed.cause
    if cause and cause.endswith("罪"):
        cause = charges.canonical(cause) or cause
    kind = parsed.kind or ("criminal" if decided else None)
    parties = tuple(
        dict.fromkeys(p for p in parsed.parties if len(p) >= 2 and not _MASKED.search(p))
    )
    return CaseProfile(
        terms=terms,
        charges=tuple(decided),
        mentioned=() if decided else tuple(charges.mentioned(facts)),
        cause=cause or None,
        parties=parties,
        court=parsed.court,
        case_no=parsed.case_no,
        year=parsed.year,
        kind=kind,
        domain=parsed.domain,
        is_judgment=True,
        elements=judgment_elements(text, facts),
        findings_terms=findings_terms,
        civil=extract_civil(text)
        if with_civil and kind in (None, "civil") and not decided
        else None,
    )


def judgment_elements(text: str, facts: str) -> CriminalElements:
    """Circumstances, articles and sentence from the whole judgment (they are stated in the
    reasoning and decision); objects and means (amount, drugs, weapon, injury, victim) from the
    fact narrative only, so that fines and compensation orders are not taken for amounts."""
    return extract_elements(text, facts=None if facts is text else facts)
