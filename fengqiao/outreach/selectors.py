"""Every read of outreach, scoped to the user's court."""

from __future__ import annotations

from django.db.models import QuerySet

from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.library.models import LibraryEntry
from fengqiao.outreach.models import Association, Relay, ResearchExport
from fengqiao.outreach.sectors import sectors_for


def exports_visible(user) -> QuerySet[ResearchExport]:
    """The exports of the courts the user sees (a supervisor: the subtree's)."""
    if not has_permission(user, "outreach.export"):
        return ResearchExport.objects.none()
    return ResearchExport.objects.filter(court_id__in=visible_court_ids(user)).select_related(
        "court", "created_by"
    )


def associations_for(user) -> QuerySet[Association]:
    if not has_permission(user, "outreach.manage"):
        return Association.objects.none()
    return Association.objects.filter(court_id=user.court_id)


def relays_for(user) -> QuerySet[Relay]:
    if not has_permission(user, "outreach.manage"):
        return Relay.objects.none()
    return Relay.objects.filter(court_id=user.court_id).select_related(
        "entry", "association", "sent_by"
    )


def relayable_entries(user) -> QuerySet[LibraryEntry]:
    """The court's released library entries (the only ones that may be relayed)."""
    if not has_permission(user, "outreach.manage"):
        return LibraryEntry.objects.none()
    return LibraryEntry.objects.filter(
        court_id=user.court_id, status=LibraryEntry.Status.RELEASED
    ).order_by("-issued_on", "-id")


def associations_for_entry(user, entry: LibraryEntry) -> QuerySet[Association]:
    """The court's active associations with a member sector the entry is relevant to."""
    wanted = set(sectors_for(entry.domain, entry.recipient_kind))
    rows = associations_for(user).filter(active=True)
    return rows.filter(pk__in=[a.pk for a in rows if wanted & set(a.sectors)])
