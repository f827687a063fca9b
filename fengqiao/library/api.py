"""The library's JSON API: ``GET /api/library`` (search) and ``GET /api/library/{id}``.

Every court user reads released entries of all courts; recipients get 403, no login 401."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fengqiao.courts.permissions import require_permission
from fengqiao.library import selectors
from fengqiao.library.models import LibraryEntry

router = Router(tags=["司法建议案例库"])


class EntryItem(Schema):
    id: int
    court_id: int
    court_name: str
    doc_number: str
    title: str
    domain: str
    category: str
    recipient_kind: str
    year: int | None
    province: str
    outcome: str
    outcome_label: str
    excellent: bool
    issued_on: str | None


class EntryPage(Schema):
    count: int
    offset: int
    limit: int
    items: list[EntryItem]
    facets: dict[str, dict[str, int]]


class EntryDetail(EntryItem):
    background: str
    problems: str
    suggestions: str
    reply: str
    replied_on: str | None
    follow_up_kinds: list[str]
    rule_names: list[str]
    similar: list[int]


def _item(entry: LibraryEntry) -> dict:
    return {
        "id": entry.pk,
        "court_id": entry.court_id,
        "court_name": entry.court.name,
        "doc_number": entry.doc_number,
        "title": entry.title,
        "domain": entry.domain,
        "category": entry.category,
        "recipient_kind": entry.recipient_kind,
        "year": entry.year,
        "province": entry.province,
        "outcome": entry.outcome,
        "outcome_label": entry.get_outcome_display(),
        "excellent": entry.excellent,
        "issued_on": entry.issued_on.isoformat() if entry.issued_on else None,
    }


@router.get("/library", response=EntryPage, summary="检索案例库")
def library_search(
    request,
    q: str = "",
    sort: str = "relevance",
    offset: int = 0,
    limit: int = selectors.PAGE_SIZE,
):
    """Filters (each may repeat): domain, category, recipient_kind, year, court (id), province,
    adopted (= outcome: pending/adopted/partly/not_adopted), excellent (true/false)."""
    require_permission(request.user, "library.view")
    page = selectors.search(
        request.user,
        q=q[:200],
        filters=selectors.filters_from(request.GET),
        sort="date" if sort == "date" else "relevance",
        offset=offset,
        limit=limit,
    )
    return {
        "count": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "items": [_item(e) for e in page.entries],
        "facets": {name: {key: n for key, _l, n in rows} for name, rows in page.facets.items()},
    }


@router.get("/library/{entry_id}", response=EntryDetail, summary="案例库条目")
def library_entry(request, entry_id: int):
    require_permission(request.user, "library.view")
    entry = get_object_or_404(
        selectors.entries_visible(request.user).select_related("court"), pk=entry_id
    )
    return {
        **_item(entry),
        "background": entry.text("background"),
        "problems": entry.text("problems"),
        "suggestions": entry.text("suggestions"),
        "reply": entry.text("reply"),
        "replied_on": entry.replied_on.isoformat() if entry.replied_on else None,
        "follow_up_kinds": entry.follow_up_kinds,
        "rule_names": entry.rule_names,
        "similar": [e.pk for e in selectors.similar(request.user, entry)],
    }
