"""The selection rounds' JSON API: ``GET /api/selection/rounds`` (the rounds the user may see)
and ``GET /api/selection/rounds/{id}/results`` (published results; the organiser also sees the
ranking before publication). Recipients get 403; courts outside the subtree 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fengqiao.courts.permissions import require_permission
from fengqiao.selection import policy, selectors
from fengqiao.selection.models import Tier

router = Router(tags=["优秀司法建议评选"])


class RoundItem(Schema):
    id: int
    name: str
    organiser: str
    state: str
    state_label: str
    period_start: str
    period_end: str
    nomination_deadline: str
    review_deadline: str
    quota: int
    awards: dict[str, int]
    entries: int
    published_at: str | None


class ResultItem(Schema):
    rank: int | None
    tier: str
    tier_label: str
    code: str
    court: str
    doc_number: str
    title: str
    mean: float | None
    median: float | None
    minimum: float | None


class Results(Schema):
    round: RoundItem
    published: bool
    items: list[ResultItem]


def _round(r) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "organiser": r.organiser.name,
        "state": r.state,
        "state_label": r.get_state_display(),
        "period_start": r.period_start.isoformat(),
        "period_end": r.period_end.isoformat(),
        "nomination_deadline": r.nomination_deadline.isoformat(),
        "review_deadline": r.review_deadline.isoformat(),
        "quota": r.quota,
        "awards": {tier: count for tier, count in r.awards},
        "entries": getattr(r, "entries", None) or r.nominations.count(),
        "published_at": r.published_at.isoformat() if r.published_at else None,
    }


@router.get("/selection/rounds", response=list[RoundItem], summary="评选活动列表")
def rounds(request):
    require_permission(request.user, "selection.view")
    return [_round(r) for r in selectors.round_rows(request.user)]


@router.get("/selection/rounds/{round_id}/results", response=Results, summary="评选结果")
def results(request, round_id: int):
    require_permission(request.user, "selection.view")
    round_ = get_object_or_404(selectors.round_rows(request.user), pk=round_id)
    if not policy.may_see_results(request.user, round_):
        return {"round": _round(round_), "published": False, "items": []}
    published = round_.state == round_.State.FINISHED
    items = []
    if published:
        for n in selectors.results(request.user, round_):
            items.append(
                {
                    "rank": n.rank,
                    "tier": n.tier,
                    "tier_label": Tier(n.tier).label if n.tier else "",
                    "code": n.label,
                    "court": n.court.name,
                    "doc_number": n.suggestion.doc_number,
                    "title": n.suggestion.title,
                    "mean": n.mean,
                    "median": n.median,
                    "minimum": n.minimum,
                }
            )
    return {"round": _round(round_), "published": published, "items": items}
