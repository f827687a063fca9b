"""Civil and administrative judgment openings for the parser benchmark, with a dev/eval split.

No public machine-readable source gives full civil or administrative judgments with their
openings (see ../shared/data/README.md). What is real here:

* party names and roles from the CAIL 2021 dispute-focus set (``原告X诉称`` / ``被告Y辩称``,
  111 civil judgments) and from the titles of the lawrefbook typical cases (``X诉Y…纠纷案``,
  including ten administrative-agreement cases whose defendants are real organs);
* court names with their 2016 代字 from ``derived/court_code_pairs_dev10.tsv``.

What is written by this script: the opening around them (title, 案号, party paragraphs,
法定代表人/委托代理人/出庭负责人 lines, the procedure sentence) in the forms the issue lists:
old Shanghai 案号 with a bracketed sub-division, a spaced-out title run straight into the 案号,
ASCII punctuation, 上诉人(原审被告)/被上诉人(原审原告)/原审第三人, 诉讼代表人…该公司管理人负责人,
administrative organs with 法定代表人/负责人 and 出庭负责人.

Split: every source document goes to ``dev`` or ``eval`` by a hash of its id, and the two halves
use different phrasings (``_PHRASES_DEV`` / ``_PHRASES_EVAL``, both written before any scoring);
the parser was only ever inspected on ``dev`` failures.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

_SPLIT_NAMES = re.compile(r"[、,，]")
_BAD_NAME = re.compile(r"原告|被告|二|两|本院|其|的|等|诉|请求|提出|共同")


@dataclass
class GoldParty:
    name: str
    role: str  # 原告 | 被告 | 第三人 (first-instance side; the template may make it 上诉人 …)
    kind: str


@dataclass
class Source:
    key: str
    plaintiffs: list[GoldParty]
    defendants: list[GoldParty]
    cause: str
    admin: bool = False
    third: list[GoldParty] = field(default_factory=list)


@dataclass
class Opening:
    key: str
    split: str
    text: str
    court: str
    case_no: str
    parties: list[tuple[str, str, str]]  # (name, role as written, kind)


def gold_kind(name: str) -> str:
    """The benchmark's own rule (independent of the package's classifier)."""
    if re.search(r"村民委员会|居民委员会|基金会|学校|医院|中心$|协会|报社|网站|机构$", name):
        return "organisation"
    if re.search(r"人民政府|局$|办公室$|委员会$|办事处$|管理处$", name):
        return "government"
    if re.search(r"公司|银行|支行|分行|店$|超市|影楼|广场|商行|厂$|社$|企业", name):
        return "company"
    return "person" if len(name) <= 4 else "organisation"


def _names(raw: str) -> list[str]:
    out = []
    for n in _SPLIT_NAMES.split(raw):
        n = n.strip()
        if 2 <= len(n) <= 30 and not _BAD_NAME.search(n):
            out.append(n)
    return out


_FOCUS_P = re.compile(
    r"^(?:原告|上诉人|再审申请人)?(?P<n>[^，,：:（(。]{2,40}?)"
    r"(?:向本院提出诉讼请求|提出诉讼请求|诉称|起诉请求|上诉请求|向本院起诉)"
)
_FOCUS_D = re.compile(r"^被告(?P<n>[^，,：:（(。]{2,40}?)(?:共同)?(?:答)?辩称")
_ORG_END = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|公司|人民政府|民政局|自然资源局|住房和城乡建设局|国土资源局|局"
    r"|委员会|办事处|办公室|报社|门户网站|影楼|书店|购物广场|超市[^、]{0,4}店|医美机构|机构|医院|支行)"
)


def load_sources(data: Path) -> list[Source]:
    out: list[Source] = []
    focus = data / "cail2021_lblj_focus" / "SMP-CAIL2021-focus_recognition-train.json"
    if focus.is_file():
        for d in json.loads(focus.read_text("utf-8"))["dataset"]:
            pm = _FOCUS_P.match(d.get("诉称段", ""))
            dm = _FOCUS_D.match(d.get("辩称段", ""))
            if not pm or not dm:
                continue
            ps, ds = _names(pm["n"]), _names(dm["n"])
            if not ps or not ds or set(ps) & set(ds):
                continue
            out.append(
                Source(
                    "focus:" + d["文书ID"],
                    [GoldParty(n, "原告", gold_kind(n)) for n in ps],
                    [GoldParty(n, "被告", gold_kind(n)) for n in ds],
                    "民间借贷纠纷",
                )
            )
    cases = data / "lawrefbook" / "案例"
    if cases.is_dir():
        for f in sorted(cases.rglob("*.md")):
            if f.name.startswith("_"):
                continue
            title = f.stem
            m = re.match(r"^(?P<p>[^诉与]{2,40}?)(?:诉|与)(?P<rest>.+?)(?:一案|案)$", title)
            if not m:
                continue
            rest = m["rest"]
            ends = list(_ORG_END.finditer(rest))
            if ends:
                cut = ends[-1].end()
            else:
                pm2 = re.match(r"^[\u4e00-\u9fff]{1,2}某+", rest)
                if not pm2:
                    continue
                cut = pm2.end()
            ds_raw, cause = rest[:cut], rest[cut:]
            if not cause:
                continue
            ps = _names(m["p"].replace("等人", ""))
            ds = _names(ds_raw.replace("等", ""))
            if not ps or not ds:
                continue
            admin = "行政" in f.parent.name or any(gold_kind(n) == "government" for n in ds)
            out.append(
                Source(
                    "lawrefbook:" + title,
                    [GoldParty(n, "原告", gold_kind(n)) for n in ps],
                    [GoldParty(n, "被告", gold_kind(n)) for n in ds],
                    cause if cause.endswith(("纠纷", "案")) or admin else cause + "纠纷",
                    admin=admin,
                )
            )
    return out


def split_of(key: str) -> str:
    return "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "eval"


def load_courts(data: Path) -> list[tuple[str, str]]:
    p = data / "derived" / "court_code_pairs_dev10.tsv"
    rows = []
    for ln in p.read_text("utf-8").splitlines()[1:]:
        parts = ln.split("\t")
        if len(parts) >= 2 and parts[0].endswith("人民法院") and parts[1]:
            rows.append((parts[0], parts[1]))
    return rows


# Phrasings. Each is (person intro, company intro, organ intro, agent line, 法定代表人 line,
# 出庭负责人 line, procedure sentence). {P}=punctuation set.
_PHRASES_DEV = [
    {
        "person": "{role}{name}{c}{sex}{c}{born}出生{c}汉族{c}住{addr}。",
        "company": "{role}{name}{c}住所地{addr}。",
        "organ": "{role}{name}{c}住所地{addr}。",
        "rep": "法定代表人{rep}{c}该公司总经理。",
        "organ_rep": "法定代表人{rep}{c}局长。",
        "court_rep": "出庭负责人{rep2}{c}副局长。",
        "agent": "委托代理人{agent}{c}{firm}律师。",
        "proc": "原告{p0}与被告{d0}{cause}一案{c}本院于2014年3月1日立案受理后{c}依法组成合议庭{c}公开开庭进行了审理。",
        "proc2": "上诉人{a0}因与被上诉人{b0}{cause}一案{c}不服{lower}民事判决{c}向本院提起上诉。",
    },
    {
        "person": "{role}:{name}{c}{sex}{c}{born}生{c}住{addr}。",
        "company": "{role}:{name}{c}住所地{addr}。",
        "organ": "{role}:{name}{c}住所地{addr}。",
        "rep": "法定代表人:{rep}{c}董事长。",
        "organ_rep": "负责人:{rep}{c}主任。",
        "court_rep": "行政机关出庭负责人:{rep2}{c}副主任。",
        "agent": "委托诉讼代理人:{agent}{c}{firm}律师。",
        "proc": "原告{p0}诉被告{d0}{cause}一案{c}本院立案后{c}依法适用普通程序{c}公开开庭进行了审理。",
        "proc2": "上诉人{a0}因{cause}一案{c}不服{lower}判决{c}向本院提起上诉。",
    },
]
_PHRASES_EVAL = [
    {
        "person": "{role}{name}{c}{sex}{c}{born}出生{c}身份证住址{addr}。",
        "company": "{role}{name}{c}统一社会信用代码91310000MA1K3XXXX{c}住所{addr}。",
        "organ": "{role}{name}{c}住所地{addr}。",
        "rep": "法定代表人{rep}{c}执行董事。",
        "organ_rep": "法定代表人{rep}{c}区长。",
        "court_rep": "出庭负责人{rep2}{c}副区长。",
        "agent": "委托诉讼代理人{agent}{c}{firm}律师。",
        "proc": "原告{p0}与被告{d0}{cause}一案{c}本院于2013年9月2日受理后{c}依法由审判员独任审判{c}公开开庭进行了审理。",
        "proc2": "上诉人{a0}与被上诉人{b0}{cause}一案{c}上诉人不服{lower}判决{c}向本院提起上诉。",
    },
    {
        "person": "{role}{name}{c}{sex}{c}{born}生{c}汉族{c}户籍地{addr}。",
        "company": "{role}{name}{c}住所地{addr}。",
        "organ": "{role}{name}{c}住所地{addr}。",
        "rep": "诉讼代表人{rep}{c}该公司管理人负责人。",
        "organ_rep": "负责人{rep}{c}局长。",
        "court_rep": "出庭应诉负责人{rep2}{c}副局长。",
        "agent": "委托代理人{agent}{c}{firm}律师。",
        "proc": "原告{p0}诉被告{d0}{cause}一案{c}本院受理后{c}依法组成合议庭审理。",
        "proc2": "上诉人{a0}因{cause}一案{c}不服{lower}判决{c}向本院提出上诉。",
    },
]
_AGENT_NAMES = ["周杰", "吴芳", "郑磊", "冯婷", "陈浩", "褚明", "卫东", "蒋琳", "沈军", "韩梅"]
_REP_NAMES = ["刘伟", "杨洋", "朱峰", "秦岭", "许强", "何静", "吕斌", "施红", "张敏", "孔亮"]
_FIRMS = ["上海丙丁律师事务所", "北京某某律师事务所", "江苏天衡律师事务所", "浙江某律师事务所"]
_ADDR = [
    "上海市浦东新区某路1号",
    "北京市朝阳区某街2号201室",
    "江苏省连云港市海州区某小区3幢",
    "某市某区",
]


def _opening(src: Source, courts: list[tuple[str, str]], seed: int) -> Opening:
    split = split_of(src.key)
    rng = random.Random(src.key + str(seed))
    phr = rng.choice(_PHRASES_DEV if split == "dev" else _PHRASES_EVAL)
    ascii_p = rng.random() < 0.5
    c = "," if ascii_p else "，"
    lb, rb = ("(", ")") if ascii_p else ("（", "）")
    second = rng.random() < 0.4
    third = rng.random() < 0.3
    layout = rng.choice(["nl", "nl", "space", "run"])  # run = spaced title run into the 案号
    court, code = rng.choice(courts)
    kind_word = "行政" if src.admin else "民事"
    year = rng.choice([2013, 2014, 2015, 2017, 2019])
    seq = rng.randint(1, 39999)
    lvl = "终" if second else "初"
    t = "行" if src.admin else "民"
    if year < 2016 and rng.random() < 0.6:
        sub = f"{lb}{rng.choice('商民')}{rb}"
        case_no = f"{lb}{year}{rb}{court[3:5]}{t}{rng.choice('一二六')}{sub}{lvl}字第{seq}号"
    elif year < 2016:
        case_no = f"{lb}{year}{rb}{court[2:3]}{t}{lvl}字第{seq}号"
    else:
        case_no = f"{lb}{year}{rb}{code}{t}{lvl}{seq}号"
    third_p = GoldParty("连云港某置业有限公司", "第三人", "company") if third else None
    parties: list[tuple[str, str, str]] = []
    lines: list[str] = []

    def fill(s: str, **kw: str) -> str:
        return s.format(c=c, **kw)

    def party_lines(gp: GoldParty, role: str) -> None:
        kind = gp.kind
        parties.append((gp.name, role, kind))
        addr = rng.choice(_ADDR)
        if kind == "person":
            lines.append(
                fill(
                    phr["person"],
                    role=role,
                    name=gp.name,
                    sex=rng.choice("男女"),
                    born=f"{rng.randint(1950, 1995)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                    addr=addr,
                )
            )
        elif kind == "government":
            lines.append(fill(phr["organ"], role=role, name=gp.name, addr=addr))
            lines.append(fill(phr["organ_rep"], rep=rng.choice(_REP_NAMES)))
            lines.append(fill(phr["court_rep"], rep2=rng.choice(_REP_NAMES)))
        else:
            lines.append(fill(phr["company"], role=role, name=gp.name, addr=addr))
            lines.append(fill(phr["rep"], rep=rng.choice(_REP_NAMES)))
        if rng.random() < 0.6:
            lines.append(
                fill(phr["agent"], agent=rng.choice(_AGENT_NAMES), firm=rng.choice(_FIRMS))
            )

    if second:
        plaintiff_appeals = rng.random() < 0.5
        a, b = (
            (src.plaintiffs, src.defendants)
            if plaintiff_appeals
            else (src.defendants, src.plaintiffs)
        )
        oa = "原审原告" if plaintiff_appeals else "原审被告"
        ob = "原审被告" if plaintiff_appeals else "原审原告"
        if src.admin:
            oa, ob = oa.replace("原审", "一审"), ob.replace("原审", "一审")
        for gp in a:
            party_lines(gp, f"上诉人{lb}{oa}{rb}")
        for gp in b:
            party_lines(gp, f"被上诉人{lb}{ob}{rb}")
        if third_p:
            party_lines(third_p, "原审第三人")
        lower = "某某人民法院" + case_no.replace("终", "初")
        lines.append(fill(phr["proc2"], a0=a[0].name, b0=b[0].name, cause=src.cause, lower=lower))
    else:
        for gp in src.plaintiffs:
            party_lines(gp, "原告")
        for gp in src.defendants:
            party_lines(gp, "被告")
        if third_p:
            party_lines(third_p, "第三人")
        lines.append(
            fill(
                phr["proc"],
                p0="、".join(g.name for g in src.plaintiffs),
                d0="、".join(g.name for g in src.defendants),
                cause=src.cause,
            )
        )
    title = f"{kind_word}判决书"
    if layout == "run":
        text = court + " ".join(title) + case_no + "".join(lines)
    elif layout == "space":
        text = court + " " + title + " " + case_no + " " + " ".join(lines)
    else:
        text = "\n".join([court, title, case_no, *lines])
    text += "\n" + "本院认为，" + "双方争议的焦点在于……。"
    return Opening(
        src.key,
        split,
        text,
        court,
        case_no,
        [(n, r.split("(")[0].split("（")[0], k) for n, r, k in parties],
    )


def build(data: Path, seed: int = 18) -> list[Opening]:
    courts = load_courts(data)
    return [_opening(src, courts, seed) for src in load_sources(data)]


_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def score(openings: list[Opening], parse) -> dict[str, dict[str, object]]:
    """Per split: 案号 and court right (share of openings); party names found, roles and kinds
    right (share of gold parties; role/kind counted over all gold parties, not only found ones)."""
    res: dict[str, dict[str, object]] = {}
    for split in ("dev", "eval"):
        docs = [o for o in openings if o.split == split]
        if not docs:
            continue
        cn = court = names = roles = kinds = total = 0
        misses: list[str] = []
        for o in docs:
            j = parse(o.text)
            if j.case_no is not None and j.case_no.normalized == o.case_no.translate(_BRACKETS):
                cn += 1
            elif split == "dev":
                misses.append(f"case_no {o.key[:40]}")
            if j.court_name == o.court:
                court += 1
            by_name = {p.name: p for p in j.parties}
            for name, role, kind in o.parties:
                total += 1
                p = by_name.get(name)
                if p is None:
                    if split == "dev":
                        misses.append(f"name {o.key[:40]} {role}")
                    continue
                names += 1
                roles += p.role == role
                kinds += p.kind == kind
                if split == "dev" and (p.role != role or p.kind != kind):
                    misses.append(f"role/kind {o.key[:40]} {role}/{p.role} {kind}/{p.kind}")
        n = len(docs)
        res[split] = {
            "openings": n,
            "parties": total,
            "case_no": round(cn / n, 3),
            "court": round(court / n, 3),
            "names": round(names / total, 3),
            "roles": round(roles / total, 3),
            "kinds": round(kinds / total, 3),
            "dev_misses": misses[:40],
        }
    return res
