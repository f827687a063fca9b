"""Every read of courts, people and recipients, scoped to what the user may see.

The one question all later lists ask: ``visible_courts(user)`` — the user's own court, plus
every subordinate court when the user holds a superior-court role (上级法院督导).
Recipient users see no court data; they see only their own unit.
"""

from __future__ import annotations

from django.db.models import QuerySet

from fengqiao.courts.models import Court, Division, RecipientUnit, Role, User

SUBTREE_ROLES = frozenset({Role.SUPERVISOR})


def visible_courts(user) -> QuerySet[Court]:
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return Court.objects.none()
    if user.has_role(*SUBTREE_ROLES):
        return Court.objects.filter(path__startswith=user.court.path)
    return Court.objects.filter(pk=user.court_id)


def visible_court_ids(user) -> list[int]:
    cached = getattr(user, "_visible_court_ids", None)
    if cached is None:
        cached = list(visible_courts(user).values_list("pk", flat=True))
        user._visible_court_ids = cached
    return cached


def can_see_court(user, court_id: int | None) -> bool:
    return court_id is not None and court_id in visible_court_ids(user)


def court_subtree(court: Court) -> QuerySet[Court]:
    return Court.objects.filter(path__startswith=court.path)


def divisions_visible(user) -> QuerySet[Division]:
    return Division.objects.filter(court_id__in=visible_court_ids(user)).select_related("court")


def users_visible(user) -> QuerySet[User]:
    return (
        User.objects.filter(court_id__in=visible_court_ids(user))
        .select_related("court", "division")
        .prefetch_related("role_grants")
        .order_by("court__path", "username")
    )


def recipient_units_visible(user) -> QuerySet[RecipientUnit]:
    if not getattr(user, "is_authenticated", False):
        return RecipientUnit.objects.none()
    if user.recipient_unit_id is not None:
        return RecipientUnit.objects.filter(pk=user.recipient_unit_id)
    return RecipientUnit.objects.filter(court_id__in=visible_court_ids(user)).select_related(
        "court", "superior"
    )


def recipient_units_addressable(user) -> QuerySet[RecipientUnit]:
    """The recipient units this user's court may address a letter or clue to: those its own
    court registered and those its superior courts registered (a shared list for the region).
    The one answer used by the pages, the API and the services."""
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return RecipientUnit.objects.none()
    ancestors = [int(part) for part in user.court.path.strip("/").split("/") if part]
    return RecipientUnit.objects.filter(court_id__in=ancestors or [user.court_id]).select_related(
        "court", "superior"
    )


def court_list_with_counts(user) -> QuerySet[Court]:
    from django.db.models import Count

    return (
        visible_courts(user)
        .select_related("parent")
        .annotate(
            user_count=Count("users", distinct=True),
            division_count=Count("divisions", distinct=True),
        )
    )
