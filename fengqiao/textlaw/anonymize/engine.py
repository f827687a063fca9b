"""anonymize(): run the recognisers, let the policy choose, apply the operators."""

from __future__ import annotations

import re
from typing import Any

from .address import recognise_addresses
from .guesses import guess_names
from .model import PERSON, AnonymizationResult, Person, Replacement, Span
from .names import existing_masks, is_mask_like
from .operators import assign_pseudonyms, replacement_for
from .parties import parse_with_library
from .patterns import recognise_patterns
from .people import DocPeople, collect_people
from .policies import get_policy, is_family_case
from .research import amounts, birth_dates


def _role_label(person: Person) -> str:
    labels = {
        "defendant": "被告人",
        "victim": "被害人",
        "civil_plaintiff": "附带民事诉讼原告人",
        "witness": "证人",
        "appraiser": "鉴定人",
        "legal_rep": "法定代理人",
        "minor": "未成年人",
        "agent": "非律师代理人/辩护人",
        "party": "当事人",
        "relative": "亲属",
        "other": "其他自然人",
        "guess": "词性标注推测的人名",
    }
    return "、".join(labels.get(r, r) for r in sorted(person.roles))


def person_spans(text: str, people: DocPeople) -> list[Span]:
    """Every occurrence of every known person's name (and alias); one person keeps one id."""
    names = {
        n: p
        for n, p in people.persons.items()
        if len(n) >= 2 and (not is_mask_like(n) or n in people.stem_names)
    }
    if not names:
        return []
    all_names = sorted({*names, *people.keep}, key=len, reverse=True)
    rx = re.compile("|".join(map(re.escape, all_names)))
    spans: list[Span] = []
    for m in rx.finditer(text):
        name = m.group()
        if name in people.keep and name not in names:
            continue
        if name.isascii() and (
            text[m.start() - 1 : m.start()].isalnum() or text[m.end() : m.end() + 1].isalnum()
        ):
            continue  # a Latin name inside a longer word
        person = names[name]
        reason = f"{'解析' if person.source != 'pos' else '推测'}：{_role_label(person)}"
        spans.append(Span(m.start(), m.end(), name, PERSON, reason, person.score, person.person_id))
    return spans


def _resolve(spans: list[Span]) -> list[Span]:
    """Drop overlaps: higher score first, then the longer span."""
    taken: set[int] = set()
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start)):
        cells = range(s.start, s.end)
        if not any(i in taken for i in cells):
            taken.update(cells)
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


def anonymize(text: str, *, policy: str = "rules", parsed: Any = None) -> AnonymizationResult:
    """Anonymise one judgment.

    ``parsed`` is a Judgment from ``fengqiao.textlaw.judgment.parse_judgment``; when it is
    None the parser is called (if installed); ``parsed=False`` uses only this package's own
    reader of the party paragraphs. The result lists the replaced spans (with reason and score), the
    replacements, and the spans the policy chose to keep.
    """
    pol = get_policy(policy)
    if parsed is None:
        parsed = parse_with_library(text)
    elif parsed is False:
        parsed = None
    people = collect_people(text, parsed)
    family = is_family_case(text, people.cause, people.doc_kind)

    if pol.use_pos_fallback:
        exclude = set(people.persons) | set(people.keep)
        for name in sorted(guess_names(text, exclude)):
            if any(name in k for k in people.keep):
                continue
            pid = f"G{len(people.unique_persons()) + 1}"
            people.persons[name] = Person(pid, name, {"guess"}, source="pos", score=0.5)

    candidates = person_spans(text, people)
    candidates += recognise_patterns(text)
    candidates += recognise_addresses(text)
    if pol.birth_dates:
        candidates += birth_dates(text)
    if pol.bucket_amounts:
        candidates += amounts(text)

    by_id = {p.person_id: p for p in people.unique_persons()}
    applied: list[Span] = []
    kept: list[Span] = []
    for s in candidates:
        if s.person_id is not None and not pol.hides(by_id[s.person_id], family_case=family):
            kept.append(s)
        else:
            applied.append(s)
    applied = _resolve(applied)

    order: list[Person] = []
    for s in applied:
        if s.person_id is not None and by_id[s.person_id] not in order:
            order.append(by_id[s.person_id])
    pseudonyms = assign_pseudonyms(order, existing_masks(text))

    pieces: list[str] = []
    replacements: list[Replacement] = []
    last = 0
    for s in applied:
        rep = replacement_for(s, pseudonyms, pol.birth_dates)
        pieces += [text[last : s.start], rep]
        replacements.append(Replacement(s.start, s.end, s.text, rep, s.kind, s.reason, s.person_id))
        last = s.end
    pieces.append(text[last:])
    return AnonymizationResult(
        "".join(pieces), applied, replacements, kept, list(by_id.values()), pol.name
    )
