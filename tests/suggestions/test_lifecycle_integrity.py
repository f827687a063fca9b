"""Issue 11: defects 1, 2, 3, 4, 6, 7, 8, 11 — each test failed before the fix.

1. a signed letter prints its signing date as 成文日期 from every route;
2. a review step assigned to a named person can be approved by that person;
3. a court's number pattern is validated when saved; one formatter and parser of 文号;
4. one answer to "which recipient units may this court address";
6. a clue is on at most one open agenda item; a decision creates at most one draft;
7. the review form never changes the reviewer's choice;
8. one outcome per suggestion item per reply; the adoption rate counts the latest reply;
11. the dashboard counts numbered, delivered, replied and overdue separately.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from docx import Document

from fengqiao.courts.models import RecipientUnit, Role, UnitKind
from fengqiao.documents.content import format_cn_date
from fengqiao.suggestions import services
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    Clue,
    ItemOutcome,
    Meeting,
    Reply,
    ReplyItem,
    State,
    Suggestion,
    Workflow,
    WorkflowStep,
)
from fengqiao.suggestions.services import TransitionError
from tests.suggestions.test_api_support import api, assert_error  # noqa: F401  (fixture)

SH = ZoneInfo("Asia/Shanghai")
SIGNING_DAY = datetime(2026, 3, 2, 10, tzinfo=SH)
LATER_DAY = datetime(2026, 3, 20, 10, tzinfo=SH)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


# ---- 1. 成文日期 = the signing date, from every route -------------------------------------------


def test_signed_letter_prints_its_signing_date_from_every_route(
    world,
    make_suggestion,
    client_for,
    api,  # noqa: F811
):
    with time_machine.travel(SIGNING_DAY, tick=False):
        s = make_suggestion(world, category=Category.INDIVIDUAL, upto="delivered")
    signed = format_cn_date(SIGNING_DAY.date())
    later = format_cn_date(LATER_DAY.date())
    with time_machine.travel(LATER_DAY, tick=False):
        routes = {
            "court page": client_for(world.users[Role.JUDGE]).get(
                reverse("suggestions:letter", args=[s.pk, "docx"])
            ),
            "api": api(Role.RESEARCH, "get", f"/suggestions/{s.pk}/letter.docx"),
            "portal": client_for(world.users["recipient"]).get(reverse("portal:docx", args=[s.pk])),
        }
        detail = api(Role.RESEARCH, "get", f"/suggestions/{s.pk}").json()
    for route, response in routes.items():
        assert response.status_code == 200, route
        text = _docx_text(response.getvalue())
        assert signed in text, route
        assert later not in text, route
    assert detail["issued_on"] == "2026-03-02"


# ---- 2. a named reviewer may approve ------------------------------------------------------------


def test_step_assigned_to_a_named_person_is_approved_by_that_person(world, make_suggestion):
    """The named person is a judge (none of the five review roles): the chain editor allows
    it, so the review service must accept it."""
    named = world.users[Role.JUDGE]
    workflow = Workflow.objects.create(
        court=world.basic, category=Category.INDIVIDUAL, name="指定人员核稿"
    )
    WorkflowStep.objects.create(workflow=workflow, position=1, name="主审法官核稿", user=named)
    WorkflowStep.objects.create(
        workflow=workflow, position=2, name="分管院领导签发", role=Role.VICE_PRESIDENT, signs=True
    )
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="in_review")
    with pytest.raises(PermissionDenied):  # not the named person, though holding a review role
        services.review_act(actor=world.users[Role.RESEARCH], suggestion=s, approve=True)
    services.review_act(actor=named, suggestion=s, approve=True, comment="同意")
    assert services.active_step(s).step.name == "分管院领导签发"


# ---- 3. the number pattern --------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "{short}法建({year})第{n}号",
        "{short}司建〔{year}〕{n}号",
        "{short}法建〔{year}〕",
        "{short}法建〔{year}〕{seq}号",
    ],
)
def test_unparseable_number_pattern_is_refused_when_saved(world, pattern):
    court = world.basic
    court.doc_number_pattern = pattern
    with pytest.raises(ValidationError) as refused:
        court.save()
    assert "编号" in str(refused.value)
    with pytest.raises(ValidationError):
        court.full_clean(exclude=["path"])
    court.refresh_from_db()
    assert court.doc_number_pattern == "{short}法建〔{year}〕{n}号"


@time_machine.travel(SIGNING_DAY, tick=False)
def test_a_saved_pattern_signs_and_the_number_reads_back(world, make_suggestion):
    from fengqiao.suggestions.numbering import court_doc_number, doc_number_parts

    court = world.basic
    court.doc_number_pattern = "连开法建〔{year}〕{n}号"  # the place written out: parseable
    court.save()
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="signed")
    assert s.state == State.SIGNED and s.format_override_reason == ""
    assert s.doc_number == court_doc_number(court, 2026, 1) == "连开法建〔2026〕1号"
    assert doc_number_parts(s.doc_number) == (s.number_year, s.number_seq) == (2026, 1)


@time_machine.travel(SIGNING_DAY, tick=False)
def test_the_register_finds_a_number_however_it_is_written(world, make_suggestion, client_for):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="signed")
    assert s.doc_number == "连开法建〔2026〕1号"
    client = client_for(world.users[Role.RESEARCH])
    for query in ["连开法建〔2026〕1号", "连开法建(2026)第1号", "法建[2026]1号"]:
        page = client.get(reverse("suggestions:register"), {"q": query}).content.decode()
        assert s.doc_number in page, query


def test_one_formatter_of_doc_numbers():
    import fengqiao.suggestions.numbering as numbering
    from fengqiao.documents import doc_number

    assert not hasattr(numbering, "format_doc_number") or (
        numbering.format_doc_number is doc_number.format_doc_number
    )


# ---- 4. one answer to "which units may this court address" ----------------------------------


def test_recipient_units_addressable_agree_across_service_api_and_pages(
    world,
    client_for,
    api,  # noqa: F811
):
    """A unit registered by the superior (intermediate) court may be addressed by the basic
    court through every route; a unit registered by a sibling court by none."""
    judge = world.users[Role.JUDGE]
    regional = RecipientUnit.objects.create(
        court=world.mid, name="连云港市生态环境局", kind=UnitKind.GOVERNMENT
    )
    sibling = world.unit_sibling
    page = client_for(judge).get(reverse("suggestions:new")).content.decode()
    assert f'value="{regional.pk}"' in page and f'value="{sibling.pk}"' not in page

    body = {"title": "生态环境执法", "category": "individual", "recipient_id": regional.pk}
    assert api(Role.JUDGE, "post", "/suggestions", body).status_code == 201
    s = services.suggestion_create(
        actor=judge, title="生态环境", category=Category.INDIVIDUAL, recipient=regional
    )
    assert s.recipient == regional
    body["recipient_id"] = sibling.pk
    assert api(Role.JUDGE, "post", "/suggestions", body).status_code == 404
    with pytest.raises(PermissionDenied):
        services.suggestion_create(
            actor=judge, title="市场监管", category=Category.INDIVIDUAL, recipient=sibling
        )
    from fengqiao.courts.selectors import recipient_units_addressable

    addressable = set(recipient_units_addressable(judge).values_list("pk", flat=True))
    assert regional.pk in addressable and world.unit.pk in addressable
    assert sibling.pk not in addressable


# ---- 6. one clue, one open agenda item, one draft ---------------------------------------------


def _accepted_clue(world) -> Clue:
    clue = services.clue_create(
        actor=world.users[Role.JUDGE], title="物业服务监管", problem="物业纠纷反复出现"
    )
    return services.clue_triage(actor=world.users[Role.RESEARCH], clue=clue, decision="accept")


def _meeting(world, kind=Meeting.Kind.DIVISION) -> Meeting:
    return services.meeting_create(
        actor=world.users[Role.RESEARCH], kind=kind, held_on=SIGNING_DAY.date()
    )


def test_a_clue_is_on_at_most_one_open_agenda_item(world, client_for):
    clue = _accepted_clue(world)
    first, second = _meeting(world), _meeting(world, Meeting.Kind.PROFESSIONAL)
    services.agenda_add(actor=world.users[Role.RESEARCH], meeting=first, clue=clue)
    with pytest.raises(TransitionError, match="已列入议程"):
        services.agenda_add(actor=world.users[Role.RESEARCH], meeting=second, clue=clue)
    # the page says so too, and nothing is added
    client = client_for(world.users[Role.RESEARCH])
    url = reverse("suggestions:meeting_detail", args=[second.pk])
    page = client.post(url, {"add_clue": "1", "clue": clue.pk}, follow=True).content.decode()
    assert "已列入议程" in page or "请检查" in page
    assert AgendaItem.objects.filter(clue=clue).count() == 1


def test_the_database_refuses_a_second_open_agenda_item(world):
    clue = _accepted_clue(world)
    meeting = _meeting(world)
    AgendaItem.objects.create(meeting=meeting, clue=clue)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, clue=clue)


def test_deciding_twice_on_one_clue_creates_one_draft(world):
    """Two open items of one clue (as the old rules allowed; made here past the service) —
    deciding both to send gives one draft, the second decision is refused."""
    clue = _accepted_clue(world)
    research = world.users[Role.RESEARCH]
    first = services.agenda_add(actor=research, meeting=_meeting(world), clue=clue)
    services.agenda_decide(
        actor=research,
        item=first,
        decision=AgendaItem.Decision.INVESTIGATE,
    )
    second = services.agenda_add(actor=research, meeting=_meeting(world), clue=clue)
    services.agenda_decide(
        actor=research,
        item=second,
        decision=AgendaItem.Decision.SEND,
        category=Category.INDIVIDUAL,
        recipient=world.unit,
    )
    # a third item slipped in beside the rules cannot produce a second draft
    third = AgendaItem.objects.create(meeting=_meeting(world), clue=clue)
    with pytest.raises(TransitionError):
        services.agenda_decide(
            actor=research,
            item=third,
            decision=AgendaItem.Decision.SEND,
            category=Category.INDIVIDUAL,
            recipient=world.unit,
        )
    assert Suggestion.objects.filter(clue=clue).count() == 1


# ---- 7. the review form keeps the reviewer's choice -------------------------------------------


def test_review_form_keeps_return_choice_after_an_error(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="in_review")
    client = client_for(world.users[Role.DIVISION_HEAD])
    url = reverse("suggestions:act", args=[s.pk, "review"])
    response = client.post(url, {"approve": "0", "comment": ""}, follow=True)
    html = response.content.decode()
    assert "退回时必须填写修改意见" in html
    # the choice shown is still 退回修改, not 同意
    assert '<option value="0" selected>' in html
    assert '<option value="1" selected>' not in html
    s.refresh_from_db()
    assert s.state == State.IN_REVIEW


# ---- 8. one outcome per item per reply; the rate counts the latest reply -----------------------


def test_a_reply_cannot_list_one_item_twice(world, make_suggestion, api):  # noqa: F811
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="delivered")
    items = [{"index": 1, "outcome": "adopted"}] * 5 + [{"index": 2, "outcome": "not_adopted"}]
    body = {"received_on": str(s.delivered_on), "content": "回函", "items": items}
    error = assert_error(
        api(Role.RESEARCH, "post", f"/suggestions/{s.pk}/replies", body), 400, "invalid"
    )
    assert "第 1 条建议" in error["detail"] and "不止一次" in error["detail"]
    assert not Reply.objects.filter(suggestion=s).exists()
    with pytest.raises(ValidationError, match="不止一次"):
        services.reply_register(
            actor=world.users["recipient"],
            suggestion=s,
            received_on=s.delivered_on,
            content="回函",
            items=[(1, ItemOutcome.ADOPTED, "")] * 3,
        )


def test_the_database_refuses_two_outcomes_for_one_item(world, make_suggestion):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="replied")
    reply = s.replies.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplyItem.objects.create(reply=reply, item_index=1, outcome=ItemOutcome.ADOPTED)


def _figures(world, who=Role.RESEARCH) -> dict[str, str]:
    from fengqiao.dashboard.selectors import dashboard_figures

    return dict(dashboard_figures(world.users[who]))


@time_machine.travel(SIGNING_DAY, tick=False)
def test_adoption_rate_counts_the_latest_reply_only(world, make_suggestion):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="replied")  # 2 × 采纳
    rate = next(label for label in _figures(world) if "采纳率" in label)
    assert _figures(world)[rate] == "100%"
    services.reply_register(
        actor=world.users[Role.RESEARCH],
        suggestion=s,
        received_on=SIGNING_DAY.date(),
        content="补充回函：经研究，两条建议暂不采纳。",
        items=[(1, ItemOutcome.NOT_ADOPTED, ""), (2, ItemOutcome.EXPLAINED, "")],
    )
    assert _figures(world)[rate] == "0%"


# ---- 11. numbered, delivered, replied, overdue -------------------------------------------------


@time_machine.travel(SIGNING_DAY, tick=False)
def test_dashboard_counts_numbered_delivered_replied_and_overdue_apart(world, make_suggestion):
    make_suggestion(world, category=Category.INDIVIDUAL, upto="signed")  # numbered only
    withdrawn = make_suggestion(world, category=Category.INDIVIDUAL, upto="signed")
    services.suggestion_withdraw(
        actor=world.users[Role.RESEARCH], suggestion=withdrawn, reason="情况已变化"
    )
    make_suggestion(world, category=Category.INDIVIDUAL, upto="delivered")
    make_suggestion(world, category=Category.INDIVIDUAL, upto="delivered")
    make_suggestion(world, category=Category.INDIVIDUAL, upto="replied")
    late = make_suggestion(world, category=Category.INDIVIDUAL, upto="delivered")
    Suggestion.objects.filter(pk=late.pk).update(reply_due_on=SIGNING_DAY.date() - timedelta(1))
    figures = _figures(world)
    assert figures["2026年编号的司法建议"] == "5（另撤回 1）"  # .issued(): not the withdrawn
    assert figures["2026年编号、已送达"] == "4"  # not the withdrawn, not the undelivered
    assert figures["2026年编号、已回复"] == "1"
    assert figures["已送达待回复"] == "3"
    assert figures["逾期未回复"] == "1"
    assert not any("发出" in label for label in figures)
