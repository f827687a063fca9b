"""Demo: 优秀司法建议评选 — a finished round of the high court (results published, winners
labelled 优秀 in the library, counted in 考评) and a round of the 连云港 intermediate court in
review (some scores in). Built through the services; called once from the demo builder."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fengqiao.courts.models import User
from fengqiao.selection import services
from fengqiao.selection.models import Review, Round
from fengqiao.suggestions.models import Suggestion
from fengqiao.suggestions.policy import DELIVERED_STATES

RECOMMENDATIONS = (
    "问题源于类案统计，建议与问题一一对应，被建议单位已书面回复并采纳。",
    "事前沟通充分，建议具体可行，推动被建议单位出台了专项管理制度。",
    "选题切中群众关切，原因分析深入，落实成效明显。",
)
COMMENTS = (
    "选题精准，数据翔实，建议可操作性强。",
    "问题分析透彻，建议可再细化责任分工和时限。",
    "论证较充分，个别建议略显原则。",
    "结构规范，证据以个案为主，统计数据略少。",
)
# opinion levels per (entry position, reviewer position): a clear order with one wild score
LEVELS = ((4, 3, 4), (3, 3, 4), (3, 2, 3), (2, 2, 2))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _letters(court_code: str) -> list[Suggestion]:
    return list(
        Suggestion.objects.filter(court__code=court_code, state__in=DELIVERED_STATES)
        .exclude(doc_number="")
        .filter(signed_at__isnull=False)
        .order_by("signed_at", "pk")
    )


def _score(round_: Round, *, only: int | None = None) -> None:
    reviews = list(
        Review.objects.filter(nomination__round=round_)
        .select_related("reviewer", "nomination")
        .order_by("nomination__code", "reviewer_id")
    )
    keys = [c["key"] for c in round_.opinion_criteria]
    for i, review in enumerate(reviews[:only] if only is not None else reviews):
        entry = (review.nomination.code or 1) - 1
        levels = LEVELS[min(entry, len(LEVELS) - 1)]
        if entry == 0 and i == 0:
            levels = (1, 1, 1)  # a wild score: flagged as an outlier in the results
        points = {}
        for key, level in zip(keys, levels, strict=False):
            criterion = next(c for c in round_.opinion_criteria if c["key"] == key)
            points[key] = min(level, criterion["max_points"])
        for key in keys[len(levels) :]:
            points[key] = 1
        services.review_submit(
            actor=review.reviewer,
            review=review,
            points=points,
            comment=COMMENTS[i % len(COMMENTS)],
        )


def _round(organiser: User, name: str, letters, reviewers, *, quota: int) -> Round | None:
    today = timezone.localdate()
    signed = [timezone.localdate(s.signed_at) for s in letters]
    round_ = services.round_open(
        actor=organiser,
        name=name,
        period_start=min(signed).replace(month=1, day=1),
        period_end=max(max(signed), today),
        nomination_deadline=today,
        review_deadline=today + timedelta(days=20),
        quota=quota,
        awards=(1, 1, 1, 0),
    )
    by_court: dict[int, int] = {}
    for i, letter in enumerate(letters):
        if by_court.get(letter.court_id, 0) >= quota:
            continue
        nominator = (
            User.objects.filter(
                court_id=letter.court_id, role_grants__role="research", is_active=True
            )
            .order_by("pk")
            .first()
        )
        if nominator is None:
            continue
        services.nomination_create(
            actor=nominator,
            round_=round_,
            suggestion=letter,
            recommendation=RECOMMENDATIONS[i % len(RECOMMENDATIONS)],
        )
        by_court[letter.court_id] = by_court.get(letter.court_id, 0) + 1
    services.round_set_reviewers(
        actor=organiser, round_=round_, reviewer_ids=[u.pk for u in reviewers]
    )
    services.review_start(actor=organiser, round_=round_)
    return round_


@transaction.atomic
def load_demo_selection() -> int:
    """Returns the number of rounds built (0 when the demo courts or letters are missing).
    Runs after the library demo, so the letters of 海州区 and 玄武区 courts take part."""
    high, mid = _user("gaoyuan"), _user("dudao")
    # the organisers' own research offices see who nominated what: never on a panel; each
    # court's entries need three reviewers from other courts
    reviewers = [_user(u) for u in ("dudao", "xuanwu", "haizhou", "faguan")]
    city = _letters("苏0791") + _letters("苏0706")
    letters = city + _letters("苏0102")
    if Round.objects.exists() or None in (high, mid, *reviewers) or len(letters) < 2:
        return 0
    year = max(timezone.localdate(s.signed_at).year for s in letters)
    finished = _round(high, f"{year}年度全省法院优秀司法建议评选", letters, reviewers, quota=2)
    _score(finished)
    services.results_publish(actor=high, round_=finished)
    # the finished round happened in the past: its deadlines before today
    today = timezone.localdate()
    Round.objects.filter(pk=finished.pk).update(
        nomination_deadline=today - timedelta(days=30),
        review_deadline=today - timedelta(days=10),
        created_at=timezone.now() - timedelta(days=45),
        review_started_at=timezone.now() - timedelta(days=29),
    )
    # the intermediate court's panel: its own subtree only (连云港 courts), three of each
    # basic court for the other court's entries
    names = ("haizhou", "haizhou_yjs", "cb070601", "faguan2", "tingzhang", "shenweihui")
    panel = [_user(u) for u in names]
    if None in panel:
        return 1
    in_review = _round(mid, f"{year}年度连云港法院优秀司法建议评选", city, panel, quota=2)
    _score(in_review, only=2)
    return 2
