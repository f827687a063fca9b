"""Every read of clues, meetings and suggestions, scoped to what the user may see.

Own court: everything. A superior court's supervisor: subordinate courts' suggestions once
signed — never another court's drafts or reviews in progress. Recipients: see the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from fengqiao.core.params import id_param, int_param, year_param
from fengqiao.courts.models import UnitKind
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.suggestions.models import (
    Clue,
    ItemOutcome,
    Meeting,
    State,
    StepRun,
    Suggestion,
    SuggestionVersion,
    no_reply_q,
    replied_late_q,
    replied_on_time_q,
)

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


def clues_to_put_on_agenda(user) -> QuerySet[Clue]:
    """Accepted clues not already on an agenda item waiting for a decision (policy:
    ``agenda.add_clue``)."""
    from fengqiao.suggestions.models import AgendaItem

    return (
        clues_visible(user)
        .filter(state=Clue.State.ACCEPTED)
        .exclude(agenda_items__decision=AgendaItem.Decision.PENDING)
    )


def meetings_visible(user) -> QuerySet[Meeting]:
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(court_id=user.court_id)


def active_step(suggestion: Suggestion) -> StepRun | None:
    """The review step the suggestion waits on (None outside review)."""
    run = suggestion.runs.filter(finished_at__isnull=True).order_by("-id").first()
    if run is None:
        return None
    return (
        run.steps.select_related("step", "run__suggestion")
        .filter(state=StepRun.State.ACTIVE)
        .first()
    )


# the register's ``reply`` filter: replied on time / late / not at all (the models' one rule each)
REPLY_FILTERS = {"on_time": replied_on_time_q, "late": replied_late_q, "none": no_reply_q}


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
    division: int | None = None
    recipient_kind: str = ""
    issued: bool = False  # letters of the year only: numbered, not withdrawn (``.issued()``)
    month: int | None = None  # month of signing (1–12), with ``issued`` for the dashboard trend
    delivered: bool = False  # delivered at some point (送达 and every later state)
    replied: bool = False  # a reply was received
    reply: str = ""  # on_time / late / none: replied on time, late, or not at all (no_reply_q)
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
        sort = params.get("sort", "-id")
        kind = params.get("recipient_kind", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            state=params.get("state", "")[:20],
            category=params.get("category", "")[:20],
            domain=params.get("domain", "")[:20],
            court=id_param(params, "court"),
            year=year_param(params, "year"),
            overdue=params.get("overdue") == "1",
            due_soon=params.get("due_soon") == "1",
            division=id_param(params, "division"),
            recipient_kind=kind if kind in UnitKind.values else "",
            issued=params.get("issued") == "1",
            month=int_param(params, "month", minimum=1, maximum=12),
            delivered=params.get("delivered") == "1",
            replied=params.get("replied") == "1",
            reply=params.get("reply", "") if params.get("reply", "") in REPLY_FILTERS else "",
            sort=sort if sort in cls.SORTS else "-id",
        )


def _number_in(text: str) -> tuple[int | None, int | None]:
    from fengqiao.documents.doc_number import looks_like_doc_number
    from fengqiao.suggestions.numbering import doc_number_parts

    if not looks_like_doc_number(text):
        return None, None
    return doc_number_parts(text, supreme=True)  # (the place is not what is searched)


def register(user, filters: RegisterFilters) -> QuerySet[Suggestion]:
    rows = suggestions_visible(user).select_related("court", "recipient", "holder")
    if filters.q:
        match = (
            Q(title__icontains=filters.q)
            | Q(doc_number__icontains=filters.q)
            | Q(recipient__name__icontains=filters.q)
        )
        year, seq = _number_in(filters.q)
        if year and seq:  # a 文号, however written (the one parser): find it by its parts
            match |= Q(number_year=year, number_seq=seq)
        rows = rows.filter(match)
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
        rows = rows.overdue()
    if filters.due_soon:
        rows = rows.due_soon()
    if filters.division:
        rows = rows.filter(division_id=filters.division)
    if filters.recipient_kind:
        rows = rows.filter(recipient__kind=filters.recipient_kind)
    if filters.issued:
        rows = rows.issued()
    if filters.month:
        rows = rows.filter(signed_at__month=filters.month)
    if filters.delivered:
        from fengqiao.suggestions.policy import DELIVERED_STATES

        rows = rows.filter(state__in=DELIVERED_STATES)
    if filters.replied:
        rows = rows.filter(replied_on__isnull=False)
    if filters.reply:
        rows = rows.filter(REPLY_FILTERS[filters.reply]())
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


MY_WORK_LIMIT = 30


def my_work(user, *, limit: int = MY_WORK_LIMIT) -> dict[str, list]:
    """What waits for this user, by kind of work: at most ``limit`` of each kind (the oldest
    first where it matters; the register lists them all)."""
    own = Suggestion.objects.filter(court_id=user.court_id).select_related("recipient")
    work: dict[str, list] = {"review": review_waiting_for(user)[:limit]}
    work["drafting"] = list(own.filter(state=State.DRAFTING, holder=user)[:limit])
    if has_permission(user, "clue.triage"):
        work["clues"] = list(clues_visible(user).filter(state=Clue.State.NEW)[:limit])
    if has_permission(user, "suggestion.register"):
        work["to_send"] = list(
            own.filter(state__in=[State.SIGNED, State.PRE_COMMUNICATION])[:limit]
        )
        work["overdue"] = list(own.overdue().order_by("reply_due_on", "id")[:limit])
        work["due_soon"] = list(own.due_soon().order_by("reply_due_on", "id")[:limit])
        work["to_archive"] = list(
            own.filter(completed_on__isnull=False, state__in=[State.REPLIED, State.FOLLOW_UP])[
                :limit
            ]
        )
    return work


def state_counts(user) -> dict[str, int]:
    from django.db.models import Count

    rows = suggestions_visible(user).values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def latest_reply_items(letters: QuerySet[Suggestion]):
    """The suggestion items answered in the latest reply of each letter (latest 回函日期, then
    the later entry): a later reply replaces an earlier one. The one rule for "per item, latest
    reply" — the dashboard's adoption rate and 反馈分析 both read it."""
    from django.db.models import OuterRef, Subquery

    from fengqiao.suggestions.models import Reply, ReplyItem

    latest = (
        Reply.objects.filter(suggestion=OuterRef("reply__suggestion"))
        .order_by("-received_on", "-id")
        .values("pk")[:1]
    )
    return ReplyItem.objects.filter(
        reply__suggestion__in=letters.values("pk"), reply_id=Subquery(latest)
    )


# "adopted" in every adoption rate: 采纳 or 部分采纳 (of the latest reply's items)
ADOPTED_OUTCOMES = (ItemOutcome.ADOPTED, ItemOutcome.PARTLY)


def adoption_counts(letters: QuerySet[Suggestion]) -> dict[str, int]:
    """Suggestion items answered in the latest reply of each letter (a later reply replaces an
    earlier one): ``total``, ``adopted`` (adopted or partly adopted) and one count per outcome
    (``adopted_only``, ``partly``, ``not_adopted``, ``explained``)."""
    from django.db.models import Count

    from fengqiao.suggestions.models import ItemOutcome

    return latest_reply_items(letters).aggregate(
        total=Count("id"),
        adopted=Count("id", filter=Q(outcome__in=ADOPTED_OUTCOMES)),
        adopted_only=Count("id", filter=Q(outcome=ItemOutcome.ADOPTED)),
        partly=Count("id", filter=Q(outcome=ItemOutcome.PARTLY)),
        not_adopted=Count("id", filter=Q(outcome=ItemOutcome.NOT_ADOPTED)),
        explained=Count("id", filter=Q(outcome=ItemOutcome.EXPLAINED)),
    )


def signed_version(suggestion: Suggestion) -> SuggestionVersion | None:
    """The version that was signed (the last approved review run), else the latest."""
    run = suggestion.runs.filter(outcome="approved").select_related("version").order_by("-id")
    approved = run.first()
    return approved.version if approved else suggestion.latest_version()
