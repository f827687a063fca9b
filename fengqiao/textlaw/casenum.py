"""案号 parsing: 2016 standard, 2018 form with 专门审判代字, and pre-2016 forms.

Rules (RULES.md §4, rules-sources/11–13):

* 2016 (法〔2015〕137号): ``（收案年度）法院代字 类型代字 案件编号 号`` — 最高法 / provincial
  abbreviation (内 军 兵) for high courts, + 2 digits for intermediate and + 4 digits for basic courts.
* 2018 (法〔2018〕335号): a one-character 专门审判代字 between 法院代字 and 类型代字
  (``（2019）最高法知民终1号``).
* 刑事复核 numbers are 8-digit random natural numbers (第十条第二款).
* Before 2016 courts used free abbreviations and ``…字第N号`` (``（2013）浙杭商终字第123号``).

``parse_case_number`` never raises: invalid input gives ``ok=False`` with a Chinese ``error``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from fengqiao.textlaw._text import BRACKET_TABLE, WS_RE, to_halfwidth

__all__ = [
    "CaseNumber",
    "CaseType",
    "case_type",
    "court_codes",
    "find_case_numbers",
    "iter_case_numbers",
    "parse_case_number",
]

PROVINCE_CODES = "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵"
_DIVISION_NUMERALS = "一二三四五六七八九十"
# Characters that may follow the leading character of a type code (初 终 再 …).
_TYPE_TAIL = "初终再提抗申监复更恢异保核特催督辖他撤认医没请协清审重经知赔自"


@dataclass(frozen=True, slots=True)
class CaseType:
    code: str
    name: str
    category: str
    level: str
    source: str


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """A parsed 案号. ``normalized`` uses full-width （） and half-width digits."""

    input: str
    ok: bool
    year: int | None = None
    court_code: str | None = None
    special_code: str | None = None
    type_code: str | None = None
    seq: int | None = None
    normalized: str | None = None
    court_name: str | None = None
    error: str | None = None
    # Extras (not part of the minimal interface; always safe to ignore).
    form: str | None = None  # '2016' | '2018' | 'pre2016'
    court_level: str | None = None  # supreme | high | intermediate | basic | *_special
    type_name: str | None = None
    case_category: str | None = None  # civil | criminal | admin | execution | ...
    trial_level: str | None = None  # 一审 | 二审 | 再审 | 再审审查 | 复核 | 执行 | ...
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __bool__(self) -> bool:  # pragma: no cover - convenience
        return self.ok


# ---------------------------------------------------------------------------
# Tables


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("fengqiao.textlaw").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def case_types() -> dict[str, CaseType]:
    """Type code → :class:`CaseType` from ``data/case_types.tsv``."""
    return {
        r["code"]: CaseType(r["code"], r["name"], r["category"], r["level"], r["source"])
        for r in _read_tsv("case_types.tsv")
    }


@cache
def special_codes() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _read_tsv("special_codes.tsv")}


@cache
def court_codes() -> dict[str, tuple[str, str]]:
    """法院代字 → (court name, level) from the national court registry
    (``data/court_registry.tsv``, built by ``scripts/build_court_registry.py``): every court's
    代字, plus its alternative 代字 (区划 codes before/after a change) where no other court has it."""
    rows = _read_tsv("court_registry.tsv")
    table = {r["code"]: (r["name"], r["level"]) for r in rows}
    for r in rows:
        for alt in filter(None, r["alt_codes"].split(",")):
            table.setdefault(alt, (r["name"], r["level"]))
    return table


def case_type(code: str | None) -> CaseType | None:
    """Look up a type code (exact, then without chamber numerals such as 刑一终 → 刑终)."""
    if not code:
        return None
    types = case_types()
    if code in types:
        return types[code]
    stripped = code.translate(_STRIP_DIVISION)
    return types.get(stripped)


_STRIP_DIVISION = {ord(c): None for c in _DIVISION_NUMERALS}
_LEADS = (
    "司救刑",
    "司救民",
    "司救行",
    "司救执",
    "司救赔",
    "司救访",
    "司救他",
    "司救",
    "委赔",
    "法赔",
    "司惩",
    "财保",
    "行保",
    "证保",
    "强清",
    "刑",
    "民",
    "行",
    "执",
    "商",
    "赔",
    "破",
)
_LENIENT_TYPE_RE = re.compile(
    "(?:" + "|".join(_LEADS) + f")[{_DIVISION_NUMERALS}{_TYPE_TAIL}]{{0,4}}"
)
_OLD_TYPE_RE = re.compile(
    "(?P<pre>知)?(?P<lead>"
    + "|".join(_LEADS)
    + f")(?P<tail>[{_DIVISION_NUMERALS}{_TYPE_TAIL}]{{0,5}})"
)


def _category_from_code(code: str) -> tuple[str | None, str | None]:
    """Category and 审级 inferred from the characters of an unknown type code."""
    cat: str | None
    if code.startswith(("司救", "司惩", "财保", "行保", "证保")):
        cat = "other"
    elif code.startswith(("委赔", "法赔", "赔")):
        cat = "compensation"
    elif code.startswith(("强清", "破")):
        cat = "bankruptcy"
    else:
        cat = {
            "刑": "criminal",
            "民": "civil",
            "商": "civil",
            "行": "admin",
            "执": "execution",
        }.get(code[:1])
    body = code[1:]
    level: str | None = None
    if cat == "execution":
        level = "执行"
    elif "再" in body or "提" in body or "抗" in body:
        level = "再审"
    elif "申" in body or "监" in body:
        level = "再审审查"
    elif "核" in body or "复" in body:
        level = "复核"
    elif "终" in body:
        level = "二审"
    elif "初" in body or "重" in body:
        level = "一审"
    return cat, level


# ---------------------------------------------------------------------------
# Parsing

_PREFIX_RE = re.compile(r"^(?:案\s*号|编\s*号)\s*[:：]?")
_WHOLE_RE = re.compile(
    r"^（?(?P<year>\d{4})）?(?P<body>.*?)(?P<seq>\d+)(?:[-—－](?P<sub>\d{1,3}))?(?P<hao>号?)"
    r"(?:之(?P<zhi>[一二三四五六七八九十]{1,3}))?$"
)
_NEW_COURT_RE = re.compile(
    rf"^(?P<court>最高法|[{PROVINCE_CODES}](?:\d{{4}}|\d{{2}})?)(?P<type>[\u4e00-\u9fff]{{1,5}})$"
)
_CJK_ONLY_RE = re.compile(r"^[\u4e00-\u9fff]{1,14}$")


_SUBDIV_RE = re.compile(r"(?<=[\u4e00-\u9fff])（[\u4e00-\u9fff]{1,2}）(?=[\u4e00-\u9fff])")


def _fail(raw: str, error: str, **kw: Any) -> CaseNumber:
    return CaseNumber(input=raw, ok=False, error=error, **kw)


def _court_info(court: str) -> tuple[str | None, str | None]:
    hit = court_codes().get(court)
    if hit:
        return hit
    if court == "最高法":
        return "最高人民法院", "supreme"
    digits = court[1:]
    if len(digits) == 2:
        return None, "intermediate_special" if int(digits) >= 71 else "intermediate"
    if len(digits) == 4:
        return None, "basic"
    return None, None


def _norm_seq(seq: str, type_code: str | None) -> str:
    if type_code and type_code.startswith("刑核"):
        return seq
    return str(int(seq))


def _parse_new(
    raw: str, year: int, court: str, tstr: str, seq: str, notes: list[str]
) -> CaseNumber | None:
    """2016/2018 form. Returns None when ``tstr`` is not a plausible type for this form."""
    has_digits = court[-1].isdigit() or court == "最高法"
    specials = special_codes()
    special: str | None = None
    ctype = case_type(tstr) if "字" not in tstr else None
    tcode = tstr
    if ctype is not None and tstr not in case_types():
        return None  # chamber numerals (刑二终) belong to the pre-2016 form
    if ctype is None and len(tstr) >= 2 and tstr[0] in specials and tstr[1:] in case_types():
        special, tcode, ctype = tstr[0], tstr[1:], case_types()[tstr[1:]]
    if ctype is None:
        if not has_digits:
            return None
        if _LENIENT_TYPE_RE.fullmatch(tstr) and len(tstr) <= 3:
            notes.append(f"类型代字「{tstr}」不在代字表中")
        elif len(tstr) >= 2 and (tstr[1:] in case_types() or _LENIENT_TYPE_RE.fullmatch(tstr[1:])):
            special, tcode = tstr[0], tstr[1:]
            ctype = case_types().get(tcode)
            if special not in specials:
                notes.append(f"专门审判代字「{special}」不在代字表中")
        else:
            return None
    if special is None and len(tcode) > 3:
        return None
    court_name, level = _court_info(court)
    if ctype is not None:
        cat, lvl, tname = ctype.category, ctype.level, ctype.name
    else:
        (cat, lvl), tname = _category_from_code(tcode), None
    if tcode.startswith("刑核") and len(seq) != 8:
        notes.append("刑事复核案件编号应为8位")
    norm = f"（{year}）{court}{special or ''}{tcode}{_norm_seq(seq, tcode)}号"
    return CaseNumber(
        input=raw,
        ok=True,
        year=year,
        court_code=court,
        special_code=special,
        type_code=tcode,
        seq=int(seq),
        normalized=norm,
        court_name=court_name,
        form="2018" if special else "2016",
        court_level=level,
        type_name=tname,
        case_category=cat,
        trial_level=lvl,
        note="；".join(notes) or None,
    )


def _parse_old(raw: str, year: int, body: str, seq: str, notes: list[str]) -> CaseNumber | None:
    """Pre-2016 form: <free court abbreviation><type>[字][第]."""
    b = body
    if b.endswith("第"):
        b = b[:-1]
    if b.endswith("字"):
        b = b[:-1]
    if not b or not _CJK_ONLY_RE.match(b):
        return None
    # Leftmost split that leaves a well-formed type code; the court abbreviation is non-empty
    # unless the whole body is a type code (SPC numbers before 2016 carried no court prefix).
    for i in range(1, len(b)):
        m = _OLD_TYPE_RE.fullmatch(b, i)
        if m:
            court, traw = b[:i], b[i:]
            break
    else:
        m = _OLD_TYPE_RE.fullmatch(b)
        if not m:
            return None
        court, traw = "", b
    if len(court) > 8:
        return None
    special = m["pre"]
    core = m["lead"] + m["tail"]
    tcode = core.translate(_STRIP_DIVISION) or core
    ctype = case_types().get(tcode)
    cat, lvl = (ctype.category, ctype.level) if ctype else _category_from_code(tcode)
    court_name: str | None = None
    level: str | None = None
    if court == "":
        court_name, level = "最高人民法院", "supreme"
        notes.append("旧式案号无法院代字，按最高人民法院案号推定")
    elif court == "最高法":
        court_name, level = "最高人民法院", "supreme"
    elif len(court) == 3 and court.endswith("高法") and court[0] in PROVINCE_CODES:
        court_name, level = court_codes()[court[0]]
    norm = f"（{year}）{court}{traw}字第{_norm_seq(seq, tcode)}号"
    return CaseNumber(
        input=raw,
        ok=True,
        year=year,
        court_code=court or None,
        special_code=special,
        type_code=tcode,
        seq=int(seq),
        normalized=norm,
        court_name=court_name,
        form="pre2016",
        court_level=level,
        type_name=ctype.name if ctype else None,
        case_category=cat,
        trial_level=lvl,
        note="；".join(notes) or None,
    )


def _clean(text: str) -> str:
    s = WS_RE.sub("", to_halfwidth(text)).translate(BRACKET_TABLE)
    s = _PREFIX_RE.sub("", s)
    return s.rstrip("。，,；;、.")


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> CaseNumber:
    return _parse(text)


def parse_case_number(text: str) -> CaseNumber:
    """Parse one 案号 (any era, bracket style, width, spacing). Never raises."""
    if not isinstance(text, str):
        return _fail(repr(text)[:200], "输入不是字符串")
    if len(text) > 64:
        return _parse(text)
    return _parse_cached(text)


def _parse(raw: str) -> CaseNumber:
    try:
        return _parse_inner(raw)
    except Exception as exc:  # pragma: no cover - defensive: never raise to callers
        return _fail(raw, f"解析失败：{type(exc).__name__}")


def _parse_inner(raw: str) -> CaseNumber:
    res = _parse_core(raw)
    if res.ok and res.normalized and res.note and "SUFFIX:" in res.note:
        # sub-numbers (…执123-1号, …民初5号之一) are kept in the normalized form
        notes = res.note.split("；")
        suffix = next(n for n in notes if n.startswith("SUFFIX:"))[7:]
        rest = [n for n in notes if not n.startswith("SUFFIX:")]
        norm = res.normalized[:-1] + suffix if suffix.endswith("号") else res.normalized + suffix
        res = replace(res, normalized=norm, note="；".join(rest) or None)
    return res


def _parse_core(raw: str) -> CaseNumber:
    s = _clean(raw)
    if not s:
        return _fail(raw, "空字符串，不是案号")
    if len(s) > 40:
        return _fail(raw, "文本过长，不是单个案号（在长文本中查找请用 find_case_numbers）")
    if "法建" in s or "司建" in s:
        return _fail(raw, "这是司法建议书编号（法建），不是案号")
    m = _WHOLE_RE.match(s)
    if not m:
        if not re.search(r"\d{4}", s):
            return _fail(raw, "未找到收案年度（四位年份）")
        return _fail(raw, "未找到案件编号（号前的数字）")
    year = int(m["year"])
    body, seq = m["body"], m["seq"]
    notes: list[str] = []
    if m["sub"]:
        notes.append(f"SUFFIX:-{int(m['sub'])}号")
    if m["zhi"]:
        notes.append(f"SUFFIX:之{m['zhi']}")
    if not m["hao"]:
        notes.append("缺少“号”字")
    if not s.startswith("（") or "）" not in s[:7]:
        notes.append("收案年度未加括号")
    if not 1949 <= year <= 2100:
        return _fail(raw, f"收案年度 {year} 超出合理范围（1949–2100）")
    if not body:
        return _fail(raw, "缺少法院代字和类型代字")
    if "检" in body:
        return _fail(raw, "这是检察院文书编号，不是法院案号")
    if not re.search(r"[\u4e00-\u9fff]", body):
        return _fail(raw, "缺少法院代字和类型代字")
    if int(seq) == 0:
        return _fail(raw, "案件编号不能为0")
    sub_m = _SUBDIV_RE.search(body)
    if sub_m is not None:
        # older Shanghai forms carry a bracketed sub-division: 沪一中民六（商）终字, 浦民一（民）初字
        inner = body[: sub_m.start()] + body[sub_m.end() :]
        res = _parse_old(raw, year, inner, seq, notes)
        if res is None or not res.normalized:
            return _fail(raw, f"无法识别类型代字：「{body}」")
        k = 6 + sub_m.start()  # "（YYYY）" is six characters; court + type come first unchanged
        norm = res.normalized[:k] + sub_m.group(0) + res.normalized[k:]
        return replace(res, normalized=norm, special_code=res.special_code)
    if "字" not in body:
        nm = _NEW_COURT_RE.match(body[:-1] if body.endswith("第") else body)
        if nm:
            if body.endswith("第"):
                notes.append("2016年后的案号不应有“第”字")
            res = _parse_new(raw, year, nm["court"], nm["type"], seq, notes)
            if res is not None:
                return res
    elif body[0] in PROVINCE_CODES and re.match(r"^.\d{2}", body):
        # 2016-style court code with a stray 字: （2016）冀0925刑初字111号
        nm = _NEW_COURT_RE.match(re.sub("字?第?$", "", body))
        if nm:
            notes.append("2016年后的案号不应有“字”“第”")
            res = _parse_new(raw, year, nm["court"], nm["type"], seq, notes)
            if res is not None:
                return res
    res = _parse_old(raw, year, body, seq, notes)
    if res is not None:
        return res
    if re.search(r"\d", body):
        return _fail(raw, f"法院代字或类型代字无法识别：「{body}」")
    return _fail(raw, f"无法识别类型代字：「{body}」")


# ---------------------------------------------------------------------------
# Finding 案号 inside running text

_OPEN = "（(〔[［【﹝〖"
_CLOSE = "）)〕]］】﹞〗"
_FIND_RE = re.compile(
    rf"[{re.escape(_OPEN)}][ \u3000]*(?:19|20)\d{{2}}[ \u3000]*[{re.escape(_CLOSE)}]"
    rf"[ \u3000]*[\u4e00-\u9fff](?:[\u4e00-\u9fff\d \u3000]|[（(][\u4e00-\u9fff]{{1,2}}[)）]){{0,22}}?\d"
    rf"(?:[-—－]\d{{1,3}})?[ \u3000]*号"
    rf"(?:之[一二三四五六七八九十]{{1,3}})?"
    rf"|(?<!\d)(?:19|20)\d{{2}}[ \u3000]*(?:最高法|[{PROVINCE_CODES}]\d{{2,4}})[\u4e00-\u9fff]{{1,4}}\d+号"
)


def iter_case_numbers(text: str) -> Iterator[tuple[CaseNumber, int, int]]:
    """Yield (case number, start, end) for every valid 案号 in ``text``, in order."""
    if not isinstance(text, str) or "号" not in text:
        return
    t = to_halfwidth(text)
    for m in _FIND_RE.finditer(t):
        cn = parse_case_number(m.group(0))
        if cn.ok:
            if cn.input != text[m.start() : m.end()]:
                cn = _replace_input(cn, text[m.start() : m.end()])
            yield cn, m.start(), m.end()


def _replace_input(cn: CaseNumber, raw: str) -> CaseNumber:
    return replace(cn, input=raw)


def find_case_numbers(text: str) -> list[CaseNumber]:
    """All distinct valid 案号 in ``text`` (first occurrence order, deduplicated by normalized form)."""
    seen: set[str] = set()
    out: list[CaseNumber] = []
    for cn, _, _ in iter_case_numbers(text):
        if cn.normalized not in seen:
            seen.add(cn.normalized or "")
            out.append(cn)
    return out
