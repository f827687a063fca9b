"""Every read of 指导与统一标准, scoped to what the user may see (rules in ``policy.py``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from fengqiao.courts.models import Court, Role
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_courts
from fengqiao.guidance import policy
from fengqiao.guidance.defaults import built_in_templates
from fengqiao.guidance.models import ExchangeMeeting, GuidanceComment, LetterTemplate
from fengqiao.suggestions.models import (
    Suggestion,
    no_reply_q,
    replied_late_q,
    replied_on_time_q,
)
from fengqiao.suggestions.policy import DELIVERED_STATES
from fengqiao.suggestions.selectors import ADOPTED_OUTCOMES, latest_reply_items


def _court_user(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not user.is_recipient
        and user.court_id is not None
    )


# ---- comments ---------------------------------------------------------------------------------


def comments_visible(user) -> QuerySet[GuidanceComment]:
    """The same rule as ``policy.may_see_comment``, as a query."""
    if not _court_user(user):
        return GuidanceComment.objects.none()
    q = Q(suggestion__court_id=user.court_id, suggestion__drafter_id=user.pk)
    if user.has_role(Role.RESEARCH):
        q |= Q(suggestion__court_id=user.court_id)
    if has_permission(user, "guidance.comment"):
        q |= Q(author_court_id=user.court_id)
    return GuidanceComment.objects.filter(q).select_related(
        "suggestion__court", "author", "author_court", "responded_by", "read_by"
    )


def comments_on(user, suggestion: Suggestion) -> list[GuidanceComment]:
    return list(comments_visible(user).filter(suggestion=suggestion).order_by("created_at", "id"))


def commentable_letters(user, *, q: str = "", limit: int = 200) -> QuerySet[Suggestion]:
    """Issued letters of the courts strictly below the user's court (policy.comment_reason)."""
    if not _court_user(user) or not has_permission(user, "guidance.comment"):
        return Suggestion.objects.none()
    rows = (
        Suggestion.objects.issued()
        .filter(court__path__startswith=user.court.path)
        .exclude(court_id=user.court_id)
        .select_related("court")
    )
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    return rows.order_by("-signed_at", "-id")[:limit]


# ---- templates --------------------------------------------------------------------------------


def court_templates(user) -> QuerySet[LetterTemplate]:
    if not _court_user(user):
        return LetterTemplate.objects.none()
    return LetterTemplate.objects.filter(court_id=user.court_id).select_related(
        "adopted_from__court"
    )


def adoptable_templates(user) -> QuerySet[LetterTemplate]:
    """Templates an ancestor court has published (policy.template_adopt_reason)."""
    if not _court_user(user):
        return LetterTemplate.objects.none()
    return (
        LetterTemplate.objects.filter(shared=True, court_id__in=policy.ancestor_ids(user.court))
        .select_related("court")
        .order_by("court__path", "category", "id")
    )


@dataclass
class CategoryTemplates:
    category: str
    label: str
    own: list = field(default_factory=list)
    built_in: object = None


def templates_by_category(user) -> list[CategoryTemplates]:
    """For the writing guide: per category, the court's own and adopted templates and the
    built-in 2023 default."""
    from fengqiao.suggestions.models import Category

    groups = {v: CategoryTemplates(v, label) for v, label in Category.choices}
    for template in court_templates(user):
        groups[template.category].own.append(template)
    for built in built_in_templates():
        groups[built.category].built_in = built
    return list(groups.values())


def exemplary_entries(user, limit: int = 20):
    """The library's 优秀 entries (released shared versions only)."""
    from fengqiao.library.selectors import entries_visible

    return (
        entries_visible(user)
        .filter(excellent=True)
        .select_related("court")
        .order_by("-year", "-id")[:limit]
    )


def guide_context(user) -> dict:
    """What the writing guide shows of this app (court users only)."""
    if not _court_user(user):
        return {}
    from fengqiao.guidance.defaults import SOURCE_NOTE

    return {
        "template_groups": templates_by_category(user),
        "template_source": SOURCE_NOTE,
        "exemplary": list(exemplary_entries(user)),
    }


# ---- exchange meetings ------------------------------------------------------------------------


def exchanges_visible(user) -> QuerySet[ExchangeMeeting]:
    """Meetings organised by the user's court or one of its ancestors (policy.may_see_exchange)."""
    if not _court_user(user) or not has_permission(user, "guidance.view"):
        return ExchangeMeeting.objects.none()
    courts = [user.court_id, *policy.ancestor_ids(user.court)]
    return ExchangeMeeting.objects.filter(organiser_id__in=courts).select_related("organiser")


# ---- subtree figures side by side --------------------------------------------------------------


@dataclass
class CourtFigures:
    court: Court
    depth: int = 0
    issued: int = 0
    delivered: int = 0
    on_time: int = 0
    late: int = 0
    no_reply: int = 0
    items: int = 0
    adopted: int = 0
    scored: int = 0
    score_sum: float = 0.0

    @property
    def adoption_rate(self) -> float | None:
        return self.adopted / self.items if self.items else None

    @property
    def mean_score(self) -> float | None:
        return round(self.score_sum / self.scored, 1) if self.scored else None

    def add(self, other: CourtFigures) -> None:
        for name in ("issued", "delivered", "on_time", "late", "no_reply", "items", "adopted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.scored += other.scored
        self.score_sum += other.score_sum


def figures_courts(user) -> QuerySet[Court]:
    if not _court_user(user) or not has_permission(user, "guidance.figures"):
        return Court.objects.none()
    return visible_courts(user).order_by("path")


def subtree_figures(user, year: int, *, today: date | None = None) -> list[CourtFigures]:
    """One row per court the user may see (their subtree), in a constant number of queries:
    the year's letters (``.issued(year)``), delivered, replied on time / late / not at all
    (``replied_on_time_q``, ``replied_late_q``, ``no_reply_q``), adoption per item by the latest
    reply (``latest_reply_items``) and the mean rubric score of the scored letters (each letter's
    panel average, as 考评's quality per letter)."""
    from fengqiao.evaluation.models import Score

    today = today or timezone.localdate()
    courts = list(figures_courts(user))
    if not courts:
        return []
    base_depth = min(c.path.count("/") for c in courts)
    rows = {c.pk: CourtFigures(c, depth=c.path.count("/") - base_depth) for c in courts}
    letters = Suggestion.objects.filter(court_id__in=list(rows)).issued(year)
    for r in (
        letters.order_by()
        .values("court_id")
        .annotate(
            issued=Count("id"),
            delivered=Count("id", filter=Q(state__in=DELIVERED_STATES)),
            on_time=Count("id", filter=replied_on_time_q()),
            late=Count("id", filter=replied_late_q()),
            no_reply=Count("id", filter=no_reply_q(today)),
        )
    ):
        row = rows[r["court_id"]]
        row.issued, row.delivered = r["issued"], r["delivered"]
        row.on_time, row.late, row.no_reply = r["on_time"], r["late"], r["no_reply"]
    for r in (
        latest_reply_items(letters)
        .order_by()
        .values("reply__suggestion__court_id")
        .annotate(
            total=Count("id"),
            adopted=Count("id", filter=Q(outcome__in=ADOPTED_OUTCOMES)),
        )
    ):
        row = rows[r["reply__suggestion__court_id"]]
        row.items, row.adopted = r["total"], r["adopted"]
    per_letter: dict[int, list[float]] = defaultdict(list)
    for r in (
        Score.objects.filter(suggestion__in=letters.values("pk"))
        .order_by()
        .values("suggestion_id", "suggestion__court_id")
        .annotate(avg=Avg("total"))
    ):
        per_letter[r["suggestion__court_id"]].append(round(r["avg"], 1))
    for court_id, averages in per_letter.items():
        rows[court_id].scored = len(averages)
        rows[court_id].score_sum = sum(averages)
    return list(rows.values())


def figures_total(rows: list[CourtFigures]) -> CourtFigures | None:
    if not rows:
        return None
    total = CourtFigures(Court(name="合计"))
    for row in rows:
        total.add(row)
    return total
