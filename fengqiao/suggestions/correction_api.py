"""``POST /api/suggestions/{id}/date-corrections``: 更正 a recorded date (see corrections.py)."""

from __future__ import annotations

from typing import Literal

from ninja import Router
from pydantic import Field

from fengqiao.suggestions.api import PathId, _detail, _ok, _suggestion
from fengqiao.suggestions.corrections import suggestion_correct_date
from fengqiao.suggestions.schemas import Day, Id, InSchema, Required300, SuggestionOut

router = Router(tags=["司法建议"])


class DateCorrectionIn(InSchema):
    event: Literal["signing", "delivery", "reply", "follow_up", "completion"] = Field(
        description="signing 签发 / delivery 送达 / reply 回函 / follow_up 跟踪落实 / completion 办结"
    )
    record_id: Id | None = Field(
        None, description="送达、回函、跟踪落实记录的 id（跟踪落实必填；送达、回函默认最近一次）"
    )
    new_date: Day
    reason: Required300


@router.post(
    "/suggestions/{suggestion_id}/date-corrections",
    response=_ok(SuggestionOut),
    summary="更正已登记的日期（须写明理由；答复期限、提醒、归档期限随之重算）",
)
def correct_date(request, payload: DateCorrectionIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    suggestion_correct_date(
        suggestion=suggestion,
        acting_user=request.user,
        event=payload.event,
        record_id=payload.record_id,
        new_date=payload.new_date,
        reason=payload.reason,
    )
    return _detail(request.user, suggestion.pk)
