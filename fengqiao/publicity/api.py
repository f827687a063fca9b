"""The publicity JSON API (read-only): ``GET /api/publicity/drafts`` and
``GET /api/publicity/drafts/{id}`` — a court's drafts with their sources, approvals and
publication record; superior courts read their subtree's; recipients 403, no login 401."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fengqiao.courts.permissions import require_permission
from fengqiao.publicity import draft_selectors
from fengqiao.publicity.models import PublicityDraft

router = Router(tags=["宣传"])


class PublicationOut(Schema):
    published_on: str
    url: str
    views: int | None
    likes: int | None
    shares: int | None
    comments: int | None


class DraftItem(Schema):
    id: int
    court_id: int
    suggestion_id: int
    channel: str
    channel_label: str
    title: str
    state: str
    state_label: str
    planned_on: str | None
    publication: PublicationOut | None


class DraftDetail(DraftItem):
    body: dict
    sources: list[dict]
    approvals: list[dict]


def _item(d: PublicityDraft) -> dict:
    pub = getattr(d, "publication", None) if d.state == d.State.PUBLISHED else None
    return {
        "id": d.pk,
        "court_id": d.court_id,
        "suggestion_id": d.suggestion_id,
        "channel": d.channel,
        "channel_label": d.get_channel_display(),
        "title": d.title,
        "state": d.state,
        "state_label": d.get_state_display(),
        "planned_on": d.planned_on.isoformat() if d.planned_on else None,
        "publication": {
            "published_on": pub.published_on.isoformat(),
            "url": pub.url,
            "views": pub.views,
            "likes": pub.likes,
            "shares": pub.shares,
            "comments": pub.comments,
        }
        if pub
        else None,
    }


@router.get("/publicity/drafts", response=list[DraftItem], summary="宣传稿列表")
def draft_list(request, channel: str = "", state: str = "", offset: int = 0, limit: int = 50):
    require_permission(request.user, "publicity.view")
    drafts = draft_selectors.drafts_visible(request.user).select_related("publication")
    if channel:
        drafts = drafts.filter(channel=channel[:20])
    if state:
        drafts = drafts.filter(state=state[:20])
    offset, limit = max(0, min(offset, 10_000)), max(1, min(limit, 200))
    return [_item(d) for d in drafts.order_by("-id")[offset : offset + limit]]


@router.get("/publicity/drafts/{draft_id}", response=DraftDetail, summary="宣传稿")
def draft_detail(request, draft_id: int):
    require_permission(request.user, "publicity.view")
    d = get_object_or_404(draft_selectors.drafts_visible(request.user), pk=draft_id)
    return {
        **_item(d),
        "body": d.body,
        "sources": d.sources,
        "approvals": [
            {
                "step": a.step_name,
                "decision": a.decision,
                "comment": a.comment,
                "actor": a.actor.display_name,
                "acted_at": a.acted_at.isoformat(),
            }
            for a in d.approvals.select_related("actor")
        ],
    }
