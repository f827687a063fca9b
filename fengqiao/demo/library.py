"""The demo's 司法建议案例库: the research office has reviewed and released the shared versions of
the letters that have a reply (their outcome travels with them); entries of letters still
awaiting a reply stay 待审核, so the review page has work on it."""

from __future__ import annotations

from fengqiao.courts.models import Role, User
from fengqiao.library import services
from fengqiao.library.models import LibraryEntry


def load_demo_library() -> int:
    """Release the pending entries of replied letters; returns how many were released."""
    released = 0
    entries = LibraryEntry.objects.filter(
        status=LibraryEntry.Status.PENDING, suggestion__replies__isnull=False
    ).distinct()
    reviewers: dict[int, User | None] = {}
    for entry in entries.select_related("suggestion").order_by("id"):
        if entry.court_id not in reviewers:
            reviewers[entry.court_id] = (
                User.objects.filter(
                    court_id=entry.court_id, is_active=True, role_grants__role=Role.RESEARCH
                )
                .order_by("id")
                .first()
            )
        reviewer = reviewers[entry.court_id]
        if reviewer is not None:
            services.entry_release(actor=reviewer, entry=entry)
            released += 1
    return released
