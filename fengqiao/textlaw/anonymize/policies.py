"""Policies: which recognised spans are replaced, and how.

* ``rules``    — exactly 法释〔2016〕19号: names of the 第八条 persons (婚姻家庭/继承纠纷
  parties and legal representatives; criminal victims, 附带民事诉讼原告人, witnesses,
  appraisers and their legal representatives; minors and their legal representatives) become
  surname + 某; the 第十条 items (ID, phone, account, plate, certificate numbers, detailed
  address, e-mail, QQ/WeChat) are always masked.
* ``publish``  — rules + every natural person who is not an official, a lawyer or an
  organisation's legal representative (parties, victims, witnesses, non-lawyer agents,
  relatives, names found only by the POS fallback).
* ``research`` — publish + dates of birth reduced to the year and money amounts bucketed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ART8_ROLES, Person

FAMILY_CAUSE_RE = re.compile(
    r"婚姻|离婚|婚约|夫妻|同居关系|抚养|扶养|赡养|收养|监护|探望|亲子关系|分家析产|继承|遗嘱|遗赠|被继承人"
)
_FAMILY_PARTY_ROLES = frozenset({"party", "legal_rep"})


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    hide_all_persons: bool
    use_pos_fallback: bool
    birth_dates: str | None  # None | "year" | "mask"
    bucket_amounts: bool

    def hides(self, person: Person, *, family_case: bool) -> bool:
        if person.is_professional:
            return False
        if self.hide_all_persons:
            return True
        if person.minor or person.roles & ART8_ROLES:
            return True
        return family_case and bool(person.roles & _FAMILY_PARTY_ROLES)


POLICIES: dict[str, Policy] = {
    "rules": Policy(
        "rules",
        hide_all_persons=False,
        use_pos_fallback=False,
        birth_dates=None,
        bucket_amounts=False,
    ),
    "publish": Policy(
        "publish",
        hide_all_persons=True,
        use_pos_fallback=True,
        birth_dates=None,
        bucket_amounts=False,
    ),
    "research": Policy(
        "research",
        hide_all_persons=True,
        use_pos_fallback=True,
        birth_dates="year",
        bucket_amounts=True,
    ),
}


def get_policy(name: str) -> Policy:
    try:
        return POLICIES[name]
    except KeyError:
        raise ValueError(f"未知的去标识化策略“{name}”，可选：{'、'.join(POLICIES)}") from None


def is_family_case(text: str, cause: str = "", doc_kind: str = "") -> bool:
    """婚姻家庭、继承纠纷 (第八条第一项): from the parsed cause, else from the title lines."""
    if cause:
        return bool(FAMILY_CAUSE_RE.search(cause))
    head = text[:200]
    m = re.search(r"([\u4e00-\u9fff、]{2,20}纠纷)", head)
    return bool(m and FAMILY_CAUSE_RE.search(m.group(1)))
