"""Structure extraction from a full Chinese court judgment (判决书/裁定书/调解书/…).

Pure regex/str scanning — no segmentation — so it runs at thousands of documents per second.
Works both on documents with line breaks and on texts whose paragraphs were joined with spaces
(as in LeCaRD / many crawls). ``parse_judgment`` never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fengqiao.textlaw._text import to_halfwidth
from fengqiao.textlaw.amounts import _find_amounts_hw
from fengqiao.textlaw.casenum import CaseNumber, iter_case_numbers
from fengqiao.textlaw.causes import cause_ancestors, normalize_cause, taxonomy
from fengqiao.textlaw.causes import cause_kind as _cause_kind
from fengqiao.textlaw.dates import find_dates
from fengqiao.textlaw.domains import classify_domain

__all__ = ["Agent", "Judgment", "Party", "classify_party_kind", "parse_judgment"]

SECTION_KEYS = ("header", "parties", "claims", "facts", "reasoning", "judgment", "tail")


@dataclass(slots=True)
class Agent:
    name: str
    kind: (
        str  # 委托诉讼代理人 | 辩护人 | 法定代理人 | 法定代表人 | 负责人 | 诉讼代表人 | 指定代理人
    )
    firm: str | None = None


@dataclass(slots=True)
class Party:
    name: str
    role: str
    kind: str  # person | company | government | organisation
    agents: list[Agent] = field(default_factory=list)
    raw: str = ""
    original_role: str | None = None  # 上诉人（原审被告人） → 原审被告人

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "kind": self.kind,
            "agents": [{"name": a.name, "kind": a.kind, "firm": a.firm} for a in self.agents],
            "raw": self.raw,
            "original_role": self.original_role,
        }


@dataclass(slots=True)
class Judgment:
    court_name: str | None = None
    doc_kind: str | None = None  # 判决书 | 裁定书 | 调解书 | 决定书 | 通知书 | 支付令 | …
    case_no: CaseNumber | None = None
    cause: str | None = None
    cause_kind: str | None = None  # civil | criminal | admin | execution | compensation | …
    trial_level: str | None = None  # 一审 | 二审 | 再审 | 再审审查 | 复核 | 执行 | …
    parties: list[Party] = field(default_factory=list)
    judges: list[tuple[str, str]] = field(default_factory=list)
    clerk: str | None = None
    decided_on: date | None = None
    amounts: list[float] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    outcome: str | None = None
    domain: str | None = None
    # Extras
    doc_title: str | None = None  # e.g. 刑事附带民事判决书
    causes: list[str] = field(default_factory=list)  # all charges / causes found, normalised
    cause_raw: str | None = None  # the surface string the cause came from

    def to_dict(self) -> dict[str, Any]:
        return {
            "court_name": self.court_name,
            "doc_kind": self.doc_kind,
            "doc_title": self.doc_title,
            "case_no": self.case_no.to_dict() if self.case_no else None,
            "cause": self.cause,
            "cause_raw": self.cause_raw,
            "causes": list(self.causes),
            "cause_kind": self.cause_kind,
            "trial_level": self.trial_level,
            "parties": [p.to_dict() for p in self.parties],
            "judges": [[r, n] for r, n in self.judges],
            "clerk": self.clerk,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "amounts": list(self.amounts),
            "sections": dict(self.sections),
            "outcome": self.outcome,
            "domain": self.domain,
        }


# ---------------------------------------------------------------------------
# Header

_SP = "[ \u3000]*"
_DOC_PREFIXES = (
    "刑事附带民事",
    "附带民事",
    "刑事附民事",
    "民事",
    "刑事",
    "行政赔偿",
    "行政",
    "执行",
    "国家赔偿",
    "司法赔偿",
    "赔偿",
)
_DOC_KINDS = ("判决书", "裁定书", "调解书", "决定书", "通知书", "支付令", "保护令")
_DOC_KIND_RE = re.compile(
    "(?P<prefix>"
    + "|".join(_SP.join(p) for p in _DOC_PREFIXES)
    + ")?"
    + _SP
    + "(?P<kind>"
    + "|".join(_SP.join(k) for k in _DOC_KINDS)
    + ")"
)
_COURT_RE = re.compile(
    r"[\u4e00-\u9fff（）()]{2,40}?(?:人民法院|人民法庭|知识产权法院|海事法院|金融法院|互联网法院"
    r"|铁路运输法院|运输法院|军事法院|法院|生产建设兵团分院)"
)
_COURT_ANY_RE = re.compile(
    r"[\u4e00-\u9fff]{2,30}?(?:高级人民法院|中级人民法院|人民法院|知识产权法院|海事法院|金融法院|互联网法院"
    r"|铁路运输法院|军事法院)"
)
_TITLE_TRIM_RE = re.compile(r"^.*(?:书|令|决定|裁定|判决|一审|二审|再审|纠纷|罪|案)")

# ---------------------------------------------------------------------------
# Parties

_BASE_ROLES = (
    "上诉人", "被上诉人", "原告人", "被告人", "原告", "被告", "起诉人", "第三人", "申请人", "被申请人", "被告单位",
    "上诉单位", "申诉人", "被申诉人", "申请再审人", "被申请再审人", "再审申请人", "再审被申请人",
)  # fmt: skip
_ROLES = (
    "原公诉机关", "抗诉机关", "公诉机关", "申请执行人", "被执行人", "申请复议人", "复议申请人", "复议被申请人",
    "异议人", "案外人", "赔偿请求人", "赔偿义务机关", "复议机关", "自诉人", "被害单位", "被害人", "罪犯",
    "利害关系人", "债权人", "债务人", "申请人", "被申请人",
)  # fmt: skip
_ROLE_ALT = (
    r"(?:原审|一审|二审|再审)?(?:刑事)?(?:附带民事(?:公益)?(?:诉讼)?)?(?:"
    + "|".join(sorted(_BASE_ROLES, key=len, reverse=True))
    + ")|"
    + "|".join(sorted(_ROLES, key=len, reverse=True))
)
_AGENTS = (
    "共同委托诉讼代理人", "共同委托代理人", "委托诉讼代理人", "委托代理人", "特别授权代理人", "诉讼代理人",
    "指定辩护人", "辩护人", "法定代理人", "指定代理人", "法定代表人", "诉讼代表人", "主要负责人", "负责人", "代表人",
    "行政机关出庭应诉负责人", "行政机关出庭负责人", "出庭应诉负责人", "出庭负责人", "出庭应诉人员", "出庭应诉人",
)  # fmt: skip
_AGENT_KIND = {
    "共同委托诉讼代理人": "委托诉讼代理人", "共同委托代理人": "委托诉讼代理人", "委托代理人": "委托诉讼代理人",
    "特别授权代理人": "委托诉讼代理人", "诉讼代理人": "委托诉讼代理人", "指定辩护人": "辩护人",
    "主要负责人": "负责人", "代表人": "诉讼代表人", "行政机关出庭应诉负责人": "出庭负责人",
    "行政机关出庭负责人": "出庭负责人", "出庭应诉负责人": "出庭负责人", "出庭应诉人员": "出庭负责人",
    "出庭应诉人": "出庭负责人",
}  # fmt: skip
_NAME = (
    r"(?P<name>[^，,。；;：:（(\s、]{1,60}"
    r"(?:[（(][\u4e00-\u9fff]{2,8}[）)][^，,。；;：:（(\s]{1,40})?"
    r"(?:、[^，,。；;：:（(\s、]{1,8})*)"
)
_ROLE_RE = re.compile(
    r"(?P<role>" + _ROLE_ALT + r")"
    r"(?:[（(](?P<orig>[^）)]{1,40})[）)])?"
    r"(?:暨(?:刑事)?(?:附带民事(?:公益)?(?:诉讼)?)?(?:原告人?|被告人?|起诉人|上诉人|被上诉人|被害人))?"
    r"(?:[（(][^）)]{1,40}[）)])?"
    r"[:：]?[ \u3000]*(?:自报|（自报）)?" + _NAME
)
_AGENT_RE = re.compile(
    r"(?:[^，,。：:\s]{0,40}?(?:的|共同|之))?(?:刑事)?(?:附带民事(?:公益)?(?:诉讼)?)?(?P<kind>"
    + "|".join(sorted(_AGENTS, key=len, reverse=True))
    + r")(?:[（(][^）)]{1,20}[）)])?"
    r"(?:暨[^，,：:\s]{2,16}?(?:代理人|辩护人|被告人|原告人|被告|原告))?[:：]?[ \u3000]*" + _NAME
)
_FIRM_RE = re.compile(
    r"[\u4e00-\u9fff（）()]{2,40}?(?:律师事务所|法律服务所|法律援助中心|法律服务中心|律师所)"
    r"(?:[\u4e00-\u9fff]{1,10}分所)?"
)
_PARTY_SPLIT_RE = re.compile(
    r"[。；;][ \u3000]*(?=(?:"
    + _ROLE_ALT
    + "|"
    + "|".join(sorted(_AGENTS, key=len, reverse=True))
    + r"))"
)
_PROC_CLAUSE_RE = re.compile(
    r"与(?:被告|原告|被上诉人|上诉人|第三人|被申请人|申请人|被执行人)|与.{1,40}(?:纠纷|一案|争议)|诉|纠纷|一案|不服"
    r"|本院|提起|申请执行|申请再审|因.{0,30}(?:纠纷|一案|不服|申请|诉)|向.{0,10}(?:本院|法院)|于\d{4}年"
)
_CLAUSE_END_RE = re.compile(r"[，,。；;]")
_STRONG_PROC_RE = re.compile(
    r"与(?:被告|原告|被上诉人|上诉人|第三人|被申请人|申请人|被执行人)|纠纷|一案|不服|提起|本院|诉称|辩称"
    r"|指控|向.{0,10}(?:本院|法院)|审理|查明"
)

_GOV_SUFFIX = (
    "人民政府", "政府", "委员会办公室", "管理委员会", "管委会", "人民检察院", "检察院", "人民法院", "公安局", "分局",
    "派出所", "局", "厅", "署", "办公室", "办事处", "大队", "支队", "总队", "海关", "税务所", "监狱", "看守所",
    "管理处", "管理所", "管理站", "财政所", "司法所", "中心",
)  # fmt: skip
_GOV_MARK = ("人民政府", "检察院", "公安", "住房和城乡建设", "自然资源", "生态环境", "市场监督管理", "人力资源和社会保障",
             "税务", "交通运输", "城市管理", "综合行政执法", "应急管理", "卫生健康", "教育局", "民政", "海关",
             "街道办事处", "乡人民政府", "镇人民政府", "管理委员会", "财政局", "农业农村", "水利", "林业")  # fmt: skip
_ORG_SUFFIX = (
    "村民委员会", "居民委员会", "村委会", "居委会", "业主委员会", "村民小组", "协会", "学会", "商会", "基金会",
    "研究会", "促进会", "联合会", "学校", "大学", "学院", "中学", "小学", "幼儿园", "医院", "卫生院", "诊所",
    "合作社", "研究院", "研究所", "律师事务所", "事务所", "俱乐部", "工会", "委员会", "寺", "教会", "红十字会",
    "妇女联合会", "残疾人联合会", "慈善总会", "服务中心", "养老院", "敬老院", "图书馆", "博物馆", "出版社", "报社",
    "电视台", "集体经济组织", "经济合作社", "经济联合社", "网站", "医美机构", "培训机构",
)  # fmt: skip
_COMPANY_SUFFIX = (
    "有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "银行", "支行", "分行", "信用社", "信用合作联社",
    "商行", "经营部", "门市部", "厂", "店", "超市", "酒店", "宾馆", "饭店", "合伙企业", "企业", "工作室", "商店",
    "农场", "养殖场", "加工场", "矿", "中心（有限合伙）", "（有限合伙）", "有限合伙", "保险", "证券", "信托",
    "经销处", "分理处", "营业部", "代理处", "工程队", "车队", "药房", "诊所", "美容院", "会所", "影楼", "商场",
    "购物广场", "书店", "餐厅", "网吧", "加油站", "旅行社",
)  # fmt: skip
_PERSON_MASK_RE = re.compile(
    r"^[\u4e00-\u9fff·]{1,3}(?:某+|×+|x+|X+|＊+|\*+|[甲乙丙丁戊己庚辛]|\d+)?[\u4e00-\u9fff]?\d*$"
)
_GOV_ROLES = {"公诉机关", "原公诉机关", "抗诉机关", "赔偿义务机关", "复议机关"}


def classify_party_kind(name: str, role: str | None = None) -> str:
    """'person' | 'company' | 'government' | 'organisation' from the name pattern and role."""
    n = name.strip()
    if role in _GOV_ROLES:
        return "government"
    if n.endswith(_ORG_SUFFIX) and not n.endswith(("管理委员会", "人民委员会")):
        if "村民委员会" in n or "居民委员会" in n or not any(m in n for m in _GOV_MARK):
            return "organisation"
    if n.endswith(_GOV_SUFFIX) or any(m in n for m in _GOV_MARK):
        if not n.endswith(_COMPANY_SUFFIX) or n.endswith(("局", "办公室")):
            return "government"
    if n.endswith(_COMPANY_SUFFIX) or "公司" in n:
        return "company"
    if role in ("被告单位", "被害单位"):
        return "company"
    if len(n) <= 4 or _PERSON_MASK_RE.match(n):
        return "person"
    if "·" in n or "•" in n:
        return "person"
    return "organisation" if len(n) > 6 else "person"


_PROVINCE_PREFIXES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西",
    "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾",
)  # fmt: skip
_FIRM_IN_NAME_RE = re.compile(r"律师事务所|法律服务所|法律援助中心|律师$|律$")
_LEADING_ROLE_RE = re.compile(
    r"^(?:及|和|暨|为|系)?(?:" + "|".join(sorted(_AGENTS, key=len, reverse=True)) + r")?"
)


def _clean_name(name: str, agent: bool = False) -> str:
    n = name.strip(" \u3000“”\"'")
    if n.startswith("及") or "的法定代理人" in n or "的委托" in n:
        for kw in ("法定代理人", "委托诉讼代理人", "委托代理人", "监护人"):
            k = n.rfind(kw)
            if k >= 0:
                n = n[k + len(kw) :]
                break
    if n[:1] in "及和暨为系" or n.startswith(_AGENTS):
        n = _LEADING_ROLE_RE.sub("", n, count=1)
    if agent and len(n) > 4 and _FIRM_IN_NAME_RE.search(n):
        # "易某某江西某某律师事务所律师": the firm follows the name without a comma
        if n.startswith(_PROVINCE_PREFIXES):
            return ""
        for k in range(2, min(5, len(n))):
            if n.startswith(_PROVINCE_PREFIXES, k):
                n = n[:k]
                break
        else:
            n = n[:3]
    if n.endswith("等") and len(n) > 2:
        n = n[:-1]
    return n


# ---------------------------------------------------------------------------
# Sections

_JUDG_MARKERS = (
    "判决如下", "裁定如下", "决定如下", "调解协议如下", "达成如下协议", "如下调解协议", "确认如下协议", "协议如下",
    "判处如下", "判决如 下", "裁定如 下", "如下支付令",
)  # fmt: skip
_JUDG_WEAK_RE = re.compile(r"判\s*决\s*如\s*下|裁\s*定\s*如\s*下|(?:判决|裁定|决定)[：:]")
_TAIL_MARKERS = (
    "如不服本判决", "如不服本裁定", "如不服本决定", "如不服本调解", "本判决为终审判决", "本裁定为终审裁定",
    "本判决书为终审", "本决定为终审", "本裁定送达后即发生法律效力", "本裁定书送达后即发生法律效力",
    "本裁定送达后立即生效", "本调解协议经", "本调解书经", "本调解书与判决书具有同等法律效力", "本判决送达后即发生法律效力",
    "上述协议，不违反法律规定", "上述协议不违反法律规定", "上述协议符合有关法律规定",
)  # fmt: skip
_SIGN_ROLES = r"审判长|代理审判员|助理审判员|独任审判员|审判员|人民陪审员|陪审员|执行员|执行长"
_SIGN_RE = re.compile(r"审\s*判\s*长|审\s*判\s*员|人\s*民\s*陪\s*审\s*员|执\s*行\s*员")
_FACT_MARKERS = (
    "经审理查明", "本院经审理查明", "经审理认定", "本院审理查明", "经本院审理查明", "经审查查明", "本院查明",
    "本院认定事实如下", "本院认定如下", "经审理，本院认定", "本院经审理认定", "本院经审查认定", "二审查明",
    "再审查明", "一审法院认定事实", "一审法院查明", "一审查明", "原审法院查明", "原审查明", "原判认定", "原审认定",
    "原审法院认定", "一审判决认定", "经审查，本院认定", "本院经审查查明", "经审查，本院查明", "本院经审理认定事实如下",
    "认定事实如下", "本院确认如下事实", "本院确认以下事实", "当事人围绕诉讼请求", "本院对当事人无争议的事实",
    "本院对证据和事实认定如下", "经审理，查明", "经庭审查明", "经开庭审理查明", "经审理确认",
)  # fmt: skip
_FACT_FALLBACK = ("审理认定", "经审理，", "经本院审理", "经开庭审理", "经审理")
_ACCUSE_FACTS_RE = re.compile(r"指控[:：]|指控[，,](?!被告)|指控称|指控\d")
_ADOPT_RE = re.compile(r"足以认定|予以确认|予以认定|无异议|属实|予以采信")
_REASON_RE = re.compile(
    r"本院(?:再审|二审|经审查|审查|经审理|经再审)?认为|合议庭认为|本院经审查后认为|本院审理认为"
)
_CLAIM_MARKERS_RE = re.compile(r"诉称|诉讼请求|上诉请求|上诉称|指控|辩称|申请再审称|请求|抗诉")

# ---------------------------------------------------------------------------
# Tail (judges, clerk, date)

_SPACED_ROLE_FIXES = (
    (re.compile(r"审[ \u3000]+判[ \u3000]+长"), "审判长"),
    (re.compile(r"审[ \u3000]+判[ \u3000]+员"), "审判员"),
    (re.compile(r"陪[ \u3000]+审[ \u3000]+员"), "陪审员"),
    (re.compile(r"书[ \u3000]+记[ \u3000]+员"), "书记员"),
    (re.compile(r"执[ \u3000]+行[ \u3000]+员"), "执行员"),
    (re.compile(r"法[ \u3000]*官[ \u3000]*助[ \u3000]*理"), "法官助理"),
)
_STOP = (
    rf"(?=[ \u3000\t\r\n]|$|[^\u4e00-\u9fff·•X×xＸ＊*]|{_SIGN_ROLES}|法官助理|代理书记员|书记员|速录员"
    r"|二[〇零○O0]|本件|附[：:录页表相]|附件)"
)
# names may be masked in published texts: 任XX, 刘××
_NAME_TOKEN = r"[\u4e00-\u9fff·•](?:[ \u3000]{0,2}[\u4e00-\u9fff·•X×xＸ＊*]){1,11}?"
_JUDGE_RE = re.compile(rf"(?P<role>{_SIGN_ROLES})[:：]?[ \u3000\t]*(?P<name>{_NAME_TOKEN}){_STOP}")
_CLERK_RE = re.compile(
    rf"(?:代理书记员|书记员|速录员)[:：]?[ \u3000\t]*(?P<name>{_NAME_TOKEN}){_STOP}"
)
_CN_DATE_HINT = re.compile(r"二[〇零○O0][〇零○O0一二三四五六七八九]{2}年")

# ---------------------------------------------------------------------------
# Cause

_CHARGE_RE = re.compile(r"犯(?P<c>[\u4e00-\u9fff、，]{1,40}?罪)")
_CHARGE_NEXT_RE = re.compile(r"[、和及](?P<c>[\u4e00-\u9fff]{2,30}?罪)")
_ACCUSE_RE = re.compile(r"指控[^。]{0,80}?犯(?P<c>[\u4e00-\u9fff、]{2,40}?罪)")
_SENT_END_RE = re.compile(r"[，,。；;]")


def _charge_list(text: str, limit: int = 30) -> list[str]:
    out: list[str] = []
    for m in _CHARGE_RE.finditer(text):
        raw = m["c"].lstrip("，、")
        chain = [raw]
        pos = m.end()
        while True:
            nm = _CHARGE_NEXT_RE.match(text, pos)
            if not nm:
                break
            chain.append(nm["c"])
            pos = nm.end()
        for c in chain:
            norm = normalize_cause(c)
            if norm and _cause_kind(norm) == "criminal" and norm not in out:
                out.append(norm)
        if len(out) >= limit:
            break
    return out


def _cause_before_case_word(
    text: str, kinds: tuple[str, ...] | None
) -> tuple[str | None, str | None]:
    """Find '…XX纠纷一案' / '…行政处罚一案' and return (canonical cause, surface form)."""
    tax = taxonomy()
    lookup, entries = tax.lookup, tax.entries
    fallback: tuple[str | None, str | None] = (None, None)
    for m in _CASE_WORD_RE.finditer(text):
        end = m.start()
        window = text[max(0, end - 40) : end]
        for ln in range(len(window), 1, -1):
            cand = window[-ln:]
            hit = lookup.get(cand)
            if hit and (kinds is None or entries[hit].kind in kinds):
                return hit, cand
        if fallback[1] is None:
            raw_m = _RAW_CAUSE_RE.search(window)
            if raw_m:
                raw = raw_m.group(1)
                for cut in ("与", "诉", "及", "因", "的"):
                    k = raw.rfind(cut)
                    if k >= 0:
                        raw = raw[k + 1 :]
                if len(raw) >= 4:
                    fallback = (normalize_cause(raw), raw)
    return fallback


_CASE_WORD_RE = re.compile(r"一案|两案|二案|系列案|等案|案件")
_RAW_CAUSE_RE = re.compile(r"([\u4e00-\u9fff、]{2,24}(?:纠纷|争议|之诉))$")


# ---------------------------------------------------------------------------
# Outcome

_OUT_REMAND = re.compile(r"发回[^。；]{0,20}重(?:新)?审|发回重审")
_OUT_UPHOLD = re.compile(
    r"驳回上诉[，,、]?\s*维持原(?:判|裁定|判决)|维持原判|驳回再审申请|驳回[^。；]{0,10}申诉"
    r"|维持[^。；]{0,60}(?:判决|裁定)"
)
_OUT_RETRIAL_REJECT = re.compile(r"驳回[^。；]{0,60}(?:再审申请|申诉|抗诉)")
_OUT_RETRIAL_GRANT = re.compile(r"本案由本院提审|指令[^。；]{0,40}再审")
_OUT_REVISE = re.compile(r"撤销[^。；]{0,60}(?:判决|裁定)|变更[^。；]{0,40}(?:判决|裁定)第|改判")
_OUT_WITHDRAW = re.compile(
    r"准许[^。；]{0,40}撤(?:回|诉)|按[^。；]{0,10}撤(?:回|诉)[^。；]{0,6}处理|撤回起诉|撤回上诉"
)
_OUT_NOT_ACCEPT = re.compile(r"不予受理")
_OUT_DISMISS_SUIT = re.compile(r"驳回[^。；]{0,30}起诉")
_OUT_DISMISS_ALL = re.compile(r"驳回[^。；]{0,40}(?:全部)?诉讼请求")
_OUT_DISMISS_OTHER = re.compile(r"驳回[^。；]{0,40}(?:其他|其余)[^。；]{0,10}(?:诉讼)?请求")
_OUT_INNOCENT = re.compile(r"无罪")
_OUT_EXEMPT = re.compile(r"免予刑事处罚|免于刑事处罚|免除刑事处罚")
_OUT_GUILTY = re.compile(
    r"犯[^。；]{1,40}?罪[^。；]{0,30}(?:判处|处|单处|并处)|判处(?:有期徒刑|拘役|管制|罚金|死刑|无期徒刑)"
)
_OUT_APPROVE = re.compile(r"(?<!不)准许|(?<!不)予以认可|确认[^。；]{0,40}(?:有效)")
_OUT_NOT_APPROVE = re.compile(r"不予准许|不予认可|驳回[^。；]{0,10}申请")
_OUT_TERMINATE = re.compile(r"终结本次执行程序|终结[^。；]{0,10}执行")
_OUT_ADMIN_REVOKE = re.compile(
    r"撤销被告[^。；]{0,80}作出的|撤销[^。；]{0,40}(?:决定|行政处罚|复议)"
)
_OUT_CONFIRM_ILLEGAL = re.compile(r"确认[^。；]{0,60}违法")
_OUT_ORDER = re.compile(
    r"(?:被告|被上诉人|上诉人|被申请人|被执行人)[^。；]{0,40}(?:支付|给付|偿还|返还|赔偿|退还|履行|交付|承担|协助|腾退|搬出|停止|拆除|办理|归还)"
    r"|(?:判令|判决)[^。；]{0,30}(?:支付|给付|偿还|返还|赔偿)|准予[^。；]{0,10}离婚|解除[^。；]{0,30}(?:合同|关系)"
    r"|(?:由|归)[^。；]{0,20}(?:抚养|所有)|确认[^。；]{0,40}(?:有效|无效|所有|关系)|(?:^|[。；\s])[一二三四五六七八九十]+、(?!驳回)"
)


def _outcome(
    judg: str, doc_kind: str | None, category: str | None, trial: str | None, title: str
) -> str | None:
    if not judg:
        return None
    j = judg[:1500]
    if doc_kind == "调解书" or "调解" in (doc_kind or "") or "达成如下协议" in j or "自愿达成" in j:
        return "调解"
    if _OUT_WITHDRAW.search(j, 0, 160):
        return "撤诉"
    if _OUT_REMAND.search(j, 0, 300):
        return "发回重审"
    if _OUT_RETRIAL_REJECT.search(j, 0, 200):
        return "驳回"
    if _OUT_RETRIAL_GRANT.search(j, 0, 200):
        return "提审" if "提审" in j[:200] else "指令再审"
    if trial in ("二审", "再审", "再审审查") or "上诉" in j[:200]:
        if _OUT_REVISE.search(j):
            return "改判"
        if _OUT_UPHOLD.search(j):
            return "维持"
    if category == "criminal":
        if _OUT_EXEMPT.search(j):
            return "免予刑事处罚"
        if _OUT_GUILTY.search(j):
            return "有罪"
        if _OUT_INNOCENT.search(j):
            return "无罪"
    if category == "execution":
        if _OUT_TERMINATE.search(j):
            return "终结执行"
    if _OUT_NOT_ACCEPT.search(j):
        return "不予受理"
    if _OUT_DISMISS_SUIT.search(j) and not _OUT_DISMISS_ALL.search(j):
        return "驳回起诉"
    if category == "admin":
        if _OUT_CONFIRM_ILLEGAL.search(j):
            return "确认违法"
        if _OUT_ADMIN_REVOKE.search(j):
            return "撤销"
    has_order = bool(_OUT_ORDER.search(j))
    if _OUT_DISMISS_OTHER.search(j):
        return "部分支持"
    if _OUT_DISMISS_ALL.search(j):
        return "部分支持" if has_order and re.search(r"[一二三四五六七八九]、", j) else "驳回"
    if doc_kind in ("裁定书", "决定书"):
        if _OUT_NOT_APPROVE.search(j):
            return "不予准许"
        if _OUT_APPROVE.search(j):
            return "准许"
    if has_order:
        return "支持"
    if _OUT_APPROVE.search(j):
        return "准许"
    return None


# ---------------------------------------------------------------------------
# Main entry point


def parse_judgment(text: str) -> Judgment:
    """Extract structure from one judgment text. Never raises (returns a mostly empty result)."""
    if not isinstance(text, str) or not text.strip():
        return Judgment()
    try:
        return _parse(text)
    except Exception:  # pragma: no cover - defensive; parsing must never break a pipeline
        return Judgment()


def _find_first(t: str, markers: tuple[str, ...], start: int, end: int) -> int:
    best = -1
    for mk in markers:
        i = t.find(mk, start, end)
        if i >= 0 and (best < 0 or i < best):
            best = i
            end = i + len(mk)  # anything later cannot win
    return best


def _rfind_last(t: str, markers: tuple[str, ...], start: int, end: int) -> tuple[int, int]:
    best, blen = -1, 0
    for mk in markers:
        i = t.rfind(mk, start, end)
        if i > best:
            best, blen = i, len(mk)
    return best, blen


def _parse(text: str) -> Judgment:
    t = to_halfwidth(text)
    n = len(t)
    j = Judgment()
    nl_mode = t.count("\n", 0, 4000) >= 3

    # --- header: title, court, doc kind, case number -------------------------------------
    head_len = min(n, 800)
    head = t[:head_len]
    case_hit: tuple[CaseNumber, int, int] | None = None
    for hit in iter_case_numbers(head):
        case_hit = hit
        break
    if case_hit is not None:
        j.case_no = case_hit[0]
        header_end = case_hit[2]
        title_zone_end = case_hit[1]
    else:
        header_end = 0
        title_zone_end = min(head_len, 300)
    kind_m = None
    for km in _DOC_KIND_RE.finditer(head, 0, title_zone_end):
        kind_m = km
    if kind_m is not None:
        j.doc_kind = _SPACES_RE.sub("", kind_m["kind"])
        j.doc_title = _SPACES_RE.sub("", kind_m["prefix"] or "") + j.doc_kind
        court_zone_end = kind_m.start()
        if case_hit is None:
            header_end = kind_m.end()
    else:
        court_zone_end = title_zone_end
    court = None
    for cm in _COURT_RE.finditer(head, 0, max(court_zone_end, 0) or title_zone_end):
        court = cm.group(0)
    if court:
        court = _TITLE_TRIM_RE.sub("", court) or court
        if len(court) >= 4 and court not in ("人民法院", "本院法院"):
            j.court_name = court
    court_from_table = False
    if j.court_name is None and j.case_no is not None and j.case_no.court_name:
        j.court_name = j.case_no.court_name
        court_from_table = True
    if j.court_name is None:
        cm2 = _COURT_ANY_RE.search(t, header_end, min(n, header_end + 200))
        if cm2 is None:
            cm2 = _COURT_ANY_RE.search(t, max(0, n - 3000))
        if cm2:
            j.court_name = cm2.group(0)
            court_from_table = True
    title_text = t[:court_zone_end] if court_zone_end else ""

    # --- parties --------------------------------------------------------------------------
    para_re = _PARA_NL_RE if nl_mode else _PARA_WS_RE
    parties_end = header_end
    segs = _Segments(t, header_end, para_re)
    last_party: Party | None = None
    skipped = 0
    for pm in segs:
        p = pm.group(0)
        ps = pm.start()
        info = _classify_para(p)
        if info is not None and pm.cont and info[0] == "party":
            # "…。被告人姚标曾因犯强奸罪…": a split-off sentence about a party already listed
            nm0 = info[1]["name"]
            if any(nm0 != q.name and nm0.startswith(q.name) for q in j.parties):
                info = None
        if info is None and pm.cont and last_party is not None:
            # a sentence split off a party paragraph ("被告人王军因涉嫌…被刑事拘留。") that
            # introduces nobody: it still describes the previous party, unless it opens the
            # procedure ("原告…与被告…纠纷一案")
            if not _STRONG_PROC_RE.search(p[:80]):
                last_party.raw += text[ps : pm.end()]
                parties_end = pm.end()
                continue
        if info is None and not j.parties and skipped < 6 and _is_header_junk(p):
            # repeated title/court/案号 lines, "-1" suffixes, "（以正式…为准）" notices
            skipped += 1
            if court_from_table and (cmj := _COURT_RE.fullmatch(p)):
                j.court_name = cmj.group(0)
                court_from_table = False
            header_end = parties_end = pm.end()
            continue
        if info is None:
            # maybe a fragment of the previous party paragraph (space-joined texts)
            if last_party is not None and len(p) < 200 and not _PROC_CLAUSE_RE.search(p[:30]):
                nxt = segs.peek()
                if nxt is not None and _classify_para(nxt) is not None:
                    last_party.raw += " " + text[ps : pm.end()]
                    parties_end = pm.end()
                    continue
            parties_end = ps
            break
        kind, m = info
        raw = text[ps : pm.end()]
        if kind == "agent":
            if last_party is not None:
                name = _clean_name(m["name"], agent=True)
                firm_m = _FIRM_RE.search(p, m.start("name") + len(name), m.end() + 120)
                for nm in name.split("、") if "、" in name else [name]:
                    if nm:
                        last_party.agents.append(
                            Agent(
                                nm,
                                _AGENT_KIND.get(m["kind"], m["kind"]),
                                firm_m.group(0) if firm_m else None,
                            )
                        )
                last_party.raw += " " + raw
        else:
            role = m["role"]
            name = _clean_name(m["name"])
            names = [x for x in name.split("、") if x] if "、" in name else [name]
            if len(names) > 1 and any(len(x) > 5 for x in names):
                names = [name]
            for nm in names:
                party = Party(
                    name=nm,
                    role=role,
                    kind=classify_party_kind(nm, role),
                    raw=raw,
                    original_role=m["orig"],
                )
                j.parties.append(party)
                last_party = party
        parties_end = pm.end()
    else:
        parties_end = n if j.parties else header_end

    # --- section boundaries ---------------------------------------------------------------
    body_start = parties_end
    jm, jm_len = _rfind_last(t, _JUDG_MARKERS, body_start, n)
    if jm < 0:
        for wm in _JUDG_WEAK_RE.finditer(t, body_start):
            jm, jm_len = wm.start(), len(wm.group(0))
    if jm < 0:
        jm, jm_len = _cited_law_end(t, body_start)
    tail_search_from = jm + jm_len if jm >= 0 else body_start
    tail_start = _find_first(t, _TAIL_MARKERS, tail_search_from, n)
    sig_m = _SIGN_RE.search(t, tail_search_from if jm >= 0 else max(body_start, n - 2500))
    sig_start = sig_m.start() if sig_m else -1
    if sig_start >= 2 and t[sig_start - 2 : sig_start] in ("代理", "助理", "独任"):
        sig_start -= 2
    if sig_start >= 0 and (tail_start < 0 or sig_start < tail_start):
        tail_start = sig_start
    if tail_start < 0:
        tail_start = n
    body_end = tail_start
    reason_end = jm if jm >= 0 else body_end
    rs = t.rfind("本院认为", body_start, reason_end)
    if rs < 0:
        last_reason = None
        for last_reason in _REASON_RE.finditer(t, body_start, reason_end):  # noqa: B007 - keep the last
            pass
        rs = last_reason.start() if last_reason else -1
    facts_end = rs if rs >= 0 else reason_end
    fs = _find_first(t, _FACT_MARKERS, body_start, facts_end)
    if fs < 0:
        # 简易/速裁 criminal judgments adopt the indictment's account of the facts
        am = _ACCUSE_FACTS_RE.search(t, body_start, facts_end)
        if am and _ADOPT_RE.search(t, am.end(), facts_end):
            fs = am.start()
        else:
            fs = _find_first(t, _FACT_FALLBACK, body_start, facts_end)
    claims_end = fs if fs >= 0 else facts_end

    sec: dict[str, str] = {}

    def put(key: str, a: int, b: int) -> None:
        if 0 <= a < b:
            s = text[a:b].strip()
            if s:
                sec[key] = s

    put("header", 0, header_end)
    put("parties", header_end, parties_end)
    if claims_end > body_start:
        put("claims", body_start, claims_end)
    if fs >= 0:
        put("facts", fs, facts_end)
    if rs >= 0:
        put("reasoning", rs, reason_end)
    if jm >= 0:
        put("judgment", jm, body_end)
    if tail_start < n:
        put("tail", tail_start, n)
    j.sections = sec

    # --- tail: judges, clerk, date ---------------------------------------------------------
    if sig_start >= 0:
        block = t[sig_start : sig_start + 700]
        for rx, rep in _SPACED_ROLE_FIXES:
            if rx.search(block):
                block = rx.sub(rep, block)
        for m in _JUDGE_RE.finditer(block):
            name = _SPACES_RE.sub("", m["name"])
            j.judges.append((m["role"], name))
        cm3 = _CLERK_RE.search(block)
        if cm3:
            j.clerk = _SPACES_RE.sub("", cm3["name"])
        ds = find_dates(block)
        if ds:
            j.decided_on = ds[0][0]
    if j.decided_on is None:
        for m in _CN_DATE_HINT.finditer(t, max(0, n - 3000)):
            ds = find_dates(t[m.start() : m.start() + 20])
            if ds:
                j.decided_on = ds[0][0]

    # --- amounts (everything before the tail) -----------------------------------------------
    j.amounts = [v for v, _, _ in _find_amounts_hw(t[:body_end])] if "元" in t else []

    # --- cause ------------------------------------------------------------------------------
    category = j.case_no.case_category if j.case_no else None
    judg_txt = t[jm:body_end] if jm >= 0 else ""
    if category is None:
        if j.doc_title and "刑事" in j.doc_title:
            category = "criminal"
        elif j.doc_title and j.doc_title.startswith("行政"):
            category = "admin"
        elif j.doc_title and j.doc_title.startswith("民事"):
            category = "civil"
        elif j.doc_title and j.doc_title.startswith("执行"):
            category = "execution"
        elif any(p.role in ("被告人", "公诉机关", "原公诉机关") for p in j.parties):
            category = "criminal"
    if category == "criminal":
        # cause = the docketed charge (title, else the indictment); causes adds the convicted ones
        first: list[str] = []
        if title_text:
            first = _charge_list("犯" + title_text.replace("犯", "", 1), limit=5)
            if not first:
                hit = taxonomy().longest_in(title_text)
                if hit and _cause_kind(hit[0]) == "criminal":
                    first = [hit[0]]
        if not first:
            am = _ACCUSE_RE.search(t, body_start, min(n, body_start + 4000))
            if am:
                stop = _SENT_END_RE.search(t, am.end("c"))
                first = _charge_list(
                    t[am.start("c") - 1 : stop.start() if stop else am.end("c") + 60]
                )
        convicted = _charge_list(judg_txt) if judg_txt else []
        charges = first + [c for c in convicted if c not in first]
        if not charges:
            charges = _charge_list(t[body_start:body_end], limit=3)
        j.causes = charges
        if charges:
            j.cause = charges[0]
            j.cause_raw = charges[0]
    else:
        zone = t[header_end : min(n, body_start + 1500)]
        want = {"civil": ("civil",), "admin": ("admin", "compensation")}.get(category or "")
        cause, raw = _cause_before_case_word(zone, want)
        if cause is None and title_text:
            cause, raw = _cause_before_case_word(title_text + "一案", want)
        if cause is None and category == "admin":
            hit = taxonomy().first_in(zone[: max(0, body_start - header_end) + 600], ("admin",))
            if hit:
                cause, raw = hit[0], hit[0]
        if cause is not None and category == "admin" and _cause_kind(cause) == "admin":
            # 行政案件案由 = the kind of administrative act (first level)
            anc = cause_ancestors(cause)
            if anc:
                cause = anc[-1]
        if cause is None and raw:
            j.cause_raw = raw
        if cause:
            j.cause, j.cause_raw = cause, raw
            j.causes = [cause]
    j.cause_kind = (_cause_kind(j.cause) if j.cause else None) or category
    if (
        category in ("execution", "bankruptcy", "compensation", "other")
        and category != j.cause_kind
    ):
        # the procedure decides the kind of a 执行/破产/赔偿 case, the cause only describes it
        j.cause_kind = category

    # --- trial level ------------------------------------------------------------------------
    if j.case_no is not None and j.case_no.trial_level:
        j.trial_level = j.case_no.trial_level
    else:
        tt = title_text
        for lvl in ("再审", "二审", "一审"):
            if lvl in tt:
                j.trial_level = lvl
                break
        if j.trial_level is None and j.parties:
            roles = {p.role for p in j.parties}
            if roles & {"再审申请人", "申请再审人", "申诉人"}:
                j.trial_level = "再审审查"
            elif roles & {"上诉人", "被上诉人"}:
                j.trial_level = "二审"
            elif roles & {"原告", "被告", "被告人", "公诉机关", "自诉人"}:
                j.trial_level = "一审"
            elif roles & {"申请执行人", "被执行人"}:
                j.trial_level = "执行"

    # --- outcome and domain ---------------------------------------------------------------------
    j.outcome = _outcome(judg_txt, j.doc_kind, j.cause_kind, j.trial_level, title_text)
    j.domain = classify_domain(
        cause=j.cause,
        type_code=j.case_no.type_code if j.case_no else None,
        parties=j.parties,
        cause_kind=j.cause_kind,
    )
    return j


_SPACES_RE = re.compile(r"[ \u3000]")
_PARA_NL_RE = re.compile(r"[^\n\r]+")
_PARA_WS_RE = re.compile(r"[^\s\u3000]+")
_LEAD_WS_RE = re.compile(r"^[\s\u3000]+")


_CITE_START_RE = re.compile(r"(?:依照|根据|依据)《")
_CITE_END_RE = re.compile(
    r"(?:之规定|的规定|规定)[，,：:。]?|[条款项](?:之[一二三四五六七八九十])?(?=[ \u3000\n]+)"
)


def _cited_law_end(t: str, start: int) -> tuple[int, int]:
    """Without a 判决如下 marker: the 主文 begins after the last 依照《…》…之规定."""
    last = None
    for m in _CITE_START_RE.finditer(t, start):
        last = m
    if last is None:
        return -1, 0
    em = _CITE_END_RE.search(t, last.end(), last.end() + 600)
    if em is None:
        return -1, 0
    return em.start(), em.end() - em.start()


_JUNK_BAD_RE = re.compile(r"查明|认为|指控|诉称|辩称|请求|判决如下|审理")


def _is_header_junk(p: str) -> bool:
    s = p.strip()
    if not s:
        return True
    if s[0] in "（(" and s[-1] in "）)" and len(s) < 200:
        return True
    return len(s) < 60 and not _PROC_CLAUSE_RE.search(s) and not _JUNK_BAD_RE.search(s)


class _Seg:
    """One paragraph of the party zone, or one sentence split off a paragraph (``cont``)."""

    __slots__ = ("_e", "_s", "_t", "cont")

    def __init__(self, t: str, s: int, e: int, cont: bool) -> None:
        self._t, self._s, self._e, self.cont = t, s, e, cont

    def group(self, _i: int = 0) -> str:
        return self._t[self._s : self._e]

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e


class _Segments:
    """Paragraphs from ``start``, each cut again where a sentence opens with a role or an agent
    label (``…住上海市。法定代表人刘伟，…。委托代理人…`` on one line, or a whole opening run
    together after a spaced-out title), with one-segment look-ahead."""

    def __init__(self, t: str, start: int, para_re: re.Pattern[str]) -> None:
        self._it = self._gen(t, start, para_re)
        self._buf: list[_Seg] = []

    @staticmethod
    def _gen(t: str, start: int, para_re: re.Pattern[str]):
        for pm in para_re.finditer(t, start):
            s, e = pm.span()
            cut, cont = s, False
            for sm in _PARTY_SPLIT_RE.finditer(t, s, e):
                k = sm.end()
                if cut < k < e:
                    yield _Seg(t, cut, k, cont)
                    cut, cont = k, True
            yield _Seg(t, cut, e, cont)

    def __iter__(self) -> _Segments:
        return self

    def __next__(self) -> _Seg:
        if self._buf:
            return self._buf.pop()
        return next(self._it)

    def peek(self) -> str | None:
        if not self._buf:
            try:
                self._buf.append(next(self._it))
            except StopIteration:
                return None
        return self._buf[0].group(0)


def _classify_para(p: str) -> tuple[str, re.Match[str]] | None:
    s = p.lstrip(" \u3000\t")
    if not s:
        return None
    off = len(p) - len(s)
    m = _AGENT_RE.match(p, off)
    if m is not None and m.start("kind") - off <= 45:
        return "agent", m
    m = _ROLE_RE.match(p, off)
    if m is None:
        return None
    # "原告张三与被告李四……纠纷一案" is the procedure paragraph, not a party line
    first = _CLAUSE_END_RE.split(p[m.start("name") :], 1)[0]
    if _PROC_CLAUSE_RE.search(first) or len(first) > 60:
        return None
    return "party", m
