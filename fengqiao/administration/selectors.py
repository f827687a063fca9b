"""What a court's system administrator sees: the people, divisions and units of their court."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fengqiao.courts.models import ApiToken, Division, RecipientUnit, User
from fengqiao.courts.permissions import require_permission


def court_users(actor, *, query: str = "", status: str = "") -> QuerySet[User]:
    """The court's officers and the officers of recipient units the court registered."""
    require_permission(actor, "user.manage")
    users = (
        User.objects.filter(Q(court_id=actor.court_id) | Q(recipient_unit__court_id=actor.court_id))
        .select_related("division", "recipient_unit")
        .prefetch_related("role_grants")
        .order_by("-is_active", "username")
    )
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(full_name__icontains=query)
            | Q(phone__icontains=query)
            | Q(division__name__icontains=query)
        )
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users


def with_role_cache(users) -> list[User]:
    """Fill each user's role cache from the prefetched grants (one query for the page)."""
    users = list(users)
    for user in users:
        user._role_cache = frozenset(grant.role for grant in user.role_grants.all())
    return users


def court_divisions(actor) -> QuerySet[Division]:
    require_permission(actor, "user.manage")
    return (
        Division.objects.filter(court_id=actor.court_id)
        .annotate(active_users=Count("users", filter=Q(users__is_active=True)))
        .order_by("-is_active", "id")
    )


def court_recipient_units(actor, *, query: str = "", kind: str = "") -> QuerySet[RecipientUnit]:
    require_permission(actor, "recipient.manage")
    units = RecipientUnit.objects.filter(court_id=actor.court_id).select_related("superior")
    if query:
        units = units.filter(
            Q(name__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(address__icontains=query)
        )
    if kind:
        units = units.filter(kind=kind)
    return units.order_by("name")


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these usernames are locked out by django-axes right now."""
    from axes.models import AccessAttempt

    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=limit, attempt_time__gte=since
        ).values_list("username", flat=True)
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def holiday_schedules():
    """Every entered year's schedule, newest first (national: any administrator sees them)."""
    from fengqiao.administration.models import HolidaySchedule

    return HolidaySchedule.objects.select_related("updated_by").order_by("-year")


def holiday_schedule(year: int):
    from fengqiao.administration.models import HolidaySchedule

    return HolidaySchedule.objects.filter(year=year).first()


def entered_years() -> dict[int, object]:
    from fengqiao.administration.models import HolidaySchedule

    return dict.fromkeys(HolidaySchedule.objects.values_list("year", flat=True))
