"""Entity resolution for organisation parties: rules first, then fuzzy matching (rapidfuzz).

One agency or company is written many ways in judgments. Resolution has two stages:

1. **Rules** (:func:`parse_org`) turn a raw name into a *rule key*: NFKC (full/half width),
   brackets unified, spaces dropped; abbreviations expanded (住建局 → 住房和城乡建设局, 市监局 →
   市场监督管理局, 人社局, 交警支队 …); agency renames (工商行政管理局 → 市场监督管理局, 环境保护局 →
   生态环境局 …) and clerk-maintained exact renames applied; ``(原名…)`` notes stripped; a leading
   province dropped when a city follows; the legal form (有限公司/有限责任公司/股份有限公司/公司/
   (有限合伙)) removed from the key. A branch suffix (分行/支行/分公司/中心支公司/营业部/分理处 …) is
   kept as a hierarchy: ``中国农业银行股份有限公司广州分行`` and ``中国农业银行广州分行`` share the key
   ``中国农业银行·广州分行`` whose parent is ``中国农业银行``. Abbreviations and renames are data
   (:class:`AliasTable`), editable and serialisable to JSON.
2. **Fuzzy clustering** (:func:`resolve_entities`) of the distinct rule keys: rapidfuzz's
   normalised Levenshtein similarity (≥ 0.85) on the head organisation without its region
   prefix, accepted only for typo-like differences — the first two characters (where the 字号
   starts) equal, and a dropped/inserted character only in names of ten or more characters whose
   first four agree: in Chinese names one extra character usually makes another firm
   (顺达物业管理 / 顺达泰物业管理), while slips of the pen substitute a character
   (房地产开发经营 / 房地诚开发经营). Branches must be equal (中国平安财产保险·南京中心支公司 never
   merges with 中国太平洋财产保险·南京中心支公司, though the whole strings score 90). To scale to
   100k+ distinct names, only keys in the same *block* are compared: same region units
   (广州市天河区) and the same first two or last three characters of the rest (two blocking
   passes, union of candidate pairs). Guards refuse merges that change a numeral (一分公司/二分公司,
   一建/二建). A key with a shorter region (天河区…, or none) attaches to the keys whose longer
   region ends with it (广州市天河区…) when the rest is identical and they are one cluster
   (confidence 0.9); a city agency never merges with a district agency.

The result is a list of :class:`EntityCluster` (key, canonical_name, members, confidence). A
clerk's decisions are data: :func:`apply_decisions` takes confirmations ``(name, entity_key)``,
rejections ``name`` (undo the merge of that name) and whole-cluster merges ``(from_key, into_key)``;
the lead stores them and replays them after every refresh.

No Django imports: this runs in batch jobs and on Dask workers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

__all__ = [
    "DEFAULT_ABBREVIATIONS",
    "DEFAULT_SUFFIX_RENAMES",
    "AliasTable",
    "EntityCluster",
    "EntityIndex",
    "OrgName",
    "apply_decisions",
    "org_key",
    "parse_org",
    "resolve_entities",
]

# --------------------------------------------------------------------------------------------
# Editable alias data

DEFAULT_ABBREVIATIONS: dict[str, str] = {
    "住建局": "住房和城乡建设局",
    "住建委": "住房和城乡建设委员会",
    "住建厅": "住房和城乡建设厅",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "人社局": "人力资源和社会保障局",
    "人社厅": "人力资源和社会保障厅",
    "交警支队": "交通警察支队",
    "交警大队": "交通警察大队",
    "交警总队": "交通警察总队",
    "自规局": "自然资源和规划局",
    "城管局": "城市管理局",
    "城管执法局": "城市管理行政执法局",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "医保局": "医疗保障局",
    "应急局": "应急管理局",
    "交通局": "交通运输局",
    "农业农村局": "农业农村局",
    "工商局": "工商行政管理局",
    "质监局": "质量技术监督局",
    "食药监局": "食品药品监督管理局",
    "国土局": "国土资源局",
    "环保局": "环境保护局",
    "国税局": "国家税务局",
    "地税局": "地方税务局",
    "公积金中心": "住房公积金管理中心",
    "区政府": "区人民政府",
    "县政府": "县人民政府",
    "市政府": "市人民政府",
    "镇政府": "镇人民政府",
    "乡政府": "乡人民政府",
    "街道办": "街道办事处",
    "管委会": "管理委员会",
    "村委会": "村民委员会",
    "居委会": "居民委员会",
    "农商行": "农村商业银行",
    "农商银行": "农村商业银行",
    "农信社": "农村信用合作社",
    "邮储银行": "中国邮政储蓄银行",
    "工行": "中国工商银行",
    "农行": "中国农业银行",
    "建行": "中国建设银行",
    "中行": "中国银行",
    "交行": "交通银行",
    "人保财险": "中国人民财产保险股份有限公司",
    "平安财险": "中国平安财产保险股份有限公司",
    "太保财险": "中国太平洋财产保险股份有限公司",
}
"""Short form → full form, matched anywhere in the name (longest first, one pass)."""

DEFAULT_SUFFIX_RENAMES: dict[str, str] = {
    "工商行政管理局": "市场监督管理局",
    "质量技术监督局": "市场监督管理局",
    "食品药品监督管理局": "市场监督管理局",
    "环境保护局": "生态环境局",
    "国土资源局": "自然资源局",
    "国土资源和规划局": "自然资源和规划局",
    "劳动和社会保障局": "人力资源和社会保障局",
    "人事局": "人力资源和社会保障局",
    "卫生和计划生育委员会": "卫生健康委员会",
    "卫生局": "卫生健康局",
    "国家税务局": "税务局",
    "地方税务局": "税务局",
    "安全生产监督管理局": "应急管理局",
    "城乡规划局": "自然资源和规划局",
}
"""Old agency name → current name after the 2018 reform, matched at the end of the name."""


@dataclass
class AliasTable:
    """Editable alias data: abbreviations, agency renames (suffix), exact renames (old → new)."""

    abbreviations: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ABBREVIATIONS))
    suffix_renames: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SUFFIX_RENAMES))
    renames: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "abbreviations": self.abbreviations,
                "suffix_renames": self.suffix_renames,
                "renames": self.renames,
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Mapping[str, str]]) -> AliasTable:
        """Missing sections keep the defaults; given sections replace them."""
        d = json.loads(data) if isinstance(data, str | bytes) else data
        t = cls()
        for name in ("abbreviations", "suffix_renames", "renames"):
            if name in d:
                setattr(t, name, {str(k): str(v) for k, v in d[name].items()})
        return t

    def fingerprint(self) -> tuple:
        return (
            tuple(sorted(self.abbreviations.items())),
            tuple(sorted(self.suffix_renames.items())),
            tuple(sorted(self.renames.items())),
        )


_DEFAULT_TABLE = AliasTable()

# --------------------------------------------------------------------------------------------
# Rules

_WS_RE = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "﹙": "(", "﹚": ")"}
)
_FORMER_RE = re.compile(r"\((?:原名(?:称)?|曾用名|原|更名前)[:：]?([^()]{2,60})\)")
_LEGAL_FORM_RE = re.compile(
    r"(?:\((?:特殊普通合伙|普通合伙|有限合伙)\)|股份有限公司|有限责任公司|有限公司|股份公司|公司)$"
)
_BRANCH_SUFFIX_RE = re.compile(
    r"(?:中心支公司|支公司|分公司|分行|支行|营业部|分理处|营业所|储蓄所|分社|分店|分部|办事处|营业厅|分所)$"
)
_HEAD_MARKERS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "公司",
    "农村商业银行",
    "银行",
    "信用合作联社",
    "农村信用合作社",
    "信用社",
    "保险",
    "集团",
)
_HEAD_RE = re.compile("|".join(sorted(map(re.escape, _HEAD_MARKERS), key=len, reverse=True)))
_NUMERALS_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千第甲乙丙丁]")
_PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)  # fmt: skip
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
_UNIT_RE = re.compile(
    r".+?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|新区|省|市|盟|区|县|旗)"
)
_FALLBACK_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{2}(?:省|市|县|区)")
_NOT_SHORT = frozenset({"中国", "中华", "国家", "人民", "新华", "开发", "高新", "经济"})


@cache
def _gazetteer() -> dict[str, str]:
    """Region units (省, 市, 区, 县 …) from the court-code table plus the provinces, mapped to
    their full form; short city names (广州 → 广州市) are included."""
    units: dict[str, str] = {u: u for u in _PROVINCES}
    for u in _PROVINCES:
        short = re.sub(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", u)
        if len(short) >= 2:
            units.setdefault(short, u)
    try:
        from fengqiao.textlaw.casenum import court_codes

        names = [v[0] for v in court_codes().values()]
    except Exception:  # pragma: no cover - table missing in a stripped install
        names = []
    for name in names:
        region = re.sub(r"(?:高级|中级|第.中级)?人民法院.*$", "", name)
        for m in _UNIT_RE.finditer(region):
            unit = m.group(0)
            if 2 <= len(unit) <= 12:
                units[unit] = unit
                if unit.endswith("市") and len(unit) == 3 and unit[:2] not in _NOT_SHORT:
                    units.setdefault(unit[:2], unit)
    return units


@cache
def _unit_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(u) for u in _gazetteer()}, reverse=True))


def _region_units(s: str) -> tuple[tuple[str, ...], int]:
    """Leading region units of ``s`` in full form, and how many characters they span."""
    units: list[str] = []
    gaz = _gazetteer()
    pos = 0
    fallback_used = False
    while pos < len(s) and len(units) < 4:
        hit = None
        for n in _unit_lengths():
            cand = s[pos : pos + n]
            if len(cand) == n and cand in gaz:
                full = gaz[cand]
                if full != cand and s.startswith(full, pos):
                    cand = full  # "广州市" itself
                hit = cand
                break
        if hit is None and not fallback_used:
            m = _FALLBACK_UNIT_RE.match(s, pos)
            if m and len(s) - m.end() >= 2:
                hit = m.group(0)
                fallback_used = True
        if hit is None:
            break
        units.append(gaz.get(hit, hit))
        pos += len(hit)
        if len(s) - pos < 2:
            break
    return tuple(units), pos


@dataclass(frozen=True, slots=True)
class OrgName:
    """A parsed organisation name.

    ``key`` is the rule key (stable, readable); ``parent`` the head organisation's key for a
    branch (else ""); ``region`` the leading region units kept in the key; ``body`` the key
    without its region (what fuzzy matching compares); ``legal_form`` the stripped legal form.
    """

    raw: str
    normalized: str
    key: str
    head: str
    branch: str
    parent: str
    region: tuple[str, ...]
    body: str
    legal_form: str
    former: tuple[str, ...] = ()


def _basic(name: str) -> str:
    t = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    t = _WS_RE.sub("", t).upper()
    return t.strip("，,。；;：:、")


@cache
def _abbr_re(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    mapping = {a: f for a, f in items if a and a != f}
    if not mapping:
        return None, {}
    parts = []
    for a in sorted(mapping, key=len, reverse=True):
        full = mapping[a]
        look = ""
        if full.startswith(a) and len(full) > len(a):
            look = f"(?!{re.escape(full[len(a) :])})"
        parts.append(re.escape(a) + look)
    return re.compile("|".join(parts)), mapping


@cache
def _suffix_re(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    mapping = {o: n for o, n in items if o and o != n}
    if not mapping:
        return None, {}
    alt = "|".join(re.escape(o) for o in sorted(mapping, key=len, reverse=True))
    return re.compile(f"(?:{alt})$"), mapping


def _expand(s: str, table: AliasTable) -> str:
    rx, mapping = _abbr_re(tuple(sorted(table.abbreviations.items())))
    if rx is not None:
        s = rx.sub(lambda m: mapping[m.group(0)], s)
    srx, smap = _suffix_re(tuple(sorted(table.suffix_renames.items())))
    for _ in range(3):  # chains (工商局 → 工商行政管理局 → 市场监督管理局)
        before = s
        s = table.renames.get(s, s)
        if srx is not None:
            m = srx.search(s)
            if m:
                s = s[: m.start()] + smap[m.group(0)]
        if s == before:
            break
    return s


def _strip_legal_form(head: str) -> tuple[str, str]:
    m = _LEGAL_FORM_RE.search(head)
    if m and m.start() >= 2:
        return head[: m.start()], m.group(0)
    return head, ""


def _split_branch(s: str) -> tuple[str, str]:
    m = _BRANCH_SUFFIX_RE.search(s)
    if not m:
        return s, ""
    last = None
    for hm in _HEAD_RE.finditer(s, 0, m.start()):
        last = hm
    if last is None:
        return s, ""
    return s[: last.end()], s[last.end() :]


def _norm_tail(tail: str) -> str:
    units, span = _region_units(tail)
    if units:
        short = units[0]
        if short.endswith(("市", "省")) and len(short) >= 3:
            short = short[:-1]
        tail = short + tail[span:]
    return tail


def parse_org(name: str, table: AliasTable | None = None) -> OrgName:
    """Parse ``name`` with the rules (see the module docstring). Never raises."""
    return _parse_cached(name or "", table or _DEFAULT_TABLE)


def _parse_cached(name: str, table: AliasTable) -> OrgName:
    if table is _DEFAULT_TABLE:
        return _parse_default(name)
    return _parse(name, table)


@cache
def _parse_default(name: str) -> OrgName:
    return _parse(name, _DEFAULT_TABLE)


def _parse(name: str, table: AliasTable) -> OrgName:
    norm = _basic(name)
    former = tuple(m.group(1) for m in _FORMER_RE.finditer(norm))
    s = _FORMER_RE.sub("", norm)
    s = table.renames.get(s, s)
    s = _expand(s, table)
    head, tail = _split_branch(s)
    core, legal = _strip_legal_form(head)
    # drop bracket characters inside the core ("华为技术(深圳)" → "华为技术深圳")
    core = core.replace("(", "").replace(")", "")
    units, span = _region_units(core)
    if len(units) >= 2 and units[0] in _PROVINCES and units[0] not in _MUNICIPALITIES:
        core = "".join(units[1:]) + core[span:]
        units = units[1:]
    elif units:
        core = "".join(units) + core[span:]
    region_len = sum(map(len, units))
    body = core[region_len:] or core
    tail_n = _norm_tail(tail) if tail else ""
    key = core + (f"·{tail_n}" if tail_n else "")
    return OrgName(
        raw=name,
        normalized=norm,
        key=key,
        head=head,
        branch=tail_n,
        parent=core if tail_n else "",
        region=units,
        body=body + (f"·{tail_n}" if tail_n else ""),
        legal_form=legal,
        former=former,
    )


def org_key(name: str, table: AliasTable | None = None) -> str:
    """The rule key of ``name`` (no fuzzy matching)."""
    return parse_org(name, table).key


# --------------------------------------------------------------------------------------------
# Clusters


@dataclass
class EntityCluster:
    """One resolved organisation.

    ``members`` are the raw names (sorted); ``member_scores`` each member's similarity to the
    canonical form (1.0 = identical by the rules or confirmed by a clerk); ``confidence`` the
    lowest of them; ``parent_key`` the head organisation of a branch.
    """

    key: str
    canonical_name: str
    members: list[str]
    confidence: float
    parent_key: str = ""
    member_scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(self.counts.values()) if self.counts else len(self.members)

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "canonical_name": self.canonical_name,
            "members": list(self.members),
            "confidence": self.confidence,
            "parent_key": self.parent_key,
            "member_scores": dict(self.member_scores),
            "counts": dict(self.counts),
        }


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.p[rb] = ra
            else:
                self.p[ra] = rb


def _count_names(names: Iterable[str] | Mapping[str, int]) -> dict[str, int]:
    if isinstance(names, Mapping):
        out: dict[str, int] = {}
        for k, v in names.items():
            if k and str(k).strip():
                out[str(k)] = out.get(str(k), 0) + int(v)
        return out
    return dict(Counter(n for n in names if n and n.strip()))


def _numerals(body: str) -> str:
    return "".join(_NUMERALS_RE.findall(body))


def _typo_like(a: str, b: str) -> bool:
    """A difference that looks like a slip of the pen, not another 字号: the first two
    characters (where the 字号 starts) agree; an inserted or dropped character only in names of
    ten or more characters whose first four agree (顺达物业管理 / 顺达泰物业管理 are two firms)."""
    if a[:2] != b[:2]:
        return False
    if len(a) == len(b):
        return True
    return abs(len(a) - len(b)) == 1 and min(len(a), len(b)) >= 10 and a[:4] == b[:4]


def _candidate_pairs(
    keys: list[str], parsed: dict[str, OrgName], threshold: float, max_block: int
) -> list[tuple[int, int, float]]:
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        p = parsed[k]
        city = "".join(p.region)
        head_body = p.body.split("·", 1)[0]
        if len(head_body) < 2:
            continue
        blocks[("p", city, head_body[:2])].append(i)
        blocks[("s", city, head_body[-3:])].append(i)
    seen: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) < 2:
            continue
        for start in range(0, len(members), max_block):
            chunk = members[start : start + max_block]
            heads = [parsed[keys[i]].body.split("·", 1)[0] for i in chunk]
            scores = cdist(
                heads,
                heads,
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=threshold,
                dtype="float32",
            )
            rows, cols = scores.nonzero()
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                if r >= c:
                    continue
                a, b = chunk[r], chunk[c]
                pa, pb = parsed[keys[a]], parsed[keys[b]]
                if pa.branch != pb.branch or pa.region != pb.region:
                    continue
                if not _typo_like(heads[r], heads[c]) or _numerals(pa.body) != _numerals(pb.body):
                    continue
                pair = (min(a, b), max(a, b))
                seen[pair] = max(seen.get(pair, 0.0), round(float(scores[r, c]), 4))
    return [(a, b, s) for (a, b), s in sorted(seen.items())]


def resolve_entities(
    names: Iterable[str] | Mapping[str, int],
    *,
    threshold: float = 0.85,
    table: AliasTable | None = None,
    max_block: int = 4000,
) -> list[EntityCluster]:
    """Cluster organisation names (an iterable, or a mapping name → number of cases).

    Rule keys group exact variants; keys whose heads have a normalised Levenshtein similarity
    ≥ ``threshold`` within a block and differ like a typo (:func:`_typo_like`) are merged; a region-less key attaches to the unique regional key with
    the same body. Clusters are sorted by key; deterministic for the same input.
    """
    counts = _count_names(names)
    tbl = table or _DEFAULT_TABLE
    parsed_raw = {n: parse_org(n, tbl) for n in counts}
    by_key: dict[str, list[str]] = defaultdict(list)
    key_count: Counter[str] = Counter()
    parsed: dict[str, OrgName] = {}
    for n, p in parsed_raw.items():
        by_key[p.key].append(n)
        key_count[p.key] += counts[n]
        parsed.setdefault(p.key, p)
    keys = sorted(by_key)
    uf = _UnionFind(len(keys))
    for a, b, _s in _candidate_pairs(keys, parsed, threshold, max_block):
        uf.union(a, b)
    # a key with a shorter region (天河区…, or none) attaches to the keys with the same body and
    # a longer region ending with it (广州市天河区…), when they all are one cluster
    by_body: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if parsed[k].region:
            by_body[parsed[k].body].append(i)
    attached: dict[int, float] = {}
    for i, k in enumerate(keys):
        p = parsed[k]
        if len(p.body) < 4:
            continue
        n = len(p.region)
        cands = [
            c
            for c in by_body.get(p.body, [])
            if len(parsed[keys[c]].region) > n
            and (n == 0 or parsed[keys[c]].region[-n:] == p.region)
        ]
        if cands and len({uf.find(c) for c in cands}) == 1:
            uf.union(i, cands[0])
            attached[i] = 0.9
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        groups[uf.find(i)].append(i)
    clusters: list[EntityCluster] = []
    for members in groups.values():
        rep = max(members, key=lambda i: (key_count[keys[i]], len(keys[i]), _neg(keys[i])))
        rep_key = keys[rep]
        rep_body = parsed[rep_key].body
        scores: dict[str, float] = {}
        member_counts: dict[str, int] = {}
        for i in members:
            k = keys[i]
            if i == rep:
                s = 1.0
            elif i in attached:
                s = attached[i]
            else:
                s = round(
                    Levenshtein.normalized_similarity(
                        parsed[k].body.split("·")[0], rep_body.split("·")[0]
                    ),
                    4,
                )
                if parsed[k].body == rep_body:
                    s = 0.9  # same body, different region depth
            for n in by_key[k]:
                scores[n] = s
                member_counts[n] = counts[n]
        canonical = max(by_key[rep_key], key=lambda n: (counts[n], len(n), _neg(n)))
        clusters.append(
            EntityCluster(
                key=rep_key,
                canonical_name=canonical,
                members=sorted(scores),
                confidence=min(scores.values()),
                parent_key=parsed[rep_key].parent,
                member_scores=dict(sorted(scores.items())),
                counts=dict(sorted(member_counts.items())),
            )
        )
    clusters.sort(key=lambda c: c.key)
    return clusters


class _neg:
    """Sort helper: reverse lexicographic order inside ``max`` (so ties pick the smallest)."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def __lt__(self, other: _neg) -> bool:
        return self.s > other.s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _neg) and self.s == other.s

    def __hash__(self) -> int:
        return hash(self.s)


def apply_decisions(
    clusters: Iterable[EntityCluster],
    *,
    confirmations: Iterable[tuple[str, str]] = (),
    rejections: Iterable[str] = (),
    merges: Iterable[tuple[str, str]] = (),
    table: AliasTable | None = None,
) -> list[EntityCluster]:
    """Replay a clerk's decisions on fresh clusters (pure; the input is not modified).

    Order: ``merges`` (from_key, into_key) join whole clusters; ``rejections`` take a name out
    of its cluster into a cluster of its own (key ``<rule key>#<name>`` when the rule key is
    taken); ``confirmations`` (name, entity_key) put a name into the entity (created if the key
    is unknown) with score 1.0. Pass only a name's latest decision.
    """
    by_key: dict[str, EntityCluster] = {}
    for c in clusters:
        by_key[c.key] = EntityCluster(
            key=c.key,
            canonical_name=c.canonical_name,
            members=list(c.members),
            confidence=c.confidence,
            parent_key=c.parent_key,
            member_scores=dict(c.member_scores) or dict.fromkeys(c.members, c.confidence),
            counts=dict(c.counts),
        )
    owner = {m: k for k, c in by_key.items() for m in c.members}
    for src, dst in merges:
        if src == dst or src not in by_key:
            continue
        a = by_key.pop(src)
        b = by_key.get(dst)
        if b is None:
            a.key = dst
            by_key[dst] = a
            b = a
        else:
            for m in a.members:
                b.member_scores[m] = 1.0
                b.counts[m] = a.counts.get(m, 0)
        for m in a.members:
            owner[m] = dst
    for name in rejections:
        k = owner.get(name)
        if k is None:
            continue
        c = by_key[k]
        if len(c.members) == 1:
            continue
        _remove_member(c, name)
        new_key = org_key(name, table)
        if new_key in by_key:
            new_key = f"{new_key}#{_basic(name)}"
        by_key[new_key] = EntityCluster(
            key=new_key,
            canonical_name=name,
            members=[name],
            confidence=1.0,
            parent_key=parse_org(name, table).parent,
            member_scores={name: 1.0},
            counts={name: c.counts.pop(name, 0)} if c.counts else {},
        )
        owner[name] = new_key
    for name, key in confirmations:
        old = owner.get(name)
        cnt = 0
        if old is not None:
            if old == key:
                by_key[old].member_scores[name] = 1.0
                continue
            c = by_key[old]
            cnt = c.counts.pop(name, 0)
            _remove_member(c, name)
            if not c.members:
                del by_key[old]
        target = by_key.get(key)
        if target is None:
            target = EntityCluster(
                key=key, canonical_name=name, members=[], confidence=1.0, parent_key=""
            )
            by_key[key] = target
        target.member_scores[name] = 1.0
        if cnt or target.counts:
            target.counts[name] = cnt
        owner[name] = key
    out = []
    for c in by_key.values():
        c.members = sorted(c.member_scores)
        c.member_scores = dict(sorted(c.member_scores.items()))
        c.counts = dict(sorted(c.counts.items()))
        c.confidence = min(c.member_scores.values()) if c.member_scores else 1.0
        if c.canonical_name not in c.member_scores and c.members:
            c.canonical_name = max(c.members, key=lambda n: (c.counts.get(n, 0), len(n), _neg(n)))
        out.append(c)
    out.sort(key=lambda c: c.key)
    return out


def _remove_member(c: EntityCluster, name: str) -> None:
    c.member_scores.pop(name, None)
    c.members = [m for m in c.members if m != name]
    if c.canonical_name == name and c.members:
        c.canonical_name = max(c.members, key=lambda n: (c.counts.get(n, 0), len(n), _neg(n)))


class EntityIndex:
    """Name → entity key lookup built from clusters; unknown names fall back to their rule key."""

    def __init__(
        self, clusters: Iterable[EntityCluster] = (), table: AliasTable | None = None
    ) -> None:
        self.table = table
        self.name_to_key: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        for c in clusters:
            self.names[c.key] = c.canonical_name
            if c.parent_key:
                self.parents[c.key] = c.parent_key
            for m in c.members:
                self.name_to_key[m] = c.key

    def key(self, name: str) -> str:
        k = self.name_to_key.get(name)
        if k is None:
            k = org_key(name, self.table)
        return k

    def display_name(self, key: str) -> str:
        return self.names.get(key, key)

    def mapping(self) -> dict[str, str]:
        return dict(self.name_to_key)
