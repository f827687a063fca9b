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


# --- Courts the registry lacks: the parent a court's name makes certain ------------------------

_RAILWAY = re.compile(r"^(?P<city>.{2,8}?)铁路运输(?P<mid>中级)?法院$")
_SYSTEM_WORDS = ("农垦", "林区")  # provincial 农垦/林区 court systems
_STEM_SUFFIX = re.compile(r"(?:市|地区|自治州|州|盟)$")


@dataclass(frozen=True, slots=True)
class ParentGuess:
    """Where a court missing from the registry belongs, judged from its name alone."""

    parent: RegistryCourt | None
    level: str  # registry level of the court itself
    why: str  # how the parent was found, or why it could not be (Chinese, for people)


def _plain(name: str) -> tuple[str, str]:
    """(province abbreviation, name without province prefix, 人民法院 → 法院)."""
    s = _DROP.sub("", to_halfwidth(name or "")).replace("人民法院", "法院")
    s = s.removeprefix("中华人民共和国")
    return province_of(s), _PROVINCE_RE.sub("", s)


def _city_stems(index: RegistryIndex) -> dict[str, list[RegistryCourt]]:
    """Intermediate courts by the bare name of their city (长春市中级法院 → 长春)."""
    stems = getattr(index, "_city_stems", None)
    if stems is None:
        stems = {}
        for court in index.courts:
            if court.level != "intermediate":
                continue
            for name in (court.name, *court.aliases):
                rest = _plain(name)[1]
                if not rest.endswith("中级法院") or "第" in rest:
                    continue
                city = rest.removesuffix("中级法院")
                for stem in {city, _STEM_SUFFIX.sub("", city)}:
                    if len(stem) >= 2:
                        _add_unique(stems.setdefault(stem, []), court)
        index._city_stems = stems  # type: ignore[attr-defined]
    return stems


def _city_court(rest: str, province: str, index: RegistryIndex) -> list[RegistryCourt]:
    """The intermediate court of the city a name starts with (longest city name first)."""
    stems = _city_stems(index)
    for length in range(min(len(rest) - 2, 10), 1, -1):
        found = [c for c in stems.get(rest[:length], []) if c.code.startswith(province)]
        if found:
            return found
    return []


def infer_parent(name: str, index: RegistryIndex) -> ParentGuess:
    """The parent of a court the registry lacks, from its name — only where the name makes it
    certain, else ``parent=None`` with the reason.

    * 某地铁路运输中级法院, 某农垦/林区中级法院: the province's high court;
    * 某地铁路运输法院: 某地铁路运输中级法院 where it exists, else the one railway intermediate
      court of the province, else the province's high court (railway courts left the railway
      system in 2012; the appellate court has to be checked by a person);
    * 农垦/林区 basic courts: the one 农垦/林区 intermediate court of the province, else the
      high court;
    * any other basic court (开发区、高新区、新区…): the intermediate court of the city its name
      starts with (长春净月高新技术产业开发区法院 → 长春市中级法院), only when exactly one.

    The province comes from the name (黑龙江省…) or from the city it names (福州 → 闽)."""
    province, rest = _plain(name)
    if not rest.endswith("法院") or len(rest) < 4:
        return ParentGuess(None, "", f"“{name}”不像完整的法院名称")
    if "高级法院" in rest or rest.startswith("最高"):
        return ParentGuess(None, "", "高级法院和最高法院不自动登记")
    railway = _RAILWAY.match(rest)
    system = next((w for w in _SYSTEM_WORDS if w in rest), "")
    middle = "中级法院" in rest
    city = _city_court(rest, province, index)
    if not province and len(city) == 1:
        province = city[0].code[0]
    level = (
        ("intermediate_special" if middle else "basic_special")
        if railway or system
        else ("intermediate" if middle else "basic")
    )
    high = index.get(province) if province else None
    no_province = ParentGuess(
        None, level, f"无法从名称“{name}”确定所在省份（名称中没有省名，也没有可识别的地级市名）"
    )
    if middle:
        if high is None:
            return no_province
        return ParentGuess(high, level, "中级法院登记在所在省的高级法院之下")
    if railway:
        own = [
            c
            for c in index.by_key.get(name_key(railway["city"] + "铁路运输中级法院"), [])
            if c.code.startswith(province)
        ]
        if len(own) == 1:
            return ParentGuess(own[0], level, f"按名称登记在{own[0].name}之下")
        if high is None:
            return no_province
        rail = [
            c
            for c in index.courts
            if "铁路运输中级" in c.name and c.code.startswith(province) and c.code != province
        ]
        if len(rail) == 1:
            return ParentGuess(
                rail[0], level, f"登记在本省唯一的铁路运输中级法院{rail[0].name}之下"
            )
        return ParentGuess(
            high, level, "本省没有可确定的铁路运输中级法院，暂登记在高级法院之下；上诉审法院待核"
        )
    if system:
        if high is None:
            return no_province
        mids = [
            c
            for c in index.courts
            if system in c.name and "中级" in c.name and c.code.startswith(province)
        ]
        if len(mids) == 1:
            return ParentGuess(
                mids[0], level, f"登记在本省唯一的{system}中级法院{mids[0].name}之下"
            )
        return ParentGuess(
            high, level, f"本省没有可确定的{system}中级法院，暂登记在高级法院之下；上诉审法院待核"
        )
    if len(city) == 1:
        return ParentGuess(city[0], level, f"按名称中的地级市登记在{city[0].name}之下")
    if len(city) > 1:
        names = "、".join(c.name for c in city[:4])
        return ParentGuess(
            None, level, f"名称“{name}”中的地名对应多个中级法院（{names}），无法确定上级"
        )
    return ParentGuess(
        None, level, f"无法从名称“{name}”确定其所在地级市的中级法院，也不是铁路运输、农垦、林区法院"
    )
