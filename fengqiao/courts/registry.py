"""The national court registry: the shipped table, name normalisation, and lookup by 代字/name.

The table is ``fengqiao/textlaw/data/court_registry.tsv`` (built by
``scripts/build_court_registry.py``; its header says where each part came from). It is the one
court-code table of the project: the 案号 parser reads it too (``textlaw.casenum.court_codes``).
This module has no Django dependency; loading it into the ``Court`` table is
:mod:`fengqiao.courts.registry_load`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from fengqiao.textlaw._text import to_halfwidth

PROVINCE_NAMES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
    "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
    "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
)  # fmt: skip
_SHORT_PROVINCES = ("内蒙古", "广西", "西藏", "宁夏", "新疆")
_PROVINCE_RE = re.compile(
    "^(?:中华人民共和国)?(?:"
    + "|".join(sorted({*PROVINCE_NAMES, *_SHORT_PROVINCES}, key=len, reverse=True))
    + ")"
)
_CITY_RE = re.compile(r"^[^市州盟]{1,10}?(?:自治州|地区|市|州|盟)(?=.+(?:区|县|市|旗)法院$)")
_LOWER_DIVISION = re.compile(r"[市县区州盟旗]")
_DROP = re.compile(r"[\s()（）〔〕\[\]【】<>《》\"'“”‘’·・、,，.。:：]")

LEVEL_TO_MODEL = {
    "supreme": "supreme",
    "high": "high",
    "intermediate": "intermediate",
    "basic": "basic",
    "intermediate_special": "special",
    "basic_special": "special",
}


@dataclass(frozen=True, slots=True)
class RegistryCourt:
    code: str
    name: str
    level: str  # supreme | high | intermediate | basic | intermediate_special | basic_special
    parent: str
    alt_codes: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    note: str

    @property
    def model_level(self) -> str:
        return LEVEL_TO_MODEL[self.level]


def _read() -> list[dict[str, str]]:
    text = (
        resources.files("fengqiao.textlaw")
        .joinpath("data", "court_registry.tsv")
        .read_text("utf-8")
    )
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def registry() -> tuple[RegistryCourt, ...]:
    """Every court of the shipped table, parents before children."""
    return tuple(
        RegistryCourt(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent=r["parent"],
            alt_codes=tuple(c for c in r["alt_codes"].split(",") if c),
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            source=r["source"],
            note=r["note"],
        )
        for r in _read()
    )


def normalize_code(code: str | None) -> str:
    return _DROP.sub("", to_halfwidth(code or "")).strip()


def name_key(name: str | None) -> str:
    """Spelling-independent key of a court name: no brackets or spaces, no province prefix,
    人民法院 → 法院 (so 北京市朝阳区人民法院, 朝阳区法院 and （北京市）朝阳区人民法院 agree)."""
    s = _DROP.sub("", to_halfwidth(name or ""))
    s = s.replace("人民法院", "法院").removeprefix("中华人民共和国")
    rest = _PROVINCE_RE.sub("", s)
    # Keep the province where nothing below it is named (高级法院, 第一中级法院).
    return rest if _LOWER_DIVISION.search(rest) else s


_DIVISION_SUFFIX = re.compile(r"(?:自治县|自治旗|地区|市|县|区|旗|盟)(?=(?:中级)?法院$)")


def base_key(key: str) -> str:
    """The tail key without the division's kind, so a county that became a district or city
    (增城市 → 增城区, 海东地区 → 海东市) still matches: 增城法院, 海东中级法院."""
    return _DIVISION_SUFFIX.sub("", tail_key(key))


def province_of(name: str | None) -> str:
    """The province abbreviation a court name starts with ('' when it names none)."""
    m = _PROVINCE_RE.match(_DROP.sub("", to_halfwidth(name or "")))
    if not m:
        return ""
    found = m.group(0).removeprefix("中华人民共和国")
    for full, abbr in zip(PROVINCE_NAMES, _ABBR_ORDER, strict=True):
        if full.startswith(found):
            return abbr
    return ""


def tail_key(key: str) -> str:
    """The key without a leading city (昆明市官渡区法院 → 官渡区法院); equal to key otherwise."""
    return _CITY_RE.sub("", key)


class RegistryIndex:
    """Lookups over the registry: by 代字 (current and alternative) and by normalised name."""

    def __init__(self, courts: tuple[RegistryCourt, ...] | None = None) -> None:
        self.courts = courts if courts is not None else registry()
        self.by_code: dict[str, RegistryCourt] = {}
        self.by_alt_code: dict[str, list[RegistryCourt]] = {}
        self.by_key: dict[str, list[RegistryCourt]] = {}
        self.by_tail: dict[str, list[RegistryCourt]] = {}
        self.by_base: dict[str, list[RegistryCourt]] = {}
        for court in self.courts:
            self.by_code[court.code] = court
        for court in self.courts:
            for alt in court.alt_codes:
                if alt not in self.by_code:
                    self.by_alt_code.setdefault(alt, []).append(court)
            for name in (court.name, *court.aliases):
                key = name_key(name)
                _add_unique(self.by_key.setdefault(key, []), court)
                _add_unique(self.by_tail.setdefault(tail_key(key), []), court)
                if court.level in ("basic", "intermediate"):
                    _add_unique(self.by_base.setdefault(base_key(key), []), court)

    def get(self, code: str) -> RegistryCourt | None:
        return self.by_code.get(code)

    def by_code_any(self, code: str | None) -> list[RegistryCourt]:
        code = normalize_code(code)
        if not code:
            return []
        hit = self.by_code.get(code)
        return [hit] if hit else list(self.by_alt_code.get(code, []))

    def by_name(self, name: str | None, province: str = "") -> list[RegistryCourt]:
        """Courts the name may denote: exact key first, then by county/district alone (only
        when that is unambiguous, or unambiguous within ``province`` — a 代字's first char)."""
        key = name_key(name)
        if not key:
            return []
        for only in (province, "") if province else ("",):
            for table, k in ((self.by_key, key), (self.by_tail, tail_key(key))):
                found = [c for c in table.get(k, []) if c.code.startswith(only)]
                if found:
                    return found
        # A county renamed from 县/市 to 区 (or 地区 to 市) since: only when unambiguous,
        # within the province the name or the code gives.
        only = province or province_of(name)
        found = [c for c in self.by_base.get(base_key(key), []) if c.code.startswith(only)]
        return found if len(found) == 1 else []

    def resolve(self, *, code: str | None = None, name: str | None = None) -> RegistryCourt | None:
        """The one court a (代字, name) pair denotes, or None when it cannot be determined.

        A code and a name that agree settle it; a code alone, or a name alone when it is
        unambiguous, settles it; when they disagree the name wins if it is unambiguous (a
        court's name is printed in full on the judgment, a 代字 can be mistyped or outdated)."""
        by_code = self.by_code_any(code)
        province = normalize_code(code)[:1] if code else ""
        if province and province not in _ABBRS:
            province = ""
        by_name = self.by_name(name, province) if name else []
        if by_code and by_name:
            both = [c for c in by_code if c in by_name]
            if both:
                return both[0]
            if len(by_name) == 1:
                return by_name[0]
            return by_code[0] if len(by_code) == 1 else None
        if len(by_code) == 1:
            return by_code[0]
        if len(by_name) == 1:
            return by_name[0]
        return None


_ABBR_ORDER = "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新"
_ABBRS = frozenset("京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵")


def _add_unique(items: list[RegistryCourt], court: RegistryCourt) -> None:
    if court not in items:
        items.append(court)


@cache
def registry_index() -> RegistryIndex:
    return RegistryIndex()
