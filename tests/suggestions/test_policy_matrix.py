"""One table drives the services, the pages and the API: for every action of the lifecycle
policy (``suggestions/policy.py``) and every kind of user, the policy's answer, the service's
behaviour, the actions the suggestion page shows and the API's ``available_actions`` agree —
and match the expected roles written out below (so the table itself is checked, not only
echoed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fengqiao.courts.models import Role
from fengqiao.suggestions import policy, services
from fengqiao.suggestions.corrections import suggestion_correct_date
from fengqiao.suggestions.models import Category, ItemOutcome, PreCommunication, State
from fengqiao.suggestions.policy import TransitionError
from fengqiao.suggestions.reply_reasons import reply_reason_set
from tests.suggestions.conftest import STAGES, committee_meeting, make, sign_on
from tests.suggestions.test_api_support import api  # noqa: F401  (fixture)

OWN_STAFF = [r for r in Role.values if r != Role.SUPERVISOR]
OTHERS = ["supervisor_mid", "supervisor_high", "judge_sibling", "judge_other"]
RECIPIENTS = ["recipient", "recipient_other"]
EVERYONE = OWN_STAFF + OTHERS + RECIPIENTS
R, J, DH = Role.RESEARCH, Role.JUDGE, Role.DIVISION_HEAD


def _today():
    return timezone.localdate()


def _content(s):
    return {**s.latest_version().content, "other_matters": ["已按意见修改。"]}


def _score(user, suggestion):
    from fengqiao.evaluation import services as evaluation

    if evaluation.current_rubric(suggestion.court) is None:
        evaluation.rubric_default_create(actor=user_of(suggestion, R), court=suggestion.court)
    points = {"evidence": 3, "causes": 2, "feasibility": 3}
    return evaluation.score_record(actor=user, suggestion=suggestion, points=points)


def user_of(suggestion, role):
    return suggestion.court.users.filter(role_grants__role=role).first()


# action → (stage to bring a 个案 suggestion to, who may act there, the service call)
CASES: dict[str, tuple[str, set[str], Callable]] = {
    "edit": (
        "drafting",
        {J, DH, R},  # the drafter (a judge), 庭长, 研究室
        lambda u, s: services.draft_save(actor=u, suggestion=s, content=_content(s)),
    ),
    "submit": ("drafting", {J, DH, R}, lambda u, s: services.review_submit(actor=u, suggestion=s)),
    "review": (
        "in_review",
        {DH},  # the first step of the 个案 chain: 部门负责人核稿 (the drafter's division)
        lambda u, s: services.review_act(
            actor=u, suggestion=s, approve=True, comment="同意", meeting=None
        ),
    ),
    "communicate": (
        "signed",
        {R},
        lambda u, s: services.communication_record(
            actor=u, suggestion=s, kind=PreCommunication.Kind.VISIT, held_on=_today()
        ),
    ),
    "opinion": (
        "pre_communication",
        {R, "recipient"},
        lambda u, s: services.communication_opinion(
            actor=u,
            communication=s.communications.first(),
            opinion="无不同意见",
            opinion_on=_today(),
        ),
    ),
    "revise": (
        "signed",
        {R},
        lambda u, s: services.suggestion_revise(actor=u, suggestion=s, reason="据意见修改"),
    ),
    "proceed": (
        "pre_communication",
        {R},
        lambda u, s: services.communication_conclude(actor=u, suggestion=s),
    ),
    "correct_date": (
        "delivered",
        {R},
        lambda u, s: (
            sign_on(s, s.delivered_on - timedelta(days=3)),  # room before the delivery
            suggestion_correct_date(
                suggestion=s,
                acting_user=u,
                event="delivery",
                new_date=s.delivered_on - timedelta(days=1),
                reason="更正笔误",
            ),
        ),
    ),
    "deliver": (
        "signed",
        {R},
        lambda u, s: services.delivery_record(
            actor=u, suggestion=s, method="in_person", delivered_on=_today()
        ),
    ),
    "extend": (
        "delivered",
        {R},
        lambda u, s: services.extension_grant(actor=u, suggestion=s, months=1, reason="请求延期"),
    ),
    "reply": (
        "delivered",
        {R, "recipient"},
        lambda u, s: services.reply_register(
            actor=u,
            suggestion=s,
            received_on=_today(),
            content="回函",
            items=[(1, ItemOutcome.ADOPTED, "")],
        ),
    ),
    "follow_up": (
        "delivered",
        {R},
        lambda u, s: services.follow_up_record(
            actor=u, suggestion=s, kind="visit", held_on=_today(), description="回访"
        ),
    ),
    "classify_reply": (
        "replied",
        {R},
        lambda u, s: (
            services.reply_register(  # (by the court's clerk) a reply that adopts nothing
                actor=s.clerk,
                suggestion=s,
                received_on=_today(),
                content="该事项不属于本单位职责。",
                items=[(1, ItemOutcome.NOT_ADOPTED, "")],
            ),
            reply_reason_set(actor=u, suggestion=s, item_index=1, reason="not_competent"),
        ),
    ),
    "complete": (
        "replied",
        {R},
        lambda u, s: services.suggestion_complete(actor=u, suggestion=s, completed_on=_today()),
    ),
    "archive": ("completed", {R}, lambda u, s: services.suggestion_archive(actor=u, suggestion=s)),
    "score": ("signed", {R}, _score),  # 考评 (h-score)
    "withdraw": (
        "drafting",
        {J, R},  # the drafter, 研究室
        lambda u, s: services.suggestion_withdraw(actor=u, suggestion=s, reason="情况变化"),
    ),
}


class _Rollback(Exception):
    pass


def _service_allows(call, user, suggestion) -> bool:
    """Run the service in a transaction that is rolled back; True when it went through."""
    try:
        with transaction.atomic():
            suggestion.refresh_from_db()
            call(user, suggestion)
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, TransitionError):
        return False
    finally:
        suggestion.refresh_from_db()  # the rolled-back service may have changed the object


def test_every_policy_action_is_in_the_matrix():
    assert set(CASES) == set(policy.SUGGESTION_RULES)


@pytest.mark.parametrize("action", list(CASES))
def test_policy_service_page_and_api_agree(world, client_for, api, action):  # noqa: F811
    stage, expected, call = CASES[action]
    s = make(world, category=Category.INDIVIDUAL, upto=stage)
    for who in EVERYONE:
        user = world.users[who]
        allowed = policy.allowed(user, s, action)
        assert allowed == (who in expected), (action, who)
        assert _service_allows(call, user, s) == allowed, (action, who, "service")
        if who in RECIPIENTS:
            continue  # no court page or court API for them
        page = client_for(user).get(reverse("suggestions:detail", args=[s.pk]))
        response = api(who, "get", f"/suggestions/{s.pk}")
        if who in OTHERS:  # another court: a draft is not even visible; a letter is read-only
            assert page.status_code in (200, 404) and response.status_code in (200, 404)
            if page.status_code == 200:
                assert page.context["can"] == {}, (action, who)
            continue
        assert page.status_code == 200
        assert bool(page.context["can"].get(action)) == allowed, (action, who, "page")
        shown = {a["action"] for a in response.json()["available_actions"]}
        assert (action in shown) == allowed, (action, who, "api")
        assert shown == set(page.context["can"]), (action, who)


@pytest.mark.parametrize("stage", STAGES)
def test_available_actions_follow_the_states_of_the_table(world, stage):
    """For the research office (who may do most), what is offered at each stage is exactly the
    rows whose states include the suggestion's state (and whose object check passes)."""
    s = make(world, category=Category.INDIVIDUAL, upto=stage)
    offered = policy.available_actions(world.users[R], s)
    by_state = [a for a, rule in policy.SUGGESTION_RULES.items() if s.state in rule.states]
    assert set(offered) <= set(by_state)
    if stage == "completed":
        assert "archive" in offered and "complete" not in offered
    if s.state == State.ARCHIVED:  # a closed file can still be scored (考评) and its
        assert sorted(offered) == ["classify_reply", "score"]  # replies analysed (反馈分析)


def test_refusals_say_why_in_chinese(world):
    s = make(world, category=Category.INDIVIDUAL, upto="drafting")
    with pytest.raises(TransitionError, match="“送达”只能在"):
        policy.require(world.users[R], s, "deliver")
    with pytest.raises(PermissionDenied, match="本院"):
        policy.require(world.users["judge_sibling"], s, "edit")
    with pytest.raises(PermissionDenied, match="本单位"):
        policy.require(world.users["recipient"], s, "edit")
    meeting = committee_meeting(world)
    assert policy.available_actions(world.users[R], meeting) == ["meeting.edit"]


def test_clue_actions_from_the_table_in_api_and_service(world, api):  # noqa: F811
    clue = services.clue_create(actor=world.users[J], title="物业服务监管", problem="纠纷多发")

    def offered(who: str) -> set[str]:
        rows = api(who, "get", "/clues").json()["items"]
        return {
            a["action"] for row in rows if row["id"] == clue.pk for a in row["available_actions"]
        }

    assert offered(R) == {"clue.triage"} and offered(DH) == {"clue.triage"}
    assert offered(J) == set()
    with pytest.raises(PermissionDenied):
        services.clue_triage(actor=world.users[J], clue=clue, decision="accept")
    services.clue_triage(actor=world.users[R], clue=clue, decision="accept")
    assert offered(R) == {"agenda.add_clue"}  # accepted: now it can go on an agenda
    meeting = committee_meeting(world)
    services.agenda_add(actor=world.users[R], meeting=meeting, clue=clue)
    assert offered(R) == set()  # on an open agenda item: not twice
