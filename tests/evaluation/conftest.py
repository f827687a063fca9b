"""Letters for 考评 tests, written straight to the database at the stage a test needs (the
lifecycle itself is tested in tests/suggestions); the scores go through the services."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count

import pytest
from django.utils import timezone

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.evaluation import services
from fengqiao.evaluation.models import Rubric, Score
from fengqiao.suggestions.models import (
    Category,
    FollowUp,
    Reply,
    ReplyItem,
    State,
    Suggestion,
)

_seq = count(1)


def signed(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def make_letter(
    court,
    drafter,
    recipient,
    *,
    signed_on: date,
    state: str = State.SIGNED,
    delivered_on: date | None = None,
    reply_due_on: date | None = None,
    replied_on: date | None = None,
    division=None,
    title: str = "关于加强物业服务监管的司法建议书",
) -> Suggestion:
    n = next(_seq)
    return Suggestion.objects.create(
        court=court,
        division=division,
        category=Category.GOVERNANCE,
        title=title,
        recipient=recipient,
        state=state,
        drafter=drafter,
        doc_number=f"{court.short_name}法建〔{signed_on.year}〕{n}号",
        number_year=signed_on.year,
        number_seq=n,
        signed_at=signed(signed_on),
        delivered_on=delivered_on,
        reply_due_on=reply_due_on,
        replied_on=replied_on,
    )


def add_reply(letter, by, received_on: date, outcomes: list[str]) -> Reply:
    reply = Reply.objects.create(
        suggestion=letter, received_on=received_on, content="回函", filed_by=by
    )
    ReplyItem.objects.bulk_create(
        [ReplyItem(reply=reply, item_index=i, outcome=o) for i, o in enumerate(outcomes, 1)]
    )
    return reply


def add_follow_up(letter, by, kind: str, held_on: date, rule_name: str = "") -> FollowUp:
    return FollowUp.objects.create(
        suggestion=letter,
        kind=kind,
        held_on=held_on,
        description="情况",
        rule_name=rule_name,
        created_by=by,
    )


def give_score(letter, scorer, total: float) -> Score:
    """A score row with a given total (ranking tests), under the court's current rubric."""
    rubric = services.current_rubric(letter.court) or Rubric.objects.create(
        court=letter.court, name="测试标准", version=1
    )
    return Score.objects.create(suggestion=letter, rubric=rubric, scorer=scorer, total=total)


@pytest.fixture
def research(world):
    return world.users[Role.RESEARCH]


@pytest.fixture
def high_research(world):
    return court_services.user_create(
        username="u_high_research",
        password="Test-pass-2026",
        full_name="高院研究室",
        court=world.high,
        roles=[Role.RESEARCH],
    )


@pytest.fixture
def sibling_research(world):
    return court_services.user_create(
        username="u_sib_research",
        password="Test-pass-2026",
        full_name="海州研究室",
        court=world.basic_sibling,
        roles=[Role.RESEARCH],
    )


@pytest.fixture
def rubric(world, research):
    return services.rubric_default_create(actor=research, court=world.basic)


OPINION_POINTS = {"evidence": 4, "causes": 3, "feasibility": 4}
