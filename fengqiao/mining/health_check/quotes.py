"""Quoting a case in the report: natural persons masked, as a published judgment would be.

A quote is a sentence, not a whole judgment, so the anonymiser's name guessing (which needs
the party paragraphs) is not used: the case's natural-person parties are masked by name
(张三 → 张某), and the anonymiser's pattern and address recognisers replace ID numbers, phone
numbers, accounts, plates and home addresses.
"""

from __future__ import annotations

from .inputs import EntityCase


def _patterns_masked(text: str) -> str:
    from fengqiao.textlaw.anonymize.address import recognise_addresses
    from fengqiao.textlaw.anonymize.operators import replacement_for
    from fengqiao.textlaw.anonymize.patterns import recognise_patterns

    spans = sorted(recognise_patterns(text) + recognise_addresses(text), key=lambda s: s.start)
    out, pos = [], 0
    for span in spans:
        if span.start < pos:
            continue
        out += [text[pos : span.start], replacement_for(span, {})]
        pos = span.end
    return "".join(out) + text[pos:]


def masked(text: str, case: EntityCase) -> str:
    """``text`` of ``case`` with its natural-person parties as 张某 and ID numbers, phone
    numbers, accounts, plates and home addresses replaced."""
    for name in sorted(case.persons, key=len, reverse=True):
        if len(name) >= 2 and "某" not in name:
            text = text.replace(name, name[0] + "某")
    return _patterns_masked(text) if text else text
