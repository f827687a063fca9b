"""Every scoring rule, as data: the default rubric, the thresholds of the computed criteria,
the points the record earns (谏 effect and 纳) and how a letter's quality becomes points.

Nothing here is hidden in a formula elsewhere: the breakdown pages print these rows next to the
facts they counted, and the 考评 page shows this table.

Sources: 法释〔2023〕11号 (第四条 内容要求：问题精准、原因分析、建议具体可行；第五条 事前沟通；
第六条 格式；第八条 两个月内书面反馈；第十条 考核、激励); the seed's third line (谏与纳都要考核)
and the 2025 policy "重质不重量" (RULES.md): a count of letters is never the score.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---- the default rubric --------------------------------------------------------------------

DEFAULT_RUBRIC_NAME = "司法建议质量评分标准"


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    name: str
    weight: int
    source: str  # evaluation.models.Source
    levels: tuple[str, ...]  # anchored description of level 0, 1, … N (N = max points)


DEFAULT_CRITERIA: tuple[CriterionSpec, ...] = (
    CriterionSpec(
        "evidence",
        "问题精准与证据（案例、数据）",
        25,
        "opinion",
        (
            "问题笼统，未援引案件或数据",
            "问题较明确，仅有个别案例",
            "问题明确，有案例支撑，数据不足",
            "问题精准，以类案和统计数据支撑",
            "问题精准，类案、数据、典型案例俱全，来源清楚",
        ),
    ),
    CriterionSpec(
        "causes",
        "原因分析",
        15,
        "opinion",
        (
            "未分析原因",
            "原因分析流于表面",
            "分析了主要原因",
            "原因分析深入，区分制度、管理、执行层面",
        ),
    ),
    CriterionSpec(
        "feasibility",
        "建议可行与具体",
        25,
        "opinion",
        (
            "建议空泛，无法落实",
            "建议较原则，操作性弱",
            "建议基本具体，与问题大体对应",
            "建议具体可行，与问题一一对应",
            "建议具体可行、职责明确、可检验，被建议单位有权落实",
        ),
    ),
    CriterionSpec(
        "format",
        "格式规范（签发时检查器结果）",
        10,
        "format",
        (
            "签发时格式问题较多（5项以上）",
            "格式问题2–4项或豁免签发",
            "格式检查1项问题",
            "格式检查全部通过",
        ),
    ),
    CriterionSpec(
        "timeliness",
        "及时性（线索→签发）",
        10,
        "timeliness",
        ("超过一年", "181–365天", "91–180天", "61–90天", "60天以内"),
    ),
    CriterionSpec(
        "precomm",
        "事前沟通",
        15,
        "precomm",
        ("未开展事前沟通", "已发告知函或走访，未取得对方意见", "已沟通并取得被建议单位意见"),
    ),
)

# ---- computed criteria -----------------------------------------------------------------------

# 及时性: days from the clue (or, without a clue, the draft's creation) to the signing date →
# the level, as a fraction of the criterion's scale (the highest fitting row wins).
TIMELINESS_DAYS: tuple[tuple[int, float], ...] = (
    (60, 1.0),
    (90, 0.75),
    (180, 0.5),
    (365, 0.25),
)
# 格式: number of checker findings on the signed letter → fraction of the scale.
FORMAT_ERRORS: tuple[tuple[int, float], ...] = ((0, 1.0), (1, 2 / 3), (4, 1 / 3))
# 格式: signed with an override (格式检查豁免) counts at most this fraction.
FORMAT_OVERRIDE_CAP = 1 / 3
# 事前沟通: held and answered → 1.0; held, no answer recorded → 0.5; none → 0.
PRECOMM_FRACTION = {"answered": 1.0, "held": 0.5, "none": 0.0}

# ---- quality → 谏 points -----------------------------------------------------------------------

# A scored letter earns 谏 points only above the pass mark, scaled up to JIAN_MAX per letter:
# points = JIAN_MAX × (quality − PASS_MARK) / (100 − PASS_MARK). Five poor letters earn nothing;
# one excellent letter earns almost JIAN_MAX. Unscored letters earn nothing and are counted.
PASS_MARK = 60.0
JIAN_MAX = 10.0

# ---- effect points of a letter (the court's 纳 side: what the record shows came of it) ------


@dataclass(frozen=True)
class PointRule:
    key: str
    label: str
    points: float
    basis: str  # what in the record is counted


EFFECT_RULES: dict[str, PointRule] = {
    r.key: r
    for r in (
        PointRule("reply_on_time", "按期书面回复", 2, "回复日期不晚于答复期限届满日"),
        PointRule("reply_late", "逾期回复", 1, "回复日期晚于答复期限届满日"),
        PointRule("item_adopted", "建议被采纳（每条）", 2, "最新一次回函中该条为“采纳”"),
        PointRule("item_partly", "建议部分采纳（每条）", 1, "最新一次回函中该条为“部分采纳”"),
        PointRule("rule_made", "推动建章立制（每项）", 3, "跟踪落实记录类型为“建章立制”"),
        PointRule("campaign", "联合专项整治（每次）", 2, "跟踪落实记录类型为“联合专项整治”"),
        PointRule(
            "effect",
            "同类案件显著下降",
            5,
            "效果评估：送达前后窗口足够、扣除趋势后同类案件下降且检验 p<0.05",
        ),
    )
}

# ---- 优秀司法建议评选 awards (h-selection) ------------------------------------------------------

# A letter that won a tier of a published selection round (fengqiao.selection) earns these
# points once per round, on top of its 谏 and 纳 points; the breakdown names the round and tier.
AWARD_RULES: dict[str, PointRule] = {
    r.key: r
    for r in (
        PointRule("first", "优秀司法建议评选一等奖", 8, "评选结果已公布，获一等奖"),
        PointRule("second", "优秀司法建议评选二等奖", 6, "评选结果已公布，获二等奖"),
        PointRule("third", "优秀司法建议评选三等奖", 4, "评选结果已公布，获三等奖"),
        PointRule("merit", "优秀司法建议评选优秀奖", 2, "评选结果已公布，获优秀奖"),
    )
}

# ---- 纳 points of a recipient unit -----------------------------------------------------------

RECIPIENT_RULES: dict[str, PointRule] = {
    r.key: r
    for r in (
        PointRule("on_time", "按期回复（每件）", 2, "回复日期不晚于答复期限届满日"),
        PointRule("late", "逾期回复（每件）", 1, "回复日期晚于答复期限届满日"),
        PointRule("never", "逾期未回复（每件）", -2, "答复期限已过仍未回复"),
        PointRule("adopted", "采纳（每条）", 2, "最新一次回函中为“采纳”"),
        PointRule("partly", "部分采纳（每条）", 1, "最新一次回函中为“部分采纳”"),
        PointRule("explained", "说明理由未采纳（每条）", 0.5, "最新一次回函中为“说明理由”"),
        PointRule("not_adopted", "未采纳（每条）", 0, "最新一次回函中为“未采纳”"),
        PointRule("rules", "建章立制（每项）", 3, "跟踪落实记录类型为“建章立制”"),
    )
}


def fraction_for(value: int, table: tuple[tuple[int, float], ...]) -> float:
    """The fraction of the first row whose bound ``value`` does not exceed (0 past the last)."""
    for bound, fraction in table:
        if value <= bound:
            return fraction
    return 0.0


def jian_points(quality: float | None) -> float:
    if quality is None or quality <= PASS_MARK:
        return 0.0
    return round(JIAN_MAX * (quality - PASS_MARK) / (100 - PASS_MARK), 2)
