from __future__ import annotations

from django.db.models import Q, QuerySet

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.selectors import visible_court_ids


def audit_entries_visible(user) -> QuerySet[AuditEntry]:
    """Entries about the courts the user can see, plus the user's own actions."""
    return AuditEntry.objects.filter(
        Q(court_id__in=visible_court_ids(user)) | Q(actor_id=user.pk)
    ).order_by("-id")
