"""Rule-based risk points (风险研判), each stating the figures that triggered it, and the
advice fitted to the kind of organisation (意见建议)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fengqiao.textlaw.causes import cause_ancestors, cause_kind

from .figures import (
    LARGE_AMOUNT,
    HealthCheckFigures,
    SideStats,
    _case_amount,
    _pct,
    _wan,
    case_result,
    entity_side,
)
from .inputs import EntityCase
from .org_kind import FINANCIAL, GOVERNMENT, profile

# advice that differs by kind of organisation: (rule, kind) → text; rule alone → the default
_ADVICE_BY_KIND: dict[tuple[str, str], str] = {
    ("defendant_loss", GOVERNMENT): (
        "建议逐案分析败诉原因，严格依照法定权限和程序作出行政行为，加强重大执法决定法制审核，"
        "对被撤销、确认违法的行政行为逐件整改，并在行政复议和诉讼前主动化解争议。"
    ),
    ("defendant_loss", FINANCIAL): (
        "建议逐案分析败诉原因，规范格式条款的提示说明和适当性管理，依法及时履行合同义务，"
        "能协商解决的纠纷尽量在诉前化解。"
    ),
    ("plaintiff_loss", GOVERNMENT): (
        "建议起诉前开展法律评估，完善执法和履约证据的收集、留存，"
        "对胜诉把握不大的争议优先通过协商、调解解决。"
    ),
}


@dataclass(frozen=True)
class RiskPoint:
    rule: str
    title: str
    figures: str
    advice: str


LABOUR_MIN_DECIDED = 3
LABOUR_LOSS = 0.5
PROPERTY_MIN = 5
PROPERTY_SHARE = 0.2
REPEAT_MIN = 5
REPEAT_SHARE = 0.3
DEFENDANT_MIN_DECIDED = 5
DEFENDANT_LOSS = 0.5
PLAINTIFF_MIN_DECIDED = 5
PLAINTIFF_LOSS = 0.3
RISE_MIN = 10
RISE_PCT = 0.3
FINANCE_MIN = 10
INSURANCE_MIN_DECIDED = 3
INSURANCE_LOSS = 0.5
LARGE_MIN = 3
PROBLEM_SHARE = 0.2


def _is_labour(c: EntityCase) -> bool:
    return c.domain == "劳动" or "劳动" in c.cause or "劳动争议" in cause_ancestors(c.cause)


def _is_property(c: EntityCase) -> bool:
    return "物业" in (c.cause or "")


def _is_finance(c: EntityCase) -> bool:
    return c.domain == "金融" or any(k in (c.cause or "") for k in ("借款", "信用卡", "融资租赁"))


def _is_insurance(c: EntityCase) -> bool:
    return any(k in (c.cause or "") for k in ("保险", "交通事故"))


def _is_admin(c: EntityCase) -> bool:
    return c.domain == "行政" or cause_kind(c.cause) == "admin"


def _stats(cases: Iterable[EntityCase], side: str | None = None) -> SideStats:
    st = SideStats(side or "合计")
    for c in cases:
        s = entity_side(c.role)
        if side is None or s == side:
            st.add(case_result(s, c.outcome))
    return st


def _advice(rule: str, kind: str, default: str) -> str:
    return _ADVICE_BY_KIND.get((rule, kind), default)


def assess_risks(fig: HealthCheckFigures, cases: Sequence[EntityCase]) -> list[RiskPoint]:
    """Rule-based risk points; each states the figures that triggered it. The advice is
    fitted to the kind of organisation (:mod:`.org_kind`)."""
    risks: list[RiskPoint] = []
    total = fig.total or 1
    kind = fig.org_kind
    own_rules = profile(kind).own_rules

    labour = [c for c in cases if _is_labour(c)]
    st = _stats(labour, "被告")
    if st.decided >= LABOUR_MIN_DECIDED and (st.loss_rate or 0) >= LABOUR_LOSS:
        risks.append(
            RiskPoint(
                "labour",
                "劳动用工合规风险较高",
                f"作为用人单位被诉的劳动争议案件{st.total}件，其中判决结案可判定胜败的{st.decided}件，"
                f"败诉{st.lost}件，败诉率{_pct(st.loss_rate)}。",
                "建议全面梳理劳动用工管理制度，依法及时订立书面劳动合同，按时足额支付劳动报酬和"
                "加班费，依法缴纳社会保险，规范解除劳动合同程序，建立劳动争议内部协商调处机制。",
            )
        )

    prop = [c for c in cases if _is_property(c)]
    if len(prop) >= PROPERTY_MIN or (len(prop) >= 3 and len(prop) / total >= PROPERTY_SHARE):
        as_plaintiff = sum(1 for c in prop if entity_side(c.role) == "原告")
        figures = f"物业服务相关纠纷{len(prop)}件，占全部案件的{_pct(len(prop) / total)}"
        if as_plaintiff:
            figures += f"，其中作为原告起诉追缴物业费等{as_plaintiff}件"
        risks.append(
            RiskPoint(
                "property",
                "物业服务标准与收费管理有待规范",
                figures + "。",
                "建议对照物业服务合同和行业服务标准，公开服务事项、收费标准和公共收益收支情况，"
                "及时回应业主报修和投诉；对欠费业主先行沟通、调解，减少以诉讼方式催缴。",
            )
        )

    fired = {r.rule for r in risks}
    for cs in fig.causes[:3]:
        if cs.cause == "案由不详":
            continue
        if ("property" in fired and "物业" in cs.cause) or (
            "labour" in fired and ("劳动" in cs.cause or "劳动争议" in cause_ancestors(cs.cause))
        ):
            continue  # already a risk point of its own
        if cs.count >= REPEAT_MIN and cs.count / total >= REPEAT_SHARE:
            risks.append(
                RiskPoint(
                    "repeat",
                    f"{cs.cause}反复发生，可能存在制度漏洞",
                    f"{cs.cause}{cs.count}件，占全部案件的{_pct(cs.count / total)}，同类纠纷集中、反复发生。",
                    f"建议对该类纠纷开展专项排查，从{own_rules}中查找共性原因，"
                    "修订完善相关制度，从源头减少同类纠纷。",
                )
            )

    d = fig.by_side["被告"]
    if d.decided >= DEFENDANT_MIN_DECIDED and (d.loss_rate or 0) >= DEFENDANT_LOSS:
        risks.append(
            RiskPoint(
                "defendant_loss",
                "作为被告败诉率偏高，履约与合规经营存在短板",
                f"作为被告的案件{d.total}件，可判定胜败的{d.decided}件中败诉{d.lost}件，"
                f"败诉率{_pct(d.loss_rate)}。",
                _advice(
                    "defendant_loss",
                    kind,
                    "建议逐案分析败诉原因，加强合同履行管理和重大事项法律审核，"
                    "对可预见的违约和侵权风险及时整改，能协商解决的纠纷尽量在诉前化解。",
                ),
            )
        )

    p = fig.by_side["原告"]
    if p.decided >= PLAINTIFF_MIN_DECIDED and (p.loss_rate or 0) >= PLAINTIFF_LOSS:
        risks.append(
            RiskPoint(
                "plaintiff_loss",
                "主动起诉的案件败诉较多，诉前评估和证据管理需加强",
                f"作为原告的案件{p.total}件，可判定胜败的{p.decided}件中诉讼请求被驳回{p.lost}件，"
                f"败诉率{_pct(p.loss_rate)}。",
                _advice(
                    "plaintiff_loss",
                    kind,
                    "建议完善合同、交付、催告等关键证据的留存制度，起诉前开展法律评估，"
                    "对胜诉把握不大的纠纷优先通过协商、调解解决。",
                ),
            )
        )

    if fig.recent_12 is not None and fig.previous_12:
        rise = (fig.recent_12 - fig.previous_12) / fig.previous_12
        if fig.recent_12 >= RISE_MIN and rise >= RISE_PCT:
            risks.append(
                RiskPoint(
                    "rising",
                    "涉诉数量明显上升",
                    f"最近12个月涉诉{fig.recent_12}件，此前12个月{fig.previous_12}件，"
                    f"上升{_pct(rise)}。",
                    "建议分析涉诉数量上升的业务环节和原因，建立纠纷排查预警机制，"
                    "将矛盾化解在诉讼之前。",
                )
            )

    fin = [c for c in cases if _is_finance(c) and entity_side(c.role) == "原告"]
    if len(fin) >= FINANCE_MIN:
        amount = sum(a for c in fin if (a := _case_amount(c)) is not None)
        risks.append(
            RiskPoint(
                "finance",
                "信贷资产质量和催收管理风险",
                f"作为原告提起的借款、信用卡等金融纠纷{len(fin)}件，涉案金额合计{_wan(amount)}。",
                "建议加强贷前审查和贷后管理，对格式条款履行提示说明义务，规范催收行为，"
                "对批量违约客户分析共性原因。",
            )
        )

    ins = _stats([c for c in cases if _is_insurance(c)], "被告")
    if ins.decided >= INSURANCE_MIN_DECIDED and (ins.loss_rate or 0) >= INSURANCE_LOSS:
        risks.append(
            RiskPoint(
                "insurance",
                "保险理赔争议多发",
                f"作为被告的保险、交通事故类案件可判定胜败的{ins.decided}件中败诉{ins.lost}件，"
                f"败诉率{_pct(ins.loss_rate)}。",
                "建议规范免责条款的提示和明确说明，依法及时核定理赔，减少以拒赔引发的诉讼。",
            )
        )

    admin = [c for c in cases if _is_admin(c) and entity_side(c.role) == "被告"]
    revoked = [c for c in admin if c.outcome in ("撤销", "确认违法")]
    if revoked:
        risks.append(
            RiskPoint(
                "admin",
                "行政行为被撤销或确认违法，依法行政存在风险",
                f"作为行政诉讼被告的案件{len(admin)}件，其中行政行为被撤销或确认违法{len(revoked)}件。",
                "建议加强重大执法决定法制审核，规范执法程序和证据收集，落实行政机关负责人"
                "出庭应诉制度，对被撤销、确认违法的行政行为逐件整改。",
            )
        )

    crimes = [
        c
        for c in cases
        if cause_kind(c.cause) == "criminal" and c.outcome in ("有罪", "免予刑事处罚")
    ]
    if crimes:
        names = "、".join(sorted({c.cause for c in crimes}))
        risks.append(
            RiskPoint(
                "criminal",
                "存在单位犯罪刑事风险",
                f"作为被告单位被判有罪的案件{len(crimes)}件（{names}）。",
                "建议建立刑事合规管理制度，对重点岗位和高风险业务开展合规审查与培训。",
            )
        )

    large = [c for c in cases if (a := _case_amount(c)) is not None and a >= LARGE_AMOUNT]
    if len(large) >= LARGE_MIN:
        risks.append(
            RiskPoint(
                "large_amount",
                "重大金额纠纷较多",
                f"涉案金额在100万元以上的案件{len(large)}件，"
                f"合计{_wan(sum(_case_amount(c) or 0 for c in large))}。",
                "建议对重大合同实行法律审核和履约跟踪，建立重大纠纷报告和应对机制。",
            )
        )

    for prob in fig.problems:
        if prob.case_count >= 3 and prob.share >= PROBLEM_SHARE:
            scope = f"{prob.scope}案件" if prob.scope else "全部案件"
            risks.append(
                RiskPoint(
                    "problem",
                    f"“{prob.label}”问题反复出现",
                    f"该问题出现在{prob.case_count}件案件中，占{scope}的{_pct(prob.share)}"
                    "（详见第三部分）。",
                    f"建议针对该问题从{own_rules}中查找原因，建章立制、堵塞漏洞，并跟踪整改效果。",
                )
            )
            break  # one problem rule; the section lists the rest

    return risks
