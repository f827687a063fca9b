"""``/api/suggestions/{id}/reply-reasons``: 反馈分析's reasons (see reply_reasons.py)."""

from __future__ import annotations

from ninja import Router, Schema
from pydantic import Field

from fengqiao.suggestions.api import PathId, _ok, _suggestion
from fengqiao.suggestions.models import OutcomeReason
from fengqiao.suggestions.reply_reasons import reason_targets, reply_reason_set
from fengqiao.suggestions.schemas import InSchema, Text300

router = Router(tags=["司法建议"])


class ReasonTargetOut(Schema):
    item_index: int | None = Field(description="建议序号；null 表示整函未回复")
    outcome: str = Field(description="adopted/partly/not_adopted/explained 或 no_reply")
    outcome_label: str
    text: str = Field(description="被建议单位就该条写的措施或理由")
    reason: str = Field(description="已选定的原因代码（空：未分析）")
    reason_label: str
    note: str
    proposed: str = Field(description="按回函用语规则建议的原因代码（空：无提示语）")
    proposed_label: str
    cues: list[str] = Field(description="据以建议的提示语")
    why: str


class ReasonIn(InSchema):
    item: int | None = Field(None, ge=1, le=99, description="建议序号；不填表示整函未回复的原因")
    reason: OutcomeReason
    note: Text300 = ""


def _targets(suggestion) -> list[dict]:
    return [
        {
            "item_index": t.item_index,
            "outcome": t.outcome,
            "outcome_label": t.outcome_label,
            "text": t.text,
            "reason": t.reason,
            "reason_label": t.reason_label,
            "note": t.note,
            "proposed": t.proposal.reason or "",
            "proposed_label": t.proposal.label,
            "cues": list(t.proposal.cues),
            "why": t.proposal.why,
        }
        for t in reason_targets(suggestion)
    ]


@router.get(
    "/suggestions/{suggestion_id}/reply-reasons",
    response=_ok(list[ReasonTargetOut]),
    summary="需要分析原因的各条（部分采纳、未采纳、说明理由，按最新回函）或未回复的函，及系统建议",
)
def reply_reasons(request, suggestion_id: int = PathId):
    return _targets(_suggestion(request, suggestion_id))


@router.post(
    "/suggestions/{suggestion_id}/reply-reasons",
    response=_ok(list[ReasonTargetOut]),
    summary="研究室选定未采纳（或未回复）的原因",
)
def reply_reason(request, payload: ReasonIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    reply_reason_set(
        actor=request.user,
        suggestion=suggestion,
        item_index=payload.item,
        reason=payload.reason,
        note=payload.note,
    )
    return _targets(suggestion)
