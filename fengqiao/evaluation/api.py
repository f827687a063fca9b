"""``GET /api/scores?by=judge|division|court|recipient&from=…&to=…``: rows with their 谏 and 纳
points and the parts, scoped like the pages (a recipient gets 403)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from fengqiao.core.schemas import CleanInput
from fengqiao.courts.permissions import require_permission
from fengqiao.evaluation import selectors
from fengqiao.evaluation.periods import Period, year_period
from fengqiao.suggestions.schemas import ERRORS, FIRST_DAY, LAST_DAY

router = Router(tags=["考评"])


class ScoreFilters(CleanInput):
    by: Literal["judge", "division", "court", "recipient"] = "court"
    from_: date | None = Field(None, alias="from", ge=FIRST_DAY, le=LAST_DAY)
    to: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)


class PartOut(Schema):
    key: str
    label: str
    count: float
    each: float
    points: float


class ScoreRow(Schema):
    key: str
    label: str
    court: str = ""
    kind: str = ""
    letters: int
    scored: int | None = None
    quality_per_letter: float | None = None
    jian_points: float
    na_points: float
    total: float
    parts: list[PartOut]
    backtrace_cases: int | None = None
    reminder_talks: int | None = None


class ScoresOut(Schema):
    by: str
    period_from: date
    period_to: date
    rows: list[ScoreRow]


def _period(filters: ScoreFilters) -> Period:
    from django.utils import timezone

    if filters.from_ and filters.to:
        start, end = sorted([filters.from_, filters.to])
        return Period("custom", start, end)
    return year_period((filters.from_ or filters.to or timezone.localdate()).year)


def _parts(counts: dict[str, float]) -> list[dict]:
    from fengqiao.evaluation import rules

    return [
        {
            "key": k,
            "label": r.label,
            "count": counts.get(k, 0),
            "each": r.points,
            "points": round(counts.get(k, 0) * r.points, 2),
        }
        for k, r in rules.EFFECT_RULES.items()
    ]


@router.get(
    "/scores",
    response={200: ScoresOut, **{k: v for k, v in ERRORS.items() if k in (401, 403, 422)}},
    summary="考评积分（按法官、庭室、法院或被建议单位；谏分、纳分及其组成）",
)
def scores(request, filters: Query[ScoreFilters]):
    require_permission(request.user, "evaluation.view")
    period = _period(filters)
    rows: list[dict] = []
    if filters.by == "recipient":
        for r in selectors.recipient_rows(request.user, period):
            rows.append(
                {
                    "key": r.key,
                    "label": r.name,
                    "kind": r.kind,
                    "letters": r.received,
                    "jian_points": 0,
                    "na_points": r.points,
                    "total": r.points,
                    "parts": [
                        {
                            "key": p.key,
                            "label": p.label,
                            "count": p.count,
                            "each": p.each,
                            "points": p.points,
                        }
                        for p in r.parts
                    ],
                }
            )
    else:
        for r in selectors.ranking(request.user, period, filters.by):
            rows.append(
                {
                    "key": r.key,
                    "label": r.label,
                    "court": r.court,
                    "letters": r.letters,
                    "scored": r.scored,
                    "quality_per_letter": r.quality,
                    "jian_points": r.jian,
                    "na_points": r.na,
                    "total": r.total,
                    "parts": _parts(r.parts),
                    "backtrace_cases": r.backtrace_cases,
                    "reminder_talks": r.reminders,
                }
            )
    return {"by": filters.by, "period_from": period.start, "period_to": period.end, "rows": rows}
