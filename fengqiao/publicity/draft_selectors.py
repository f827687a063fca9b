"""Reads of the publicity work, scoped: a court's own drafts and publications, and a superior
court's supervisors read their subtree's; recipients and anonymous users read nothing. The
public page reads only published items through :func:`public_items`."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from fengqiao.courts.models import Court
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.library.models import LibraryEntry
from fengqiao.publicity.models import Publication, PublicityDraft
from fengqiao.suggestions.models import Suggestion


def drafts_visible(user) -> QuerySet[PublicityDraft]:
    if not has_permission(user, "publicity.view"):
        return PublicityDraft.objects.none()
    return PublicityDraft.objects.filter(court_id__in=visible_court_ids(user))


def publications_visible(user) -> QuerySet[Publication]:
    if not has_permission(user, "publicity.view"):
        return Publication.objects.none()
    return Publication.objects.filter(court_id__in=visible_court_ids(user))


def suggestions_for_publicity(user) -> QuerySet[Suggestion]:
    """The court's own letters whose shared library version is released (the gate)."""
    if not has_permission(user, "publicity.draft"):
        return Suggestion.objects.none()
    return (
        Suggestion.objects.filter(
            court_id=user.court_id, library_entry__status=LibraryEntry.Status.RELEASED
        )
        .select_related("library_entry")
        .order_by("-delivered_on", "-pk")
    )


def public_court(code: str) -> Court | None:
    return Court.objects.filter(code=code).first()


def public_items(court: Court) -> QuerySet[PublicityDraft]:
    """Published items of one court (its own only), newest first; an item whose shared
    library version has been withdrawn since is no longer shown."""
    return (
        PublicityDraft.objects.filter(
            court=court,
            state=PublicityDraft.State.PUBLISHED,
            publication__isnull=False,
            entry__status=LibraryEntry.Status.RELEASED,
        )
        .select_related("publication")
        .order_by("-publication__published_on", "-pk")
    )


@dataclass
class CalendarDay:
    day: date | None
    planned: list[PublicityDraft]
    published: list[PublicityDraft]


def month_calendar(user, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month: planned drafts by planned_on, published by date."""
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    drafts = drafts_visible(user).select_related("publication")
    planned: dict[date, list] = {}
    for d in drafts.filter(planned_on__range=(first, last)).exclude(
        state=PublicityDraft.State.PUBLISHED
    ):
        planned.setdefault(d.planned_on, []).append(d)
    published: dict[date, list] = {}
    for d in drafts.filter(publication__published_on__range=(first, last)):
        published.setdefault(d.publication.published_on, []).append(d)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                CalendarDay(
                    day if day.month == month else None,
                    planned.get(day, []) if day.month == month else [],
                    published.get(day, []) if day.month == month else [],
                )
                for day in week
            ]
        )
    return weeks
