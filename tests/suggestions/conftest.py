"""Builders for suggestion tests: complete letter content and suggestions at any stage.

Usage (``world`` is the court tree of ``tests/conftest.py``)::

    def test_something(world, make_suggestion, advance):
        s = make_suggestion(world, category=Category.GOVERNANCE, upto="delivered")
        s = advance(world, s, upto="replied")

Every step goes through the real services, acted by the ``world`` user whose role the step
needs, so what a test gets is exactly what the lifecycle produces.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.letters import EMPTY_CONTENT
from fengqiao.suggestions.models import (
    Category,
    FollowUp,
    ItemOutcome,
    Meeting,
    PreCommunication,
    State,
    Suggestion,
)

# The stages a suggestion can be brought to, in lifecycle order. "ready_to_sign" = in review,
# every step approved except the signing one; "completed" = 办结 (state follow_up, archive due).
STAGES = [
    "drafting",
    "in_review",
    "ready_to_sign",
    "signed",
    "pre_communication",
    "delivered",
    "replied",
    "follow_up",
    "completed",
    "archived",
]


def letter_content(
    court_name: str, *, topic: str = "住宅小区物业服务监管", n: int = 2, **overrides: Any
) -> dict[str, Any]:
    """Structured content that passes review_submit and the format checker."""
    problems = [
        {
            "heading": f"{topic}中存在的第{i}个突出问题。",
            "body": f"我院审理的相关案件中，第{i}类纠纷反复出现，当事人权益难以得到及时保障。",
        }
        for i in range(1, n + 1)
    ]
    suggestions = [
        {
            "heading": f"针对第{i}个问题，完善相应的监管措施。",
            "body": f"建议建立健全第{i}项工作机制，加强日常监督检查，并定期通报整改情况。",
        }
        for i in range(1, n + 1)
    ]
    return {
        **EMPTY_CONTENT,
        "title": f"{court_name}关于加强{topic}的司法建议书",
        "topic": topic,
        "background": [
            f"{topic}事关人民群众切身利益。近年来，你单位做了大量工作，取得了明显成效。",
        ],
        "problems": problems,
        "suggestions": suggestions,
        "contact_name": "周静",
        "contact_phone": "0518-82345678",
        **overrides,
    }


def committee_meeting(world) -> Meeting:
    """The owner court's 审判委员会 meeting (created once per test)."""
    meeting = Meeting.objects.filter(court=world.basic, kind=Meeting.Kind.COMMITTEE).first()
    return meeting or services.meeting_create(
        actor=world.users[Role.RESEARCH],
        kind=Meeting.Kind.COMMITTEE,
        held_on=timezone.localdate(),
        session_no="第1次",
    )


def step_actor(world, suggestion: Suggestion):
    """The ``world`` user who may act on the suggestion's active review step."""
    step_run = services.active_step(suggestion)
    assert step_run is not None, f"no active step for {suggestion} ({suggestion.state})"
    return world.users[step_run.step.role], step_run


def approve_step(world, suggestion: Suggestion, **kwargs: Any) -> Suggestion:
    actor, step_run = step_actor(world, suggestion)
    if step_run.step.requires_meeting:
        kwargs.setdefault("meeting", committee_meeting(world))
    return services.review_act(
        actor=actor, suggestion=suggestion, approve=True, comment="同意", **kwargs
    )


def sign_on(suggestion: Suggestion, day: date) -> None:
    """Back-date the signing of an already signed letter (tests of past deliveries)."""
    signed_at = timezone.localtime(suggestion.signed_at)
    if signed_at.date() > day:
        Suggestion.objects.filter(pk=suggestion.pk).update(
            signed_at=signed_at.replace(year=day.year, month=day.month, day=day.day)
        )
        suggestion.refresh_from_db()


def advance(world, suggestion: Suggestion, *, upto: str, delivered_on: date | None = None):
    """Move ``suggestion`` forward (through the services) until it reaches stage ``upto``."""
    target = STAGES.index(upto)
    research = world.users[Role.RESEARCH]
    today = timezone.localdate()
    while True:
        suggestion.refresh_from_db()
        state = suggestion.state
        if state == State.DRAFTING:
            if target == STAGES.index("drafting"):
                return suggestion
            services.review_submit(actor=suggestion.drafter, suggestion=suggestion)
            if target == STAGES.index("in_review"):
                suggestion.refresh_from_db()
                return suggestion
        elif state == State.IN_REVIEW:
            step_run = services.active_step(suggestion)
            if step_run.step.signs and target <= STAGES.index("ready_to_sign"):
                return suggestion
            approve_step(world, suggestion)
        elif state in (State.SIGNED, State.PRE_COMMUNICATION):
            if target <= STAGES.index(state):
                return suggestion
            if target == STAGES.index("pre_communication"):
                services.communication_record(
                    actor=research,
                    suggestion=suggestion,
                    kind=PreCommunication.Kind.NOTICE,
                    held_on=today,
                    note="向被建议单位发送告知函及征求意见稿",
                )
            else:
                if delivered_on is not None and delivered_on < today:
                    sign_on(suggestion, delivered_on)  # a delivery follows its signing
                services.delivery_record(
                    actor=research,
                    suggestion=suggestion,
                    method="in_person",
                    delivered_on=delivered_on or today,
                )
        elif state == State.DELIVERED:
            if target <= STAGES.index("delivered"):
                return suggestion
            count = len(suggestion.latest_version().content["suggestions"])
            services.reply_register(
                actor=research,
                suggestion=suggestion,
                received_on=today,
                content="你院司法建议收悉，现将采纳落实情况函复如下。",
                items=[(i, ItemOutcome.ADOPTED, "已部署落实") for i in range(1, count + 1)],
            )
        elif state == State.REPLIED:
            if target <= STAGES.index("replied"):
                return suggestion
            services.follow_up_record(
                actor=research,
                suggestion=suggestion,
                kind=FollowUp.Kind.RULE,
                held_on=today,
                description="被建议单位出台专项管理办法",
                rule_name="住宅小区物业服务监督管理办法",
            )
        elif state == State.FOLLOW_UP:
            if target <= STAGES.index("follow_up") or (
                target == STAGES.index("completed") and suggestion.completed_on
            ):
                return suggestion
            if suggestion.completed_on is None:
                services.suggestion_complete(
                    actor=research, suggestion=suggestion, completed_on=today
                )
            else:
                services.suggestion_archive(actor=research, suggestion=suggestion)
        else:  # archived, withdrawn
            return suggestion


def make(
    world,
    *,
    category: str = Category.GOVERNANCE,
    upto: str = "signed",
    content: dict[str, Any] | None = None,
    minors_law: bool = False,
    drafter=None,
    title: str = "住宅小区物业服务监管",
    delivered_on: date | None = None,
) -> Suggestion:
    drafter = drafter or world.users[Role.JUDGE]
    suggestion = services.suggestion_create(
        actor=drafter,
        title=title,
        category=category,
        recipient=world.unit,
        minors_law=minors_law,
        content=content if content is not None else letter_content(world.basic.name, topic=title),
    )
    return advance(world, suggestion, upto=upto, delivered_on=delivered_on)


@pytest.fixture
def make_suggestion():
    """``make_suggestion(world, category=..., upto="delivered", content=..., ...)``."""
    return make


@pytest.fixture(name="advance")
def advance_fixture():
    """``advance(world, suggestion, upto="archived")``: continue a suggestion's lifecycle."""
    return advance


@pytest.fixture(name="letter_content")
def letter_content_fixture():
    """``letter_content(court_name, topic=..., n=2, **overrides)`` → complete draft content."""
    return letter_content
