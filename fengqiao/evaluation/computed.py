"""The rubric criteria computed from the record, not from opinion: each returns the level and
the reason the breakdown prints (the thresholds are in :mod:`fengqiao.evaluation.rules`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from fengqiao.evaluation import rules
from fengqiao.evaluation.models import Criterion, Source
from fengqiao.suggestions.models import ReviewRun, Suggestion


@dataclass(frozen=True)
class Computed:
    points: int
    reason: str


def _level(criterion: Criterion, fraction: float) -> int:
    return round(criterion.max_points * fraction)


def format_level(suggestion: Suggestion, criterion: Criterion) -> Computed:
    """The format checker's findings on the letter as signed (the approved version, its 文号
    and its 成文日期)."""
    from fengqiao.suggestions.letters import check_letter

    run = (
        ReviewRun.objects.filter(suggestion=suggestion, outcome="approved")
        .select_related("version")
        .order_by("-id")
        .first()
    )
    version = run.version if run else suggestion.latest_version()
    if version is None or not suggestion.doc_number or suggestion.issued_on is None:
        return Computed(0, "没有已签发的文稿，无法检查格式。")
    result = check_letter(
        suggestion, version, doc_number=suggestion.doc_number, issued_on=suggestion.issued_on
    )
    n = len(result.errors)
    fraction = rules.fraction_for(n, rules.FORMAT_ERRORS)
    if n == 0:
        reason = "签发稿格式检查全部通过。"
    else:
        shown = "；".join(e.message for e in result.errors[:5])
        reason = f"签发稿格式检查发现{n}项问题：{shown}{'……' if n > 5 else ''}。"
    if suggestion.format_override_reason:
        fraction = min(fraction, rules.FORMAT_OVERRIDE_CAP)
        reason += f"签发时豁免格式检查（理由：{suggestion.format_override_reason}）。"
    return Computed(_level(criterion, fraction), reason)


def timeliness_level(suggestion: Suggestion, criterion: Criterion) -> Computed:
    """Days from the clue (without one: the draft's creation) to the 成文日期 (issued_on)."""
    issued = suggestion.issued_on
    if issued is None:
        return Computed(0, "尚未签发。")
    if suggestion.clue_id:
        start = timezone.localdate(suggestion.clue.created_at)
        what = "线索提出"
    else:
        start = timezone.localdate(suggestion.created_at)
        what = "没有线索记录，自文稿创建"
    days = max((issued - start).days, 0)
    fraction = rules.fraction_for(days, rules.TIMELINESS_DAYS)
    return Computed(
        _level(criterion, fraction),
        f"{what}（{start:%Y-%m-%d}）至签发（{issued:%Y-%m-%d}）共{days}天。",
    )


def precomm_level(suggestion: Suggestion, criterion: Criterion) -> Computed:
    """事前沟通 (第五条) from the recorded communications."""
    communications = list(suggestion.communications.all())
    if not communications:
        return Computed(_level(criterion, rules.PRECOMM_FRACTION["none"]), "没有事前沟通记录。")
    answered = [c for c in communications if c.opinion_on or c.stance or c.recipient_opinion]
    kinds = "、".join(sorted({c.get_kind_display() for c in communications}))
    if answered:
        return Computed(
            _level(criterion, rules.PRECOMM_FRACTION["answered"]),
            f"已事前沟通（{kinds}），被建议单位于{answered[-1].opinion_on or answered[-1].held_on}"
            "反馈意见。",
        )
    return Computed(
        _level(criterion, rules.PRECOMM_FRACTION["held"]),
        f"已事前沟通（{kinds}），未登记被建议单位意见。",
    )


COMPUTERS = {
    Source.FORMAT: format_level,
    Source.TIMELINESS: timeliness_level,
    Source.PRECOMM: precomm_level,
}


def compute(suggestion: Suggestion, criterion: Criterion) -> Computed:
    return COMPUTERS[criterion.source](suggestion, criterion)
