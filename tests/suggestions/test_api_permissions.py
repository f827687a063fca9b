"""Who may take each lifecycle step through the API — the same rules as the pages.

For every step: a user of the owner court with the wrong role gets 403 ``permission_denied``;
a user of another court (sibling or unrelated) gets 404 ``not_found`` (the object is fetched
through the scoped selectors first); a recipient cannot act on court-internal steps (404: it
does not see the suggestion), and can only reply / give its opinion on letters sent to its own
unit. Then the right user takes the step, which proves the wrong ones were refused for the
right reason and changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from fengqiao.courts.models import Role
from fengqiao.suggestions.models import AgendaItem, Clue, Meeting, PreCommunication, Suggestion
from tests.suggestions.conftest import approve_step, committee_meeting, letter_content, make
from tests.suggestions.test_api_support import api, assert_error  # noqa: F401  (fixture)

OUTSIDERS = ["judge_sibling", "judge_other"]
TODAY = timezone.localdate


@dataclass
class Step:
    name: str
    stage: str  # make_suggestion stage to start from
    method: str
    path: str  # {id} = suggestion id, {comm} = its first communication
    body: Any
    right: str
    forbidden: list[str]
    hidden: list[str] = field(default_factory=list)  # besides OUTSIDERS: 404
    approvals: int = 0  # review steps to approve (by services) after reaching ``stage``
    expect: int = 200


def _body(world, step: Step) -> Any:
    return step.body(world) if callable(step.body) else step.body


REVIEW = {"approve": True, "comment": "同意"}

STEPS = [
    Step(
        "draft_save",
        "drafting",
        "put",
        "/suggestions/{id}/draft",
        lambda w: {"content": letter_content(w.basic.name, n=3), "note": "第二稿"},
        right=Role.JUDGE,
        forbidden=[Role.COMMITTEE, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.ADMIN],
        hidden=["recipient", "supervisor_mid"],
    ),
    Step(
        "submit",
        "drafting",
        "post",
        "/suggestions/{id}/submit",
        None,
        right=Role.JUDGE,
        forbidden=[Role.COMMITTEE, Role.PRESIDENT, Role.ADMIN],
        hidden=["recipient", "supervisor_mid"],
    ),
    Step(
        "review: 部门负责人核稿",
        "in_review",
        "post",
        "/suggestions/{id}/review",
        REVIEW,
        right=Role.DIVISION_HEAD,
        forbidden=[Role.JUDGE, Role.RESEARCH, Role.PRESIDENT, Role.COMMITTEE],
        hidden=["recipient", "supervisor_mid", "supervisor_high"],
    ),
    Step(
        "review: 研究室审核",
        "in_review",
        "post",
        "/suggestions/{id}/review",
        REVIEW,
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.DIVISION_HEAD, Role.PRESIDENT],
        hidden=["recipient", "supervisor_mid"],
        approvals=1,
    ),
    Step(
        "review: 审委会审议",
        "in_review",
        "post",
        "/suggestions/{id}/review",
        lambda w: {**REVIEW, "meeting_id": committee_meeting(w).pk},
        right=Role.COMMITTEE,
        forbidden=[Role.JUDGE, Role.RESEARCH, Role.PRESIDENT],
        hidden=["recipient", "supervisor_mid"],
        approvals=2,
    ),
    Step(
        "review: 院长签发",
        "ready_to_sign",
        "post",
        "/suggestions/{id}/review",
        REVIEW,
        right=Role.PRESIDENT,
        forbidden=[Role.VICE_PRESIDENT, Role.RESEARCH, Role.COMMITTEE, Role.JUDGE],
        hidden=["recipient", "supervisor_mid"],
    ),
    Step(
        "communications",
        "signed",
        "post",
        "/suggestions/{id}/communications",
        lambda w: {"kind": "notice", "held_on": TODAY().isoformat()},
        right=Role.RESEARCH,
        # a signed letter is visible to the superior court's supervisor, who may not register
        forbidden=[Role.JUDGE, Role.PRESIDENT, Role.ADMIN, "supervisor_mid"],
        hidden=["recipient"],
        expect=201,
    ),
    Step(
        "revise",
        "signed",
        "post",
        "/suggestions/{id}/revise",
        {"reason": "被建议单位提出修改意见"},
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.PRESIDENT, "supervisor_mid"],
        hidden=["recipient"],
    ),
    Step(
        "opinion",
        "pre_communication",
        "post",
        "/communications/{comm}/opinion",
        lambda w: {"opinion": "无不同意见", "opinion_on": TODAY().isoformat()},
        right="recipient",
        forbidden=[Role.JUDGE, Role.PRESIDENT, "supervisor_mid"],
        hidden=["recipient_other"],
    ),
    Step(
        "deliveries",
        "signed",
        "post",
        "/suggestions/{id}/deliveries",
        lambda w: {"method": "post", "delivered_on": TODAY().isoformat()},
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.DIVISION_HEAD, Role.PRESIDENT, "supervisor_mid"],
        hidden=["recipient"],
        expect=201,
    ),
    Step(
        "extensions",
        "delivered",
        "post",
        "/suggestions/{id}/extensions",
        {"months": 2, "reason": "被建议单位申请延期"},
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.PRESIDENT, "supervisor_high"],
        hidden=["recipient"],
        expect=201,
    ),
    Step(
        "replies (recipient)",
        "delivered",
        "post",
        "/suggestions/{id}/replies",
        lambda w: {
            "received_on": TODAY().isoformat(),
            "content": "函复如下",
            "items": [{"index": 1, "outcome": "adopted"}],
        },
        right="recipient",
        forbidden=[Role.JUDGE, Role.PRESIDENT, "supervisor_mid"],
        hidden=["recipient_other"],
        expect=201,
    ),
    Step(
        "replies (research)",
        "delivered",
        "post",
        "/suggestions/{id}/replies",
        lambda w: {"received_on": TODAY().isoformat(), "content": "纸质回函", "items": []},
        right=Role.RESEARCH,
        forbidden=[Role.DIVISION_HEAD],
        hidden=["recipient_other"],
        expect=201,
    ),
    Step(
        "follow-ups",
        "replied",
        "post",
        "/suggestions/{id}/follow-ups",
        lambda w: {"kind": "visit", "held_on": TODAY().isoformat(), "description": "回访"},
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.PRESIDENT, "supervisor_mid"],
        hidden=["recipient"],
        expect=201,
    ),
    Step(
        "complete",
        "follow_up",
        "post",
        "/suggestions/{id}/complete",
        {},
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.PRESIDENT, "supervisor_mid"],
        hidden=["recipient"],
    ),
    Step(
        "archive",
        "completed",
        "post",
        "/suggestions/{id}/archive",
        None,
        right=Role.RESEARCH,
        forbidden=[Role.JUDGE, Role.DIVISION_HEAD, "supervisor_high"],
        hidden=["recipient"],
    ),
    Step(
        "withdraw",
        "drafting",
        "post",
        "/suggestions/{id}/withdraw",
        {"reason": "情况已变化"},
        right=Role.RESEARCH,
        forbidden=[Role.COMMITTEE, Role.PRESIDENT, Role.DIVISION_HEAD],
        hidden=["recipient", "supervisor_mid"],
    ),
]


@pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])
def test_step_permissions(api, world, step: Step):  # noqa: F811
    suggestion = make(world, upto=step.stage)
    for _ in range(step.approvals):
        approve_step(world, suggestion)
    comm = PreCommunication.objects.filter(suggestion=suggestion).first()
    path = step.path.format(id=suggestion.pk, comm=getattr(comm, "pk", 0))
    suggestion.refresh_from_db()
    before = (suggestion.state, suggestion.updated_at)
    for who in step.forbidden:
        assert_error(api(who, step.method, path, _body(world, step)), 403, "permission_denied")
    for who in [*OUTSIDERS, *step.hidden]:
        assert_error(api(who, step.method, path, _body(world, step)), 404, "not_found")
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.updated_at) == before, "a refused call changed it"
    response = api(step.right, step.method, path, _body(world, step))
    assert response.status_code == step.expect, response.content[:600]


def test_recipient_cannot_review_even_its_own_letter(api, world):  # noqa: F811
    suggestion = make(world, upto="in_review")
    path = f"/suggestions/{suggestion.pk}/review"
    assert_error(api("recipient", "post", path, REVIEW), 404, "not_found")
    delivered = make(world, upto="delivered", title="已送达的建议")
    # visible to the recipient for replying — but reviewing is not a recipient's business
    assert_error(
        api("recipient", "post", f"/suggestions/{delivered.pk}/review", REVIEW), 404, "not_found"
    )
    assert_error(api("recipient", "get", f"/suggestions/{delivered.pk}"), 403, "permission_denied")
    assert_error(api("recipient", "get", "/suggestions"), 403, "permission_denied")


@pytest.mark.parametrize(
    "who,status",
    [
        (Role.JUDGE, 200),
        (Role.ADMIN, 200),
        ("supervisor_mid", 404),  # drafts of a subordinate court stay inside it
        ("judge_sibling", 404),
        ("judge_other", 404),
        ("recipient", 403),
    ],
)
def test_read_draft(api, world, who, status):  # noqa: F811
    suggestion = make(world, upto="drafting")
    for path in [f"/suggestions/{suggestion.pk}", f"/suggestions/{suggestion.pk}/letter.docx"]:
        response = api(who, "get", path)
        assert response.status_code == status, (who, path)


@pytest.mark.parametrize(
    "who,status",
    [
        ("supervisor_mid", 200),
        ("supervisor_high", 200),
        ("judge_sibling", 404),
        ("judge_other", 404),
    ],
)
def test_read_signed(api, world, who, status):  # noqa: F811
    suggestion = make(world, upto="signed")
    assert api(who, "get", f"/suggestions/{suggestion.pk}").status_code == status


# ---- clues and meetings ---------------------------------------------------------------------


def test_clue_and_meeting_permissions(api, world):  # noqa: F811
    body = {"title": "校园周边食品安全", "problem": "多起相关案件"}
    assert_error(api("recipient", "post", "/clues", body), 403, "permission_denied")
    assert_error(api(Role.ADMIN, "post", "/clues", body), 403, "permission_denied")
    clue_id = api(Role.JUDGE, "post", "/clues", body).json()["id"]

    triage = f"/clues/{clue_id}/triage"
    assert_error(api(Role.JUDGE, "post", triage, {"decision": "accept"}), 403, "permission_denied")
    for who in OUTSIDERS:
        assert_error(api(who, "post", triage, {"decision": "accept"}), 404, "not_found")
    assert api(Role.DIVISION_HEAD, "post", triage, {"decision": "accept"}).status_code == 200
    assert api("judge_other", "get", "/clues").json()["count"] == 0
    assert_error(api("recipient", "get", "/clues"), 403, "permission_denied")

    meeting = {"kind": "division", "held_on": TODAY().isoformat()}
    for who in [Role.JUDGE, Role.COMMITTEE, "recipient", "supervisor_mid"]:
        assert_error(api(who, "post", "/meetings", meeting), 403, "permission_denied")
    meeting_id = api(Role.DIVISION_HEAD, "post", "/meetings", meeting).json()["id"]
    agenda = f"/meetings/{meeting_id}/agenda"
    assert_error(api(Role.JUDGE, "post", agenda, {"clue_id": clue_id}), 403, "permission_denied")
    for who in OUTSIDERS:
        assert_error(api(who, "post", agenda, {"clue_id": clue_id}), 404, "not_found")
    item_id = api(Role.RESEARCH, "post", agenda, {"clue_id": clue_id}).json()["id"]

    decide = f"/agenda/{item_id}/decide"
    body = {"decision": "send", "category": "class", "recipient_id": world.unit.pk}
    assert_error(api(Role.JUDGE, "post", decide, body), 403, "permission_denied")
    for who in OUTSIDERS:
        assert_error(api(who, "post", decide, body), 404, "not_found")
    # another court's recipient unit cannot be addressed: not visible → 404
    other = {**body, "recipient_id": world.unit_other.pk}
    assert_error(api(Role.RESEARCH, "post", decide, other), 404, "not_found")
    assert AgendaItem.objects.get(pk=item_id).decision == AgendaItem.Decision.PENDING
    result = api(Role.RESEARCH, "post", decide, body).json()
    assert Suggestion.objects.get(pk=result["suggestion_id"]).recipient_id == world.unit.pk
    assert Clue.objects.get(pk=clue_id).state == Clue.State.DECIDED


def test_meetings_and_suggestions_of_other_courts_cannot_be_used(api, world):  # noqa: F811
    suggestion = make(world, upto="in_review")
    approve_step(world, suggestion)
    approve_step(world, suggestion)  # now at 审委会审议
    sibling_meeting = Meeting.objects.create(
        court=world.basic_sibling,
        kind=Meeting.Kind.COMMITTEE,
        held_on=TODAY(),
        created_by=world.users["judge_sibling"],
    )
    body = {**REVIEW, "meeting_id": sibling_meeting.pk}
    path = f"/suggestions/{suggestion.pk}/review"
    assert_error(api(Role.COMMITTEE, "post", path, body), 404, "not_found")
    # without a meeting the service refuses with a Chinese reason
    assert_error(api(Role.COMMITTEE, "post", path, REVIEW), 400, "invalid")
    # a sibling court's user cannot put our suggestion on its agenda
    assert_error(
        api(
            "judge_sibling",
            "post",
            f"/meetings/{sibling_meeting.pk}/agenda",
            {"suggestion_id": suggestion.pk},
        ),
        404,
        "not_found",
    )
