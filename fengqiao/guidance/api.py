"""指导与统一标准 API, scoped like the pages (recipients get 403):

* ``GET /api/guidance/figures?year=YYYY`` — the subtree figures side by side;
* ``GET /api/guidance/comments`` — the guidance comments the user may see;
* ``POST /api/suggestions/{id}/guidance-comments`` — a superior court comments on a letter.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fengqiao.core.schemas import CleanInput
from fengqiao.courts.permissions import require_permission
from fengqiao.guidance import policy, selectors, services
from fengqiao.suggestions.models import Suggestion
from fengqiao.suggestions.schemas import ERRORS

router = Router(tags=["指导与统一标准"])


class FigureFilters(CleanInput):
    year: int | None = Field(None, ge=1900, le=2100)


class CourtRow(Schema):
    court_id: int
    court_code: str
    court_name: str
    issued: int
    delivered: int
    replied_on_time: int
    replied_late: int
    not_replied: int
    reply_items: int
    adopted_items: int
    adoption_rate: float | None
    scored: int
    mean_score: float | None


class FiguresOut(Schema):
    year: int
    rows: list[CourtRow]


class CommentIn(CleanInput):
    body: str = Field(..., min_length=1, max_length=3000)


class CommentOut(Schema):
    id: int
    suggestion_id: int
    doc_number: str
    court_name: str
    author_court: str
    author: str
    body: str
    created_at: datetime
    status: str
    response: str


def _row(r) -> dict:
    return {
        "court_id": r.court.pk,
        "court_code": r.court.code,
        "court_name": r.court.name,
        "issued": r.issued,
        "delivered": r.delivered,
        "replied_on_time": r.on_time,
        "replied_late": r.late,
        "not_replied": r.no_reply,
        "reply_items": r.items,
        "adopted_items": r.adopted,
        "adoption_rate": round(r.adoption_rate, 4) if r.adoption_rate is not None else None,
        "scored": r.scored,
        "mean_score": r.mean_score,
    }


def _comment(c) -> dict:
    return {
        "id": c.pk,
        "suggestion_id": c.suggestion_id,
        "doc_number": c.suggestion.doc_number,
        "court_name": c.suggestion.court.name,
        "author_court": c.author_court.name,
        "author": str(c.author),
        "body": c.body,
        "created_at": c.created_at,
        "status": c.status,
        "response": c.response,
    }


@router.get(
    "/guidance/figures",
    response={200: FiguresOut, **{k: v for k, v in ERRORS.items() if k in (401, 403, 422)}},
    summary="辖区法院司法建议工作对比（编号、送达、按期/逾期/未回复、逐条采纳率、平均质量分）",
)
def figures(request, filters: Query[FigureFilters]):
    require_permission(request.user, "guidance.figures")
    year = filters.year or timezone.localdate().year
    return {"year": year, "rows": [_row(r) for r in selectors.subtree_figures(request.user, year)]}


@router.get(
    "/guidance/comments",
    response={200: list[CommentOut], **{k: v for k, v in ERRORS.items() if k in (401, 403)}},
    summary="我可见的上级法院指导意见",
)
def comments(request):
    require_permission(request.user, "guidance.view")
    rows = selectors.comments_visible(request.user).order_by("-created_at", "-id")[:500]
    return [_comment(c) for c in rows]


@router.post(
    "/suggestions/{suggestion_id}/guidance-comments",
    response={
        201: CommentOut,
        **{k: v for k, v in ERRORS.items() if k in (400, 401, 403, 404, 422)},
    },
    summary="上级法院对下级法院已签发的司法建议提出指导意见",
)
def comment_create(request, suggestion_id: int, payload: CommentIn):
    require_permission(request.user, "guidance.comment")
    suggestion = get_object_or_404(Suggestion.objects.select_related("court"), pk=suggestion_id)
    if not policy.is_strict_ancestor(request.user.court_id, suggestion.court):
        raise Http404("没有找到该司法建议。")
    comment = services.comment_create(actor=request.user, suggestion=suggestion, body=payload.body)
    return Status(201, _comment(comment))
