"""Every read of clues, meetings and suggestions, scoped to what the user may see.

Own court: everything. A superior court's supervisor: subordinate courts' suggestions once
signed — never another court's drafts or reviews in progress. Recipients: see the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from fengqiao.courts.selectors import visible_court_ids
from fengqiao.suggestions.models import Clue, Meeting, State, StepRun, Suggestion

UNSIGNED = (State.DRAFTING, State.IN_REVIEW)


def suggestions_visible(user) -> QuerySet[Suggestion]:
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return Suggestion.objects.none()
    others = [c for c in visible_court_ids(user) if c != user.court_id]
    return Suggestion.objects.filter(
        Q(court_id=user.court_id)
        | (Q(court_id__in=others) & ~Q(state__in=UNSIGNED) & Q(number_seq__isnull=False))
    )


def clues_visible(user) -> QuerySet[Clue]:
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return Clue.objects.none()
    return Clue.objects.filter(court_id=user.court_id)


def meetings_visible(user) -> QuerySet[Meeting]:
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(court_id=user.court_id)


def is_overdue(suggestion: Suggestion, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        suggestion.state == State.DELIVERED
        and suggestion.reply_due_on is not None
        and suggestion.reply_due_on < today
    )


@dataclass
class RegisterFilters:
    q: str = ""
    state: str = ""
    category: str = ""
    domain: str = ""
    court: int | None = None
    year: int | None = None
    overdue: bool = False
    due_soon: bool = False
    sort: str = "-id"

    SORTS = {
        "-id": "-id",
        "due": "reply_due_on",
        "-due": "-reply_due_on",
        "number": "number_seq",
        "state": "state",
    }

    @classmethod
    def from_query(cls, params) -> RegisterFilters:
        def number(name: str) -> int | None:
            value = params.get(name, "").strip()
            return int(value) if value.isdigit() else None

        sort = params.get("sort", "-id")
        return cls(
            q=params.get("q", "").strip()[:100],
            state=params.get("state", "")[:20],
            category=params.get("category", "")[:20],
            domain=params.get("domain", "")[:20],
            court=number("court"),
            year=number("year"),
            overdue=params.get("overdue") == "1",
            due_soon=params.get("due_soon") == "1",
            sort=sort if sort in cls.SORTS else "-id",
        )


def register(user, filters: RegisterFilters) -> QuerySet[Suggestion]:
    today = timezone.localdate()
    rows = suggestions_visible(user).select_related("court", "recipient", "holder")
    if filters.q:
        rows = rows.filter(
            Q(title__icontains=filters.q)
            | Q(doc_number__icontains=filters.q)
            | Q(recipient__name__icontains=filters.q)
        )
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.domain:
        rows = rows.filter(domain=filters.domain)
    if filters.court:
        rows = rows.filter(court_id=filters.court)
    if filters.year:
        rows = rows.filter(
            Q(number_year=filters.year) | Q(number_year__isnull=True, created_at__year=filters.year)
        )
    if filters.overdue:
        rows = rows.filter(state=State.DELIVERED, reply_due_on__lt=today)
    if filters.due_soon:
        rows = rows.filter(
            state=State.DELIVERED,
            reply_due_on__gte=today,
            reply_due_on__lte=today + timedelta(days=7),
        )
    return rows.order_by(RegisterFilters.SORTS[filters.sort], "-id")


def review_waiting_for(user) -> list[StepRun]:
    """Active review steps this user may act on (named person, or role in own court)."""
    from fengqiao.suggestions.workflows import may_act_on_step

    active = StepRun.objects.filter(
        state=StepRun.State.ACTIVE,
        run__finished_at__isnull=True,
        run__suggestion__court_id=user.court_id,
        run__suggestion__state=State.IN_REVIEW,  # not while out for 征求意见
    ).select_related("step", "run__suggestion__recipient")
    return [s for s in active if may_act_on_step(user, s)]


def my_work(user) -> dict[str, list]:
    """What waits for this user, by kind of work."""
    today = timezone.localdate()
    own = Suggestion.objects.filter(court_id=user.court_id).select_related("recipient")
    work: dict[str, list] = {"review": review_waiting_for(user)}
    work["drafting"] = list(own.filter(state=State.DRAFTING, holder=user))
    if user.has_role("research", "division_head"):
        work["clues"] = list(clues_visible(user).filter(state=Clue.State.NEW))
    if user.has_role("research"):
        work["to_send"] = list(own.filter(state__in=[State.SIGNED, State.PRE_COMMUNICATION]))
        work["overdue"] = list(own.filter(state=State.DELIVERED, reply_due_on__lt=today))
        work["due_soon"] = list(
            own.filter(
                state=State.DELIVERED,
                reply_due_on__gte=today,
                reply_due_on__lte=today + timedelta(days=7),
            )
        )
        work["to_archive"] = list(
            own.filter(completed_on__isnull=False, state__in=[State.REPLIED, State.FOLLOW_UP])
        )
    return work


def state_counts(user) -> dict[str, int]:
    from django.db.models import Count

    rows = suggestions_visible(user).values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}
