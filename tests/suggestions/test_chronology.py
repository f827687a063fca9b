"""Issue 11, defect 5: the dates of a suggestion are a chronology, and 更正 corrects one.

Each event must fall in its place (after the event it follows, not in the future unless it is a
plan, within a sane range), through the services, the pages and the API alike; a mistaken date
is corrected by an audited action with a reason, which recomputes what depends on it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.chronology import ChronologyError
from fengqiao.suggestions.corrections import suggestion_correct_date
from fengqiao.suggestions.due_dates import archive_due, reply_due
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    Clue,
    FollowUp,
    ItemOutcome,
    Meeting,
    Notification,
    State,
)
from fengqiao.suggestions.reminders import send_reply_reminders
from tests.suggestions.test_api_support import api, assert_error  # noqa: F401

SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 10, tzinfo=SH)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def refused(call, *fragments: str) -> str:
    with pytest.raises(ChronologyError) as caught:
        call()
    text = "；".join(caught.value.messages)
    for fragment in fragments:
        assert fragment in text, text
    return text


# ---- meetings and decisions ---------------------------------------------------------------


def test_meetings_dated_1900_or_2099_are_refused(world, client_for, api):  # noqa: F811
    research = world.users[Role.RESEARCH]
    for day, fragment in ((date(1900, 1, 1), "早于 2000-01-01"), (date(2099, 6, 1), "超出")):
        refused(
            lambda d=day: services.meeting_create(actor=research, kind="committee", held_on=d),
            f"会议日期（{day.isoformat()}）",
            fragment,
        )
    # a meeting may be put on the calendar a few weeks ahead
    ahead = services.meeting_create(
        actor=research, kind="committee", held_on=TODAY + timedelta(days=30)
    )
    assert Meeting.objects.filter(court=world.basic).count() == 1

    page = client_for(research).post(
        reverse("suggestions:meeting_new"), {"kind": "committee", "held_on": "1900-01-01"}
    )
    assert page.status_code == 200
    assert "早于 2000-01-01" in page.context["form"].errors["held_on"][0]

    body = assert_error(
        api(Role.RESEARCH, "post", "/meetings", {"kind": "committee", "held_on": "2099-06-01"}),
        400,
        "invalid",
    )
    assert "会议日期（2099-06-01）" in body["detail"]
    response = api(
        Role.RESEARCH, "post", "/meetings", {"kind": "committee", "held_on": "1900-01-01"}
    )
    assert response.status_code == 422
    assert Meeting.objects.filter(court=world.basic).count() == 1

    # … but its decisions are recorded only once it has been held
    clue = services.clue_create(actor=research, title="线索", problem="问题")
    services.clue_triage(actor=research, clue=clue, decision="accept")
    item = services.agenda_add(actor=research, meeting=ahead, clue=clue)
    refused(
        lambda: services.agenda_decide(
            actor=research, item=item, decision=AgendaItem.Decision.NOT_SEND
        ),
        "会议召开后才能记录会议决定",
    )


# ---- the 告知函 and its reply-by date ------------------------------------------------------------


def test_notice_dated_2099_with_a_reply_by_in_2020_is_refused(
    world,
    make_suggestion,
    api,  # noqa: F811
):
    research = world.users[Role.RESEARCH]
    s = make_suggestion(world, upto="signed")

    def notice(held_on, respond_by):
        return services.communication_record(
            actor=research, suggestion=s, kind="notice", held_on=held_on, respond_by=respond_by
        )

    refused(
        lambda: notice(date(2099, 1, 1), date(2020, 1, 1)),
        "告知函日期（2099-01-01）不能晚于今天（2026-03-20）",
        "反馈期限（2020-01-01）不晚于告知函日期（2099-01-01）",
    )
    refused(lambda: notice(TODAY, date(2020, 1, 1)), "反馈期限（2020-01-01）不晚于告知函日期")
    refused(lambda: notice(TODAY, TODAY), "应在告知函日期之后")  # never on its own date
    refused(lambda: notice(TODAY, date(2099, 1, 1)), "反馈期限（2099-01-01）超出")
    body = assert_error(
        api(
            Role.RESEARCH,
            "post",
            f"/suggestions/{s.pk}/communications",
            {"kind": "notice", "held_on": "2099-01-01", "respond_by": "2020-01-01"},
        ),
        400,
        "invalid",
    )
    assert "告知函日期（2099-01-01）" in body["detail"]
    s.refresh_from_db()
    assert s.state == State.SIGNED and not s.communications.exists()

    item = notice(TODAY - timedelta(days=1), TODAY + timedelta(days=14))
    refused(
        lambda: services.communication_opinion(
            actor=research, communication=item, opinion="同意", opinion_on=TODAY - timedelta(days=3)
        ),
        "意见日期（2026-03-17）早于告知函日期（2026-03-19）",
    )


def test_a_notice_cannot_precede_the_deliberation_decision(world):
    research = world.users[Role.RESEARCH]
    meeting = services.meeting_create(actor=research, kind="division", held_on=date(2026, 3, 10))
    clue = services.clue_create(actor=research, title="物业服务监管", problem="问题")
    services.clue_triage(actor=research, clue=clue, decision="accept")
    item = services.agenda_add(actor=research, meeting=meeting, clue=clue)
    s = services.agenda_decide(
        actor=research, item=item, decision="send", category=Category.CLASS, recipient=world.unit
    )
    assert Clue.objects.get(pk=clue.pk).state == Clue.State.DECIDED
    from tests.suggestions.conftest import advance, letter_content

    services.draft_save(
        actor=s.drafter, suggestion=s, content=letter_content(world.basic.name, topic="物业")
    )
    s = advance(world, s, upto="signed")
    refused(
        lambda: services.communication_record(
            actor=research, suggestion=s, kind="visit", held_on=date(2026, 3, 5)
        ),
        "上门走访日期（2026-03-05）早于会议决定日期（2026-03-10）",
    )


# ---- delivery, reply, follow-up, 办结 -------------------------------------------------------------


def test_delivery_before_signing_is_refused_everywhere(
    world,
    make_suggestion,
    client_for,
    api,  # noqa: F811
):
    research = world.users[Role.RESEARCH]
    s = make_suggestion(world, upto="signed")
    message = "送达日期（2026-03-01）早于签发日期（2026-03-20）"
    refused(
        lambda: services.delivery_record(
            actor=research, suggestion=s, method="post", delivered_on=date(2026, 3, 1)
        ),
        message,
    )
    page = client_for(research).post(
        reverse("suggestions:act", args=[s.pk, "deliver"]),
        {"method": "post", "delivered_on": "2026-03-01"},
        follow=True,
    )
    assert page.status_code == 200 and message in page.content.decode()
    body = assert_error(
        api(
            Role.RESEARCH,
            "post",
            f"/suggestions/{s.pk}/deliveries",
            {"method": "post", "delivered_on": "2026-03-01"},
        ),
        400,
        "invalid",
    )
    assert message in body["detail"]
    s.refresh_from_db()
    assert s.state == State.SIGNED and s.reply_due_on is None and not s.deliveries.exists()


def test_reply_before_delivery_and_later_events_out_of_order(
    world,
    make_suggestion,
    api,  # noqa: F811
):
    research = world.users[Role.RESEARCH]
    s = make_suggestion(world, upto="delivered", delivered_on=date(2026, 3, 10))
    items = [(1, ItemOutcome.ADOPTED, "已落实"), (2, ItemOutcome.ADOPTED, "已落实")]
    refused(
        lambda: services.reply_register(
            actor=research, suggestion=s, received_on=date(2026, 3, 5), content="回函", items=items
        ),
        "回函日期（2026-03-05）早于送达日期（2026-03-10）",
    )
    body = assert_error(
        api(
            "recipient",
            "post",
            f"/suggestions/{s.pk}/replies",
            {"received_on": "2026-03-05", "content": "回函", "items": []},
        ),
        400,
        "invalid",
    )
    assert "早于送达日期" in body["detail"]
    for day in (date(2099, 1, 1), date(2026, 3, 9)):
        refused(
            lambda d=day: services.follow_up_record(
                actor=research,
                suggestion=s,
                kind=FollowUp.Kind.VISIT,
                held_on=d,
                description="回访",
            ),
            f"跟踪落实日期（{day.isoformat()}）",
        )
    response = api(
        Role.RESEARCH,
        "post",
        f"/suggestions/{s.pk}/follow-ups",
        {"kind": "visit", "held_on": "2099-01-01", "description": "回访"},
    )
    assert "不能晚于今天" in assert_error(response, 400, "invalid")["detail"]

    services.reply_register(
        actor=research, suggestion=s, received_on=date(2026, 3, 15), content="回函", items=items
    )
    services.follow_up_record(
        actor=research,
        suggestion=s,
        kind=FollowUp.Kind.VISIT,
        held_on=date(2026, 3, 18),
        description="回访",
    )
    refused(
        lambda: services.suggestion_complete(
            actor=research, suggestion=s, completed_on=date(2000, 1, 1)
        ),
        "办结日期（2000-01-01）早于送达日期（2026-03-10）",
        "早于回函日期（2026-03-15）",
        "早于跟踪落实日期（2026-03-18）",
    )
    refused(
        lambda: services.suggestion_complete(
            actor=research, suggestion=s, completed_on=date(1999, 12, 31)
        ),
        "早于 2000-01-01",
    )
    services.suggestion_complete(actor=research, suggestion=s, completed_on=date(2026, 3, 18))
    # after 办结 nothing is dated later than it
    refused(
        lambda: services.follow_up_record(
            actor=research,
            suggestion=s,
            kind=FollowUp.Kind.VISIT,
            held_on=TODAY,
            description="回访",
        ),
        "晚于办结日期（2026-03-18）",
    )


# ---- 更正 ----------------------------------------------------------------------------------------


def test_correcting_a_delivery_date_recomputes_the_due_date_and_the_alerts(world, make_suggestion):
    research = world.users[Role.RESEARCH]
    s = make_suggestion(world, upto="delivered", delivered_on=date(2026, 1, 5))
    assert s.reply_due_on == date(2026, 3, 5)
    assert send_reply_reminders(TODAY) == 1  # overdue since 5 March
    stale = Notification.objects.get(suggestion=s, kind="overdue")

    with pytest.raises(ValidationError, match="更正理由"):
        suggestion_correct_date(
            suggestion=s,
            acting_user=research,
            event="delivery",
            new_date=date(2026, 2, 5),
            reason=" ",
        )
    with pytest.raises(PermissionDenied):
        suggestion_correct_date(
            suggestion=s,
            acting_user=world.users[Role.JUDGE],
            event="delivery",
            new_date=date(2026, 2, 5),
            reason="录入错误",
        )
    refused(
        lambda: suggestion_correct_date(
            suggestion=s,
            acting_user=research,
            event="delivery",
            new_date=date(2026, 4, 1),
            reason="x",
        ),
        "不能晚于今天",
    )

    s = suggestion_correct_date(
        suggestion=s,
        acting_user=research,
        event="delivery",
        new_date=date(2026, 2, 5),
        reason="送达回证载明的签收日期为2月5日，登记时误录",
    )
    expected = reply_due(date(2026, 2, 5), 2)
    assert (s.delivered_on, s.reply_due_on, s.reply_due_explanation) == (
        date(2026, 2, 5),
        expected.due_on,
        expected.explanation,
    )
    assert s.deliveries.get().delivered_on == date(2026, 2, 5)
    # the overdue alert no longer applies: withdrawn, and not sent again
    assert not Notification.objects.filter(pk=stale.pk).exists()
    assert send_reply_reminders(TODAY) == 0
    # a week before the new due date the reminder for it goes out
    soon = expected.due_on - timedelta(days=3)
    assert send_reply_reminders(soon) == 1
    assert (
        Notification.objects.get(suggestion=s, kind="due_soon").key == expected.due_on.isoformat()
    )

    entry = AuditEntry.objects.filter(code="suggestion.correct_date").get()
    assert entry.action == "更正送达日期" and entry.actor_id == research.pk
    assert entry.before["date"] == "2026-01-05" and entry.after["date"] == "2026-02-05"
    assert entry.before["reply_due_on"] == "2026-03-05"
    assert entry.after["reply_due_on"] == expected.due_on.isoformat()
    assert entry.after["reason"].startswith("送达回证") and entry.after["withdrawn_alerts"] == 1


def test_correcting_signing_reply_follow_up_and_completion(world, make_suggestion):
    research = world.users[Role.RESEARCH]
    # a chain without a committee meeting (which would be dated today, see below)
    s = make_suggestion(
        world, category=Category.CLASS, upto="delivered", delivered_on=date(2026, 3, 10)
    )
    assert s.signed_at.astimezone(SH).date() == date(2026, 3, 10)
    services.reply_register(
        actor=research,
        suggestion=s,
        received_on=date(2026, 3, 16),
        content="回函",
        items=[(1, ItemOutcome.ADOPTED, ""), (2, ItemOutcome.ADOPTED, "")],
    )
    follow_up = services.follow_up_record(
        actor=research,
        suggestion=s,
        kind=FollowUp.Kind.VISIT,
        held_on=date(2026, 3, 17),
        description="回访",
    )
    services.suggestion_complete(actor=research, suggestion=s, completed_on=date(2026, 3, 18))

    def correct(event, day, **kwargs):
        return suggestion_correct_date(
            suggestion=s,
            acting_user=research,
            event=event,
            new_date=day,
            reason="核对原件更正",
            **kwargs,
        )

    refused(
        lambda: correct("signing", date(2026, 3, 12)),
        "签发日期（2026-03-12）晚于送达日期（2026-03-10）",
    )
    refused(lambda: correct("signing", date(2025, 12, 30)), "文号年度（2026年）")
    s = correct("signing", date(2026, 3, 6))
    assert s.signed_at.astimezone(SH).date() == date(2026, 3, 6)

    refused(
        lambda: correct("delivery", date(2026, 3, 5)),
        "送达日期（2026-03-05）早于签发日期（2026-03-06）",
    )
    refused(lambda: correct("delivery", date(2026, 3, 17)), "晚于回函日期（2026-03-16）")
    refused(lambda: correct("reply", date(2026, 3, 9)), "回函日期（2026-03-09）早于送达日期")
    s = correct("reply", date(2026, 3, 12))
    assert s.replied_on == date(2026, 3, 12)

    with pytest.raises(ValidationError, match="请选择本件已登记的记录"):
        correct("follow_up", date(2026, 3, 15))
    refused(
        lambda: correct("follow_up", date(2026, 3, 19), record_id=follow_up.pk),
        "晚于办结日期（2026-03-18）",
    )
    correct("follow_up", date(2026, 3, 15), record_id=follow_up.pk)
    follow_up.refresh_from_db()
    assert follow_up.held_on == date(2026, 3, 15)

    refused(lambda: correct("completion", date(2026, 3, 14)), "早于跟踪落实日期（2026-03-15）")
    s = correct("completion", date(2026, 3, 16))
    assert (s.completed_on, s.archive_due_on) == (
        date(2026, 3, 16),
        archive_due(date(2026, 3, 16)).due_on,
    )
    assert AuditEntry.objects.filter(code="suggestion.correct_date").count() == 4


def test_signing_cannot_be_corrected_to_before_the_committee_meeting(world, make_suggestion):
    s = make_suggestion(world, upto="delivered")  # 审委会 met today (2026-03-20)
    refused(
        lambda: suggestion_correct_date(
            suggestion=s,
            acting_user=world.users[Role.RESEARCH],
            event="signing",
            new_date=date(2026, 3, 19),
            reason="x",
        ),
        "签发日期（2026-03-19）早于审委会会议日期（2026-03-20）",
    )


def test_correction_form_and_api(world, make_suggestion, client_for, api):  # noqa: F811
    s = make_suggestion(
        world, category=Category.CLASS, upto="delivered", delivered_on=date(2026, 3, 10)
    )
    delivery = s.deliveries.get()
    research = client_for(world.users[Role.RESEARCH])
    page = research.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert 'data-testid="correct-date-form"' in page and f"delivery:{delivery.pk}" in page

    url = reverse("suggestions:correct_date", args=[s.pk])
    bad = research.post(
        url,
        {"target": f"delivery:{delivery.pk}", "new_date": "2026-03-01", "reason": "误录"},
        follow=True,
    )
    assert "送达日期（2026-03-01）早于签发日期（2026-03-10）" in bad.content.decode()
    good = research.post(
        url,
        {"target": f"delivery:{delivery.pk}", "new_date": "2026-03-12", "reason": "回证日期为12日"},
        follow=True,
    )
    assert good.status_code == 200
    text = good.content.decode()
    assert "更正送达日期：2026-03-10 更正为 2026-03-12，理由：回证日期为12日" in text
    s.refresh_from_db()
    assert s.delivered_on == date(2026, 3, 12)

    # the judge sees no form and may not post one
    judge = client_for(world.users[Role.JUDGE])
    assert (
        "correct-date-form"
        not in judge.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    )
    assert (
        judge.post(url, {"target": "signing:", "new_date": "2026-03-09", "reason": "x"}).status_code
        == 403
    )

    path = f"/suggestions/{s.pk}/date-corrections"
    assert_error(
        api(
            Role.JUDGE, "post", path, {"event": "signing", "new_date": "2026-03-09", "reason": "x"}
        ),
        403,
        "permission_denied",
    )
    body = assert_error(
        api(
            Role.RESEARCH,
            "post",
            path,
            {"event": "signing", "new_date": "2026-03-13", "reason": "x"},
        ),
        400,
        "invalid",
    )
    assert "签发日期（2026-03-13）晚于送达日期（2026-03-12）" in body["detail"]
    assert (
        api(Role.RESEARCH, "post", path, {"event": "signing", "new_date": "2026-03-09"}).status_code
        == 422
    )
    done = api(
        Role.RESEARCH,
        "post",
        path,
        {"event": "signing", "new_date": "2026-03-09", "reason": "签发稿落款日期为9日"},
    )
    assert done.status_code == 200, done.content
    detail = done.json()
    assert detail["signed_at"].startswith("2026-03-09")
    last = detail["timeline"][-1]
    assert last["action"] == "更正签发日期" and last["details"]["reason"] == "签发稿落款日期为9日"


def test_portal_reply_dated_before_delivery_is_a_form_error(world, make_suggestion, client_for):
    s = make_suggestion(world, upto="delivered", delivered_on=date(2026, 3, 10))
    client = client_for(world.users["recipient"])
    response = client.post(
        reverse("portal:detail", args=[s.pk]),
        {
            "action": "reply",
            "received_on": "2026-03-01",
            "content": "你院司法建议收悉。",
            "item_1_outcome": ItemOutcome.ADOPTED,
            "item_1_measures": "已落实",
            "item_2_outcome": ItemOutcome.ADOPTED,
            "item_2_measures": "已落实",
        },
    )
    assert response.status_code == 400
    assert "回函日期（2026-03-01）早于送达日期（2026-03-10）" in response.content.decode()
    s.refresh_from_db()
    assert s.state == State.DELIVERED and not s.replies.exists()


def test_review_cannot_rely_on_a_committee_meeting_not_yet_held(world, make_suggestion):
    from tests.suggestions.conftest import approve_step

    s = make_suggestion(world, upto="in_review")  # 综合治理类: 核稿 → 研究室 → 审委会 → 院长
    approve_step(world, s)
    approve_step(world, s)
    future = services.meeting_create(
        actor=world.users[Role.RESEARCH], kind="committee", held_on=TODAY + timedelta(days=7)
    )
    refused(
        lambda: services.review_act(
            actor=world.users[Role.COMMITTEE], suggestion=s, approve=True, meeting=future
        ),
        "审委会会议日期（2026-03-27）不能晚于今天",
    )
    s.refresh_from_db()
    assert services.active_step(s).step.requires_meeting
