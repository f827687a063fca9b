"""Outreach's JSON API (read-only records): ``GET /api/outreach/exports`` (the research
exports the user may see, with recipient, agreement and file hashes) and
``GET /api/outreach/relays`` (the court's relays to associations, with acknowledgement)."""

from __future__ import annotations

from ninja import Router, Schema

from fengqiao.courts.permissions import require_permission
from fengqiao.outreach import selectors

router = Router(tags=["对外协同"])


class ExportFile(Schema):
    name: str
    sha256: str
    bytes: int


class ExportItem(Schema):
    id: int
    court_id: int
    court_name: str
    scope: str
    period_from: str
    period_to: str
    recipient_institution: str
    agreement_number: str
    agreement_title: str
    agreement_date: str | None
    letters: int
    items: int
    replies: int
    via: str
    created_by: str
    created_at: str
    files: list[ExportFile]


class RelayItem(Schema):
    id: int
    entry_id: int
    title: str
    association_id: int
    association: str
    sent_by: str
    sent_at: str
    acknowledged_at: str | None
    acknowledged_by_name: str


@router.get("/outreach/exports", response=list[ExportItem], summary="科研数据导出记录")
def export_list(request):
    require_permission(request.user, "outreach.export")
    return [
        {
            "id": e.pk,
            "court_id": e.court_id,
            "court_name": e.court.name,
            "scope": e.scope,
            "period_from": e.period_from.isoformat(),
            "period_to": e.period_to.isoformat(),
            "recipient_institution": e.recipient_institution,
            "agreement_number": e.agreement_number,
            "agreement_title": e.agreement_title,
            "agreement_date": e.agreement_date.isoformat() if e.agreement_date else None,
            "letters": e.letters,
            "items": e.items,
            "replies": e.replies,
            "via": e.via,
            "created_by": e.created_by.display_name if e.created_by else "",
            "created_at": e.created_at.isoformat(),
            "files": [
                {"name": f["name"], "sha256": f["sha256"], "bytes": f.get("bytes", 0)}
                for f in e.files
            ],
        }
        for e in selectors.exports_visible(request.user)[:500]
    ]


@router.get("/outreach/relays", response=list[RelayItem], summary="转送行业协会记录")
def relay_list(request):
    require_permission(request.user, "outreach.manage")
    return [
        {
            "id": r.pk,
            "entry_id": r.entry_id,
            "title": r.entry.title,
            "association_id": r.association_id,
            "association": r.association.name,
            "sent_by": r.sent_by.display_name if r.sent_by else "",
            "sent_at": r.sent_at.isoformat(),
            "acknowledged_at": r.acknowledged_at.isoformat() if r.acknowledged_at else None,
            "acknowledged_by_name": r.acknowledged_by_name,
        }
        for r in selectors.relays_for(request.user)[:500]
    ]
