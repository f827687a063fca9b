"""Every read of the selection rounds, scoped (policy.py): a round is seen only inside its
organiser's subtree; a reviewer reads only their own assignments, by code; nominations with
their courts are shown to the organiser, and to each court its own."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from fengqiao.courts.permissions import has_permission
from fengqiao.library import sharing
from fengqiao.selection import policy
from fengqiao.selection.models import Nomination, Review, Round
from fengqiao.suggestions.models import Suggestion
from fengqiao.suggestions.policy import DELIVERED_STATES


def rounds_visible(user) -> QuerySet[Round]:
    if not has_permission(user, "selection.view") or user.court_id is None:
        return Round.objects.none()
    return Round.objects.filter(organiser_id__in=policy.ancestor_ids(user.court)).select_related(
        "organiser"
    )


def round_rows(user) -> QuerySet[Round]:
    return rounds_visible(user).annotate(entries=Count("nominations", distinct=True))


def nominations_for(user, round_: Round) -> QuerySet[Nomination]:
    """With court and letter: all of them for the organiser, the user's court's own for a
    nominating court's research office, nothing for anyone else."""
    rows = Nomination.objects.filter(round=round_).select_related("court", "suggestion")
    if policy.is_organiser(user, round_):
        return rows.order_by("code", "nominated_at", "pk")
    if policy.may_nominate(user, round_):
        return rows.filter(court_id=user.court_id).order_by("nominated_at", "pk")
    return Nomination.objects.none()


def my_reviews(user, round_: Round) -> QuerySet[Review]:
    """The reviewer's assignments in the round (no court, no letter loaded)."""
    return (
        Review.objects.filter(reviewer_id=user.pk, nomination__round=round_)
        .select_related("nomination")
        .order_by("nomination__code")
    )


def review_for(user, round_: Round, pk: int) -> Review | None:
    return my_reviews(user, round_).filter(pk=pk).first()


def other_totals(review: Review) -> list[float]:
    """The other reviewers' totals of the same entry — only once ``review`` is submitted."""
    if review.submitted_at is None:
        return []
    return list(
        Review.objects.filter(nomination_id=review.nomination_id, submitted_at__isnull=False)
        .exclude(pk=review.pk)
        .order_by("pk")
        .values_list("total", flat=True)
    )


def progress(round_: Round) -> list[dict]:
    """For the organiser: per entry, assigned and submitted reviews."""
    rows = (
        Nomination.objects.filter(round=round_)
        .select_related("court", "suggestion")
        .annotate(
            assigned=Count("reviews", distinct=True),
            submitted=Count(
                "reviews", filter=Q(reviews__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("code", "pk")
    )
    return list(rows)


def pending_reviews(round_: Round) -> list[Review]:
    """For the organiser: the assignments not yet scored, with their reviewer's court."""
    return list(
        Review.objects.filter(nomination__round=round_, submitted_at__isnull=True)
        .select_related("reviewer__court", "nomination__court")
        .order_by("nomination__code", "reviewer__username")
    )


def nominable(user, round_: Round) -> QuerySet[Suggestion]:
    """The user's court's issued letters signed within the round's period, not yet nominated."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(round_.period_start, time.min), tz)
    end = timezone.make_aware(datetime.combine(round_.period_end + timedelta(days=1), time.min), tz)
    return (
        Suggestion.objects.filter(
            court_id=user.court_id,
            state__in=DELIVERED_STATES,
            signed_at__gte=start,
            signed_at__lt=end,
        )
        .exclude(doc_number="")
        .exclude(nominations__round=round_)
        .order_by("-signed_at")
    )


def results(user, round_: Round) -> list[Nomination]:
    """The published ranking (the organiser may also see it being computed before)."""
    if not policy.may_see_results(user, round_):
        return []
    return list(
        Nomination.objects.filter(round=round_)
        .select_related("court", "suggestion")
        .order_by("rank", "code")
    )


def awards_of(suggestion_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The tiers won in published rounds: {suggestion id: [(tier, round name), …]} — the
    考评 hook (evaluation.selectors.letter_points)."""
    out: dict[int, list[tuple[str, str]]] = {}
    if not suggestion_ids:
        return out
    rows = (
        Nomination.objects.filter(
            suggestion_id__in=suggestion_ids, round__state=Round.State.FINISHED
        )
        .exclude(tier="")
        .order_by("round__published_at", "pk")
        .values_list("suggestion_id", "tier", "round__name")
    )
    for sid, tier, name in rows:
        out.setdefault(sid, []).append((tier, name))
    return out


def is_issued(suggestion: Suggestion) -> bool:
    return sharing.is_issued(suggestion)
