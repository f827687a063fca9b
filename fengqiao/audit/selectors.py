from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from fengqiao.audit.codes import AUDIT_CODES
from fengqiao.audit.models import AuditEntry
from fengqiao.courts.selectors import visible_court_ids


def audit_entries_visible(user) -> QuerySet[AuditEntry]:
    """Entries about the courts the user can see, plus the user's own actions."""
    return AuditEntry.objects.filter(
        Q(court_id__in=visible_court_ids(user)) | Q(actor_id=user.pk)
    ).order_by("-id")


@dataclass(frozen=True)
class CodeCount:
    code: str
    label: str
    count: int


def audit_code_counts(user) -> list[CodeCount]:
    """How many visible entries carry each code (entries written before codes existed are
    counted under ""), most frequent first; the label is the code's registered label."""
    rows = (
        audit_entries_visible(user)
        .order_by()
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n", "code")
    )
    return [
        CodeCount(
            code=row["code"],
            label=AUDIT_CODES.get(row["code"], "（无代码的早期记录）" if not row["code"] else ""),
            count=row["n"],
        )
        for row in rows
    ]
