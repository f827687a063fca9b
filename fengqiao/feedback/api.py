"""``GET /api/feedback/analysis``: every table of the 反馈分析 page, as on the page."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from fengqiao.core.schemas import CleanInput
from fengqiao.courts.permissions import require_permission
from fengqiao.feedback import selectors
from fengqiao.suggestions.api import _ok

router = Router(tags=["反馈分析"])


class AnalysisQuery(CleanInput):
    court: int | None = Field(None, ge=1, le=2**63 - 1, description="法院 id（含下级法院）")
    year_from: int | None = Field(None, ge=1900, le=2100, description="编号年度自")
    year_to: int | None = Field(None, ge=1900, le=2100, description="编号年度至")


class TableOut(Schema):
    key: str
    title: str
    headers: list[str]
    rows: list[list[str | int | None]]
    note: str
    links: list[str]


class AnalysisOut(Schema):
    letters: int = Field(description="分析的已送达建议件数")
    tables: list[TableOut]


@router.get("/feedback/analysis", response=_ok(AnalysisOut), summary="反馈分析（全部表格）")
def feedback_analysis(request, query: Query[AnalysisQuery]):
    require_permission(request.user, "suggestion.view")
    filters = selectors.AnalysisFilters(
        court=query.court, year_from=query.year_from, year_to=query.year_to
    )
    result = selectors.analysis(request.user, filters)
    return {"letters": len(result.facts), "tables": [vars(t) for t in result.tables]}
