"""The blind version of a nominated letter, as the reviewers read it.

It starts from the library's shared version (``library.sharing``: the letter as issued, natural
persons masked by the publication policy) and additionally replaces what would tell a reviewer
which court wrote it: the nominating court's name, aliases and 地名简称, the place names in its
own and its ancestors' names (“连云港市” → “××市”, “连云港” → “××”), the 文号, and the names
of the court's judges and staff (the drafter → “承办法官”, anyone else → “×××”).
"""

from __future__ import annotations

import re

from fengqiao.courts.models import Court, User
from fengqiao.library import sharing
from fengqiao.suggestions.models import Suggestion

BLIND_SECTIONS = ("title", "background", "problems", "suggestions")
COURT_MASK = "××法院"
NAME_MASK = "×××"
DRAFTER_MASK = "承办法官"
PLACE_RE = re.compile(r"[\u4e00-\u9fff]{2,}?(?:自治区|自治州|自治县|省|市|地区|盟|州|区|县|旗)")
COURT_SUFFIXES = ("高级人民法院", "中级人民法院", "人民法院", "法院")
PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "省", "市", "地区", "盟", "州", "区", "县", "旗")
FIXED_WORDS = {"人民", "中级", "高级", "基层"}
TITLE_THEN_MASK = re.compile(r"(承办法官|法官|审判员|审判长|庭长|院长)承办法官")


def _chain(court: Court) -> list[Court]:
    out, seen = [court], 0
    while out[-1].parent_id is not None and seen < 10:
        out.append(out[-1].parent)
        seen += 1
    return out


def _base(name: str) -> str:
    for suffix in COURT_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def place_names(court: Court) -> list[tuple[str, str]]:
    """(place, replacement) from the names of the court and its ancestors (the top court of
    the country excluded), e.g. 江苏省 → ××省, 连云港市 → ××市, 连云港 → ××."""
    pairs: dict[str, str] = {}
    for c in _chain(court):
        if c.parent_id is None and c.level == "supreme":
            continue
        base = _base(c.name)
        for match in PLACE_RE.finditer(base):
            place = match.group(0)
            suffix = next(s for s in PLACE_SUFFIXES if place.endswith(s))
            pairs.setdefault(place, "××" + suffix)
            stem = place.removesuffix(suffix)
            if len(stem) >= 2 and stem not in FIXED_WORDS:
                pairs.setdefault(stem, "××")
        if base and base not in pairs and len(base) >= 2:
            pairs[base] = "××"
    return list(pairs.items())


def replacements(suggestion: Suggestion) -> list[tuple[str, str]]:
    """Every (text, replacement) for the nominating court, longest text first."""
    court = suggestion.court
    pairs: dict[str, str] = {}
    if suggestion.doc_number:
        pairs[suggestion.doc_number] = "××法建〔××××〕×号"
    for c in _chain(court):
        pairs.setdefault(c.name, COURT_MASK)
    for alias in court.aliases or []:
        if isinstance(alias, str) and len(alias) >= 2:
            pairs.setdefault(alias, COURT_MASK)
    for place, mask in place_names(court):
        pairs.setdefault(place, mask)
    if court.short_name and len(court.short_name) >= 2:
        pairs.setdefault(court.short_name, "××")
    people = {suggestion.drafter_id: DRAFTER_MASK}
    names = (
        User.objects.filter(court_id=court.pk).exclude(full_name="").values_list("pk", "full_name")
    )
    for pk, full_name in names:
        if len(full_name) >= 2:
            pairs.setdefault(full_name, people.get(pk, NAME_MASK))
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


def mask(text: str, pairs: list[tuple[str, str]]) -> str:
    """Replace every listed text, longest first, never inside an earlier replacement."""
    if not text or not pairs:
        return text
    pattern = re.compile("|".join(re.escape(t) for t, _ in pairs))
    lookup = dict(pairs)
    text = pattern.sub(lambda m: lookup[m.group(0)], text)
    # “承办法官王某某” → “承办法官”, not “承办法官承办法官”
    return TITLE_THEN_MASK.sub(r"\1", text)


def blind_sections(suggestion: Suggestion) -> dict[str, str]:
    """The blind text of each section: the library entry's shared version when the court has
    shared the letter (with its research office's own corrections), else the letter as issued
    through the same anonymiser; the court's names are masked before and after anonymising
    (so a name the recognisers cut in two cannot leave a fragment behind)."""
    from fengqiao.library.models import LibraryEntry

    pairs = replacements(suggestion)
    entry = LibraryEntry.objects.filter(suggestion=suggestion).first()
    out = {}
    for name, text in sharing.letter_sections(suggestion).items():
        if name not in BLIND_SECTIONS:
            continue
        if entry is not None and entry.text(name):
            shared = entry.text(name)
        else:
            shared = sharing.anonymised(mask(text, pairs))["text"]
        out[name] = mask(shared, pairs)
    return out
