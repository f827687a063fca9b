"""The kind of organisation a report is about, from its name, and what fits each kind.

The report's advice depends on who receives it: a government organ is told about lawful
administration, not "依法经营" and its "合同文本"; a bank about suitability and collection
practices; a state enterprise about its compliance system. The rules are name patterns,
checked in order (first match wins); the kind is printed in the report so a reader can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GOVERNMENT = "行政机关"
SELF_GOVERNING = "基层群众性自治组织"
PUBLIC_INSTITUTION = "事业单位"
FINANCIAL = "金融机构"
STATE_ENTERPRISE = "国有企业"
PRIVATE = "企业"
OTHER = "其他组织"

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (SELF_GOVERNING, re.compile(r"(村民|居民)委员会|村委会|居委会|(股份)?经济合作社$")),
    (
        FINANCIAL,
        re.compile(
            r"银行|信用社|信用合作联社|保险|证券|信托|期货|基金管理|小额贷款|融资租赁|金融租赁"
            r"|消费金融|汽车金融|财务有限|典当|融资担保"
        ),
    ),
    (
        GOVERNMENT,
        re.compile(
            r"^(?!.*(公司|集团|合作社|医院|学校|学院|大学))"
            r".*(人民政府|政府办公室|办事处|管理委员会|委员会|[^公]局$|局[^限]*分局$|分局$|厅$|部$"
            r"|署$|海关|支队$|大队$|派出所|管理处$|管理所$|管理站$)"
        ),
    ),
    (
        PUBLIC_INSTITUTION,
        re.compile(r"医院|学校|学院|大学|中学|小学|幼儿园|研究院|研究所|中心$|馆$"),
    ),
    (
        STATE_ENTERPRISE,
        re.compile(
            r"^(中国|中华|国家|中铁|中建|中交|中冶|中石|中粮|中核|中电)|国有|国资|城投|城市建设投资"
            r"|交通投资|国投|供电|电网|电力公司|石油|石化|烟草|铁路|邮政|自来水|水务集团|燃气集团"
            r"|电信|移动通信|联合网络通信"
        ),
    ),
    (PRIVATE, re.compile(r"公司|厂$|商行|商店|门市|经营部|合作社|企业|事务所|酒店|宾馆")),
)


def org_kind(name: str) -> str:
    """行政机关 | 基层群众性自治组织 | 事业单位 | 金融机构 | 国有企业 | 企业 | 其他组织."""
    name = (name or "").strip()
    for kind, pattern in _RULES:
        if pattern.search(name):
            return kind
    return OTHER


@dataclass(frozen=True)
class KindProfile:
    """Wording and standing advice for one kind of organisation."""

    conduct: str  # what the organisation's lawful conduct is called
    own_rules: str  # where its recurring problems are fixed
    standing_advice: tuple[tuple[str, str], ...]  # (heading, body) for 意见建议


PROFILES: dict[str, KindProfile] = {
    GOVERNMENT: KindProfile(
        "依法行政",
        "执法程序、证据规则和行政文书",
        (
            (
                "落实行政执法“三项制度”",
                "全面落实行政执法公示、执法全过程记录和重大执法决定法制审核制度，"
                "执法决定作出前充分听取当事人陈述申辩，严格履行告知、送达等程序。",
            ),
            (
                "落实行政机关负责人出庭应诉",
                "落实行政机关负责人出庭应诉制度，对败诉案件逐案剖析原因、"
                "明确整改责任，并将整改情况纳入依法行政考核。",
            ),
            (
                "加强行政争议实质性化解",
                "对政府信息公开、征收补偿等易发争议领域开展风险排查，"
                "在行政复议和诉讼前主动协调，推动争议实质性化解。",
            ),
        ),
    ),
    FINANCIAL: KindProfile(
        "依法合规经营",
        "格式合同、授信审查和催收流程",
        (
            (
                "强化金融消费者权益保护",
                "对格式条款履行提示和明确说明义务，落实适当性义务，"
                "完整保存告知、确认和风险提示记录，依法依规开展催收。",
            ),
            (
                "加强贷前审查和贷后管理",
                "对批量违约客户分析共性原因，完善授信审查和风险预警，"
                "对可协商的逾期债务优先通过调解、分期等方式化解。",
            ),
        ),
    ),
    STATE_ENTERPRISE: KindProfile(
        "依法合规经营",
        "合规管理制度、合同文本和业务流程",
        (
            (
                "健全合规管理体系",
                "发挥总法律顾问和法务部门作用，重大决策、重要合同、重大项目须经法律审核，"
                "对涉诉多发业务开展专项合规检查。",
            ),
            (
                "规范合同履行和款项支付",
                "建立合同履行台账和付款预警，按约及时支付价款、工程款，"
                "避免因逾期付款承担违约责任。",
            ),
        ),
    ),
    PRIVATE: KindProfile(
        "依法经营",
        "合同文本、业务流程和内部管理制度",
        (
            (
                "加强合同管理",
                "使用规范的合同文本，明确履行期限、质量标准和违约责任，"
                "保存交付、验收、催告等履约证据，按约履行付款和交付义务。",
            ),
            (
                "规范劳动用工",
                "依法订立书面劳动合同，按时足额支付劳动报酬，依法缴纳社会保险，"
                "规范解除劳动合同程序。",
            ),
        ),
    ),
    SELF_GOVERNING: KindProfile(
        "依法依规管理",
        "村（居）务公开、民主议事和集体资产管理制度",
        (
            (
                "规范民主议事和村（居）务公开",
                "涉及集体经济组织成员权益和集体资产处置的事项，严格履行民主议事程序并公开结果。",
            ),
        ),
    ),
    PUBLIC_INSTITUTION: KindProfile(
        "依法依规履职",
        "内部管理制度和服务规范",
        (
            (
                "完善内部管理和服务规范",
                "对涉诉多发的服务环节完善操作规范和告知制度，加强人员培训，"
                "建立纠纷投诉处理和内部调解机制。",
            ),
        ),
    ),
    OTHER: KindProfile(
        "依法依规运行",
        "内部管理制度",
        (("开展法律风险自查", "定期梳理涉诉情况，查找管理中的薄弱环节并建章立制。"),),
    ),
}


def profile(kind: str) -> KindProfile:
    return PROFILES.get(kind, PROFILES[OTHER])
