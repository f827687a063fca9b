"""Trial-domain classification (金融, 道交, 家事, …) driven by editable rule data.

A court can replace or extend :data:`DEFAULT_DOMAIN_RULES` with its own rules, for example
loaded from JSON::

    rules = rules_from_json(Path("domains.json").read_text("utf-8"))
    classify_domain(cause="民间借贷纠纷", type_code="民初", parties=[], rules=rules)

Rule semantics: every non-empty condition of a rule must hold (cause keywords, type codes,
cause kinds, party conditions); inside one condition any listed value suffices. The matching
rule with the highest ``priority`` wins (ties: earlier rule). Nothing matches → ``default``.
Cause keywords are matched as substrings against the cause *and its taxonomy ancestors*
(so the keyword 借款合同纠纷 also covers 民间借贷纠纷).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from fengqiao.textlaw.causes import cause_ancestors, normalize_cause
from fengqiao.textlaw.causes import cause_kind as _cause_kind

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_DOMAIN_RULES",
    "DOMAINS",
    "DomainRule",
    "PartyCondition",
    "classify_domain",
    "rules_from_json",
    "rules_to_json",
]

DEFAULT_DOMAIN = "其他"
DOMAINS = (
    "金融",
    "道交",
    "家事",
    "未成年人",
    "环资",
    "行政",
    "劳动",
    "房地产",
    "知识产权",
    "刑事",
    "执行",
    "其他",
)


@dataclass(frozen=True, slots=True)
class PartyCondition:
    """Satisfied when one party matches every non-empty field."""

    roles: tuple[str, ...] = ()  # e.g. ("被告", "被上诉人")
    kinds: tuple[str, ...] = ()  # person | company | government | organisation
    name_keywords: tuple[str, ...] = ()  # substrings of the party name, e.g. ("银行", "保险")
    raw_keywords: tuple[str, ...] = ()  # substrings of the party's paragraph, e.g. ("未成年",)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PartyCondition:
        return cls(
            roles=tuple(d.get("roles", ())),
            kinds=tuple(d.get("kinds", ())),
            name_keywords=tuple(d.get("name_keywords", ())),
            raw_keywords=tuple(d.get("raw_keywords", ())),
        )

    def matches(self, party: Any) -> bool:
        role = _get(party, "role") or ""
        kind = _get(party, "kind") or ""
        name = _get(party, "name") or ""
        raw = _get(party, "raw") or ""
        orig = _get(party, "original_role") or ""
        if self.roles and role not in self.roles and orig not in self.roles:
            return False
        if self.kinds and kind not in self.kinds:
            return False
        if self.name_keywords and not any(k in name for k in self.name_keywords):
            return False
        return not (self.raw_keywords and not any(k in raw for k in self.raw_keywords))


@dataclass(frozen=True, slots=True)
class DomainRule:
    domain: str
    cause_keywords: tuple[str, ...] = ()
    type_codes: tuple[str, ...] = ()  # prefixes of the 类型代字 (执 covers 执恢/执异 …)
    party_conditions: tuple[PartyCondition, ...] = ()
    priority: int = 0
    cause_kinds: tuple[str, ...] = ()  # civil | criminal | admin | execution | …
    note: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DomainRule:
        return cls(
            domain=str(d["domain"]),
            cause_keywords=tuple(d.get("cause_keywords", ())),
            type_codes=tuple(d.get("type_codes", ())),
            party_conditions=tuple(
                c if isinstance(c, PartyCondition) else PartyCondition.from_dict(c)
                for c in d.get("party_conditions", ())
            ),
            priority=int(d.get("priority", 0)),
            cause_kinds=tuple(d.get("cause_kinds", ())),
            note=str(d.get("note", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["party_conditions"] = [asdict(c) for c in self.party_conditions]
        return d

    def matches(
        self, names: Sequence[str], type_code: str | None, kind: str | None, parties: Sequence[Any]
    ) -> bool:
        if not (
            self.cause_keywords or self.type_codes or self.party_conditions or self.cause_kinds
        ):
            return False
        if self.cause_keywords and not (
            names and _keyword_re(self.cause_keywords).search("\n".join(names))
        ):
            return False
        if self.type_codes and not (type_code and type_code.startswith(self.type_codes)):
            return False
        if self.cause_kinds and kind not in self.cause_kinds:
            return False
        return not (
            self.party_conditions
            and not any(c.matches(p) for c in self.party_conditions for p in parties)
        )


@lru_cache(maxsize=1024)
def _keyword_re(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True)))


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


_FIN_CAUSES = (
    "借款合同纠纷", "银行卡纠纷", "保险纠纷", "证券纠纷", "期货交易纠纷", "信托纠纷", "票据纠纷", "信用证纠纷",
    "独立保函纠纷", "融资租赁合同纠纷", "保理合同纠纷", "典当纠纷", "储蓄存款合同纠纷", "保证合同纠纷",
    "抵押合同纠纷", "质押合同纠纷", "委托理财合同纠纷", "进出口押汇纠纷", "金融", "追偿权纠纷",
    "非法吸收公众存款罪", "集资诈骗罪", "信用卡诈骗罪", "贷款诈骗罪", "骗取贷款", "票据诈骗罪", "金融凭证诈骗罪",
    "保险诈骗罪", "洗钱罪", "高利转贷罪", "内幕交易", "操纵证券", "金融票证罪", "妨害信用卡管理罪", "信用卡信息罪",
    "擅自设立金融机构罪", "违法发放贷款罪", "吸收客户资金不入账罪", "伪造、变造国家有价证券罪", "非法经营同类营业罪",
)  # fmt: skip
_FIN_PARTY = ("银行", "保险", "小额贷款", "融资担保", "消费金融", "信托", "证券", "期货", "金融", "信用社",
              "信用合作联社", "典当", "融资租赁", "资产管理")  # fmt: skip
_TRAFFIC = ("交通事故责任纠纷", "交通肇事罪", "危险驾驶罪", "机动车", "道路交通")
_FAMILY = ("婚姻家庭、继承纠纷", "婚姻家庭纠纷", "继承纠纷", "离婚", "抚养", "扶养", "赡养", "收养", "监护",
           "探望权", "同居关系", "分家析产", "婚约财产", "人身安全保护令", "遗嘱", "遗赠", "遗产", "虐待罪",
           "遗弃罪", "重婚罪", "破坏军婚罪", "暴力干涉婚姻自由罪")  # fmt: skip
_MINOR_CAUSES = ("猥亵儿童罪", "拐卖妇女、儿童罪", "拐骗儿童罪", "引诱幼女卖淫罪", "组织未成年人", "雇用童工",
                 "引诱未成年人", "负有照护职责人员性侵罪", "教育机构责任纠纷", "收买被拐卖的妇女、儿童罪",
                 "组织儿童乞讨罪", "拐卖儿童罪", "强奸幼女")  # fmt: skip
_MINOR_RAW = (
    "未成年",
    "未满十八周岁",
    "不满十八周岁",
    "未满18周岁",
    "不满18周岁",
    "在校学生",
    "系学生",
)
_ENV = ("环境污染责任纠纷", "生态破坏责任纠纷", "生态环境", "污染环境罪", "非法捕捞水产品罪", "非法狩猎罪",
        "珍贵、濒危野生动物", "野生动物", "非法占用农用地罪", "非法采矿罪", "破坏性采矿罪", "盗伐林木罪", "滥伐林木罪",
        "盗伐、滥伐的林木罪", "国家重点保护植物", "固体废物罪", "探矿权", "采矿权", "海域使用权", "取水权",
        "捕捞权", "养殖权", "排污权", "碳排放权", "污染责任纠纷", "环境", "林木", "森林")  # fmt: skip
_ENV_GOV = (
    "生态环境",
    "自然资源",
    "林业",
    "水利",
    "国土资源",
    "环境保护",
    "海洋",
    "渔业",
    "草原",
    "水务",
)
_LABOUR = ("劳动争议、人事争议", "劳动争议", "人事争议", "劳动合同纠纷", "劳务派遣", "追索劳动报酬", "经济补偿金",
           "工伤保险待遇", "社会保险纠纷", "确认劳动关系", "竞业限制", "拒不支付劳动报酬罪", "聘用合同")  # fmt: skip
_REALTY = ("房屋买卖合同纠纷", "房地产开发经营合同纠纷", "建设工程合同纠纷", "物业服务合同纠纷", "房屋租赁合同纠纷",
           "建筑物区分所有权纠纷", "商品房", "房屋拆迁补偿合同纠纷", "业主", "建设用地使用权", "宅基地使用权",
           "房地产", "装饰装修合同纠纷", "居住权", "车位纠纷", "车库纠纷")  # fmt: skip
_IP = ("知识产权与竞争纠纷", "知识产权", "著作权", "商标", "专利", "不正当竞争", "垄断", "商业秘密", "植物新品种",
       "集成电路布图设计", "假冒注册商标罪", "销售假冒注册商标的商品罪", "注册商标标识罪", "假冒专利罪",
       "侵犯著作权罪", "销售侵权复制品罪", "侵犯商业秘密罪", "技术合同纠纷", "特许经营合同纠纷", "网络域名")  # fmt: skip

DEFAULT_DOMAIN_RULES: list[DomainRule] = [
    DomainRule("执行", type_codes=("执",), priority=100, note="执行类案号"),
    DomainRule("执行", cause_kinds=("execution",), priority=100),
    DomainRule("环资", cause_keywords=_ENV, priority=95, note="环境资源类案由/罪名"),
    DomainRule(
        "环资",
        cause_kinds=("admin",),
        party_conditions=(PartyCondition(kinds=("government",), name_keywords=_ENV_GOV),),
        priority=95,
        note="以环境资源主管机关为当事人的行政案件",
    ),
    DomainRule("知识产权", cause_keywords=_IP, priority=90),
    DomainRule("知识产权", type_codes=("知",), priority=90),
    DomainRule("行政", cause_kinds=("admin",), priority=88),
    DomainRule("行政", type_codes=("行",), priority=88),
    DomainRule("未成年人", cause_keywords=_MINOR_CAUSES, priority=86),
    DomainRule(
        "未成年人",
        cause_kinds=("criminal",),
        party_conditions=(
            PartyCondition(roles=("被告人", "原审被告人", "上诉人"), raw_keywords=_MINOR_RAW),
        ),
        priority=86,
        note="未成年被告人",
    ),
    DomainRule("家事", cause_keywords=_FAMILY, priority=80),
    DomainRule("劳动", cause_keywords=_LABOUR, priority=80),
    DomainRule("道交", cause_keywords=_TRAFFIC, priority=80),
    DomainRule("金融", cause_keywords=_FIN_CAUSES, priority=75),
    DomainRule("房地产", cause_keywords=_REALTY, priority=70),
    DomainRule(
        "金融",
        cause_kinds=("civil",),
        party_conditions=(PartyCondition(kinds=("company",), name_keywords=_FIN_PARTY),),
        priority=60,
        note="金融机构为当事人的民商事案件",
    ),
    DomainRule("刑事", cause_kinds=("criminal",), priority=10),
    DomainRule("刑事", type_codes=("刑",), priority=10),
]


def rules_from_json(data: str | bytes | Iterable[Mapping[str, Any]]) -> list[DomainRule]:
    """Rules from a JSON string/bytes or an already-decoded list of dicts."""
    items = json.loads(data) if isinstance(data, str | bytes) else data
    if isinstance(items, Mapping):
        items = items.get("rules", [])
    return [DomainRule.from_dict(d) for d in items]


def rules_to_json(rules: Sequence[DomainRule] | None = None) -> str:
    return json.dumps(
        [r.to_dict() for r in (DEFAULT_DOMAIN_RULES if rules is None else rules)],
        ensure_ascii=False,
        indent=2,
    )


def classify_domain(
    *,
    cause: str | None,
    type_code: str | None,
    parties: Sequence[Any] | None,
    rules: Sequence[DomainRule | Mapping[str, Any]] | None = None,
    cause_kind: str | None = None,
    default: str = DEFAULT_DOMAIN,
) -> str:
    """The domain of a case. ``parties`` are :class:`Party` objects or dicts with the same keys."""
    rs = _ordered(
        tuple(
            r if isinstance(r, DomainRule) else DomainRule.from_dict(r)
            for r in (rules or DEFAULT_DOMAIN_RULES)
        )
    )
    names: list[str] = []
    if cause:
        names = cause_ancestors(cause) or [normalize_cause(cause) or cause]
        if cause not in names:
            names.append(cause)
    kind = cause_kind or (_cause_kind(cause) if cause else None)
    if kind is None and type_code:
        kind = {"刑": "criminal", "民": "civil", "行": "admin", "执": "execution"}.get(
            type_code[:1]
        )
    ps = list(parties or ())
    for r in rs:  # highest priority first; ties keep the given order
        if r.matches(names, type_code, kind, ps):
            return r.domain
    return default


@lru_cache(maxsize=64)
def _ordered(rules: tuple[DomainRule, ...]) -> tuple[DomainRule, ...]:
    return tuple(sorted(rules, key=lambda r: -r.priority))
