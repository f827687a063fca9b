"""反馈分析: the clerk classifies why items were not (fully) adopted, or a letter got no reply."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.models import (
    FollowUp,
    ItemOutcome,
    OutcomeReason,
    Reply,
    ReplyItem,
    Suggestion,
)
from fengqiao.suggestions.policy import TransitionError
from fengqiao.suggestions.reply_reasons import NO_REPLY, reason_targets, reply_reason_set
from fengqiao.suggestions.selectors import latest_reply_items
from tests.suggestions.test_api_support import api  # noqa: F401  (fixture)


def _replied(world, make_suggestion, outcomes, measures=("", "")):
    s = make_suggestion(world, upto="delivered")
    services.reply_register(
        actor=world.users[Role.RESEARCH],
        suggestion=s,
        received_on=timezone.localdate(),
        content="来函收悉，现函复如下。",
        items=[(i, o, m) for i, (o, m) in enumerate(zip(outcomes, measures, strict=True), 1)],
    )
    s.refresh_from_db()
    return s


def test_targets_are_the_non_adopted_items_with_proposals(world, make_suggestion):
    s = _replied(
        world,
        make_suggestion,
        [ItemOutcome.ADOPTED, ItemOutcome.NOT_ADOPTED],
        ("已落实", "该事项不属于本单位职责。"),
    )
    targets = reason_targets(s)
    assert [(t.item_index, t.outcome) for t in targets] == [(2, ItemOutcome.NOT_ADOPTED)]
    assert targets[0].proposal.reason == OutcomeReason.NOT_COMPETENT
    assert "‘不属于本单位职责’" in targets[0].proposal.why


def test_clerk_sets_a_reason_audited_with_the_proposal(world, make_suggestion):
    s = _replied(
        world,
        make_suggestion,
        [ItemOutcome.PARTLY, ItemOutcome.EXPLAINED],
        ("目前经费不足，难以实施。", "已另行出台规定。"),
    )
    clerk = world.users[Role.RESEARCH]
    reply_reason_set(
        actor=clerk, suggestion=s, item_index=1, reason=OutcomeReason.COMMUNICATION, note="补充"
    )
    item = ReplyItem.objects.get(reply__suggestion=s, item_index=1)
    assert (item.reason, item.reason_note, item.reason_by) == ("communication", "补充", clerk)
    entry = AuditEntry.objects.filter(code="reply.classify").get()
    assert entry.after["reason"] == "communication"
    assert entry.after["proposed"] == "infeasible"  # what the classifier had proposed
    assert entry.after["cues"] == ["难以实施", "经费不足"]
    assert entry.before == {"reason": "", "note": ""}
    assert "沟通不到位" in entry.action


def test_only_non_adopted_outcomes_take_a_reason(world, make_suggestion):
    s = _replied(world, make_suggestion, [ItemOutcome.ADOPTED, ItemOutcome.NOT_ADOPTED])
    clerk = world.users[Role.RESEARCH]
    with pytest.raises(TransitionError, match="已被采纳"):
        reply_reason_set(actor=clerk, suggestion=s, item_index=1, reason="other", note="x")
    with pytest.raises(ValidationError, match="没有第 5 条"):
        reply_reason_set(actor=clerk, suggestion=s, item_index=5, reason="changed")
    with pytest.raises(TransitionError, match="逾期未回复"):  # it was replied: no letter reason
        reply_reason_set(actor=clerk, suggestion=s, item_index=None, reason="changed")
    with pytest.raises(ValidationError, match="写明原因"):
        reply_reason_set(actor=clerk, suggestion=s, item_index=2, reason="other")
    with pytest.raises(ValidationError, match="从列表中选择"):
        reply_reason_set(actor=clerk, suggestion=s, item_index=2, reason="bogus")
    assert not AuditEntry.objects.filter(code="reply.classify").exists()


def test_a_later_reply_replaces_the_earlier_one(world, make_suggestion):
    s = _replied(world, make_suggestion, [ItemOutcome.NOT_ADOPTED, ItemOutcome.ADOPTED])
    clerk = world.users[Role.RESEARCH]
    reply_reason_set(actor=clerk, suggestion=s, item_index=1, reason="changed")
    services.reply_register(
        actor=clerk,
        suggestion=s,
        received_on=timezone.localdate(),  # same day, later entry: it is the latest
        content="补充函复。",
        items=[(1, ItemOutcome.ADOPTED, "已落实"), (2, ItemOutcome.PARTLY, "")],
    )
    latest = Reply.objects.filter(suggestion=s).order_by("-id").first()
    assert set(latest_reply_items(Suggestion.objects.filter(pk=s.pk))) == set(latest.items.all())
    assert [(t.item_index, t.reason) for t in reason_targets(s)] == [(2, "")]
    with pytest.raises(TransitionError):
        reply_reason_set(actor=clerk, suggestion=s, item_index=1, reason="changed")


def test_no_reply_letter_takes_a_letter_reason(world, make_suggestion):
    past = timezone.localdate() - timedelta(days=100)
    s = make_suggestion(world, upto="delivered", delivered_on=past)
    assert s.is_overdue
    services.follow_up_record(
        actor=world.users[Role.RESEARCH],
        suggestion=s,
        kind=FollowUp.Kind.REMINDER,
        held_on=timezone.localdate(),
        description="电话督促，对方称此前不了解该建议。",
    )
    [target] = reason_targets(s)
    assert (target.item_index, target.outcome) == (None, NO_REPLY)
    assert target.proposal.reason == OutcomeReason.COMMUNICATION
    reply_reason_set(
        actor=world.users[Role.RESEARCH], suggestion=s, item_index=None, reason="communication"
    )
    s.refresh_from_db()
    assert s.no_reply_reason == "communication"


def test_not_yet_due_letter_asks_for_nothing(world, make_suggestion):
    s = make_suggestion(world, upto="delivered")
    assert reason_targets(s) == []
    with pytest.raises(TransitionError):
        reply_reason_set(
            actor=world.users[Role.RESEARCH], suggestion=s, item_index=None, reason="changed"
        )


@pytest.mark.parametrize("who", [Role.JUDGE, "supervisor_mid", "judge_other", "recipient"])
def test_only_the_clerk_of_the_court_classifies(world, make_suggestion, who):
    s = _replied(world, make_suggestion, [ItemOutcome.NOT_ADOPTED, ItemOutcome.ADOPTED])
    with pytest.raises(PermissionDenied):
        reply_reason_set(actor=world.users[who], suggestion=s, item_index=1, reason="changed")


def test_suggestion_page_shows_proposal_and_saves_the_choice(world, make_suggestion, client_for):
    s = _replied(
        world,
        make_suggestion,
        [ItemOutcome.NOT_ADOPTED, ItemOutcome.ADOPTED],
        ("该事项不属于本单位职责。", ""),
    )
    client = client_for(world.users[Role.RESEARCH])
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "因回复中出现‘不属于本单位职责’而建议：职责不属" in page
    assert 'data-testid="reason-form"' in page
    response = client.post(
        reverse("suggestions:act", args=[s.pk, "classify_reply"]),
        {"item": "1", "reason": "not_competent", "note": ""},
    )
    assert response.status_code == 302
    assert ReplyItem.objects.get(reply__suggestion=s, item_index=1).reason == "not_competent"
    # a judge of the court sees the reason but gets no form; a bad choice is a message, not a 500
    judge_page = client_for(world.users[Role.JUDGE]).get(reverse("suggestions:detail", args=[s.pk]))
    assert "职责不属" in judge_page.content.decode()
    assert 'data-testid="reason-form"' not in judge_page.content.decode()
    bad = client_for(world.users[Role.RESEARCH]).post(
        reverse("suggestions:act", args=[s.pk, "classify_reply"]),
        {"item": "1", "reason": "nonsense"},
        follow=True,
    )
    assert bad.status_code == 200 and "原因" in bad.content.decode()


def test_api_lists_targets_and_sets_a_reason(world, make_suggestion, api):  # noqa: F811
    s = _replied(
        world,
        make_suggestion,
        [ItemOutcome.EXPLAINED, ItemOutcome.ADOPTED],
        ("因机构改革，情况已发生变化。", ""),
    )
    url = f"/suggestions/{s.pk}/reply-reasons"
    listed = api(Role.JUDGE, "get", url)
    assert listed.status_code == 200
    [target] = listed.json()
    assert (target["item_index"], target["proposed"], target["reason"]) == (1, "changed", "")
    assert target["why"] == "因回复中出现‘情况已发生变化’、‘机构改革’而建议：情况已变化"
    assert api(Role.JUDGE, "post", url, {"item": 1, "reason": "changed"}).status_code == 403
    assert api("judge_other", "get", url).status_code == 404
    bad = api(Role.RESEARCH, "post", url, {"item": 1, "reason": "nonsense"})
    assert bad.status_code in (400, 422) and bad.json()["code"]
    done = api(Role.RESEARCH, "post", url, {"item": 1, "reason": "changed", "note": "见回函"})
    assert done.status_code == 200
    assert (done.json()[0]["reason"], done.json()[0]["note"]) == ("changed", "见回函")
    adopted = api(Role.RESEARCH, "post", url, {"item": 2, "reason": "changed"})
    assert adopted.status_code == 409 and "已被采纳" in adopted.json()["detail"]
