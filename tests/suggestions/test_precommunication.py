"""事前沟通 on the draft (法释〔2023〕11号第五条): the 征求意见稿 with a 告知函 from drafting on,
the recipient's answer per item, revision that repeats only the steps that must repeat, the
告知函's dates and wording, and what the pages show."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from fengqiao.courts.models import Role
from fengqiao.documents.forms import render_notice_docx
from fengqiao.suggestions import letters, precommunication, selectors, services
from fengqiao.suggestions.models import (
    Notification,
    PreCommunication,
    State,
    StepRun,
    WorkflowStep,
)
from fengqiao.suggestions.services import TransitionError
from fengqiao.suggestions.workflows import may_act_on_step

from .conftest import approve_step, committee_meeting
from .test_api_support import api  # noqa: F401  (fixture)

NOTICE = PreCommunication.Kind.NOTICE


def _send(world, suggestion, **kwargs):
    kwargs.setdefault("held_on", timezone.localdate())
    return services.communication_record(
        actor=world.users[Role.RESEARCH], suggestion=suggestion, kind=NOTICE, **kwargs
    )


def _docx_text(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


# ---- sending the 征求意见稿 ------------------------------------------------------------------


def test_draft_can_be_sent_while_drafting_with_a_real_period(world, make_suggestion):
    suggestion = make_suggestion(world, upto="drafting")
    today = timezone.localdate()
    notice = _send(world, suggestion)
    suggestion.refresh_from_db()
    assert suggestion.state == State.PRE_COMMUNICATION
    assert suggestion.doc_number == ""
    assert notice.version == suggestion.latest_version()
    assert notice.state_before == State.DRAFTING
    assert notice.respond_by == today + timedelta(days=15)  # FENGQIAO_NOTICE_REPLY_DAYS
    assert suggestion.holder == world.users[Role.RESEARCH]  # the clerk holds it meanwhile


def test_notice_period_is_configurable(world, make_suggestion, settings):
    settings.FENGQIAO_NOTICE_REPLY_DAYS = 20
    notice = _send(world, make_suggestion(world, upto="drafting"))
    assert notice.respond_by == notice.held_on + timedelta(days=20)


@pytest.mark.parametrize(
    "held,respond,message",
    [
        (0, 0, "反馈期限应在告知函日期之后"),  # due on its own date
        (-5, -1, "反馈期限不能早于今天"),  # already past when sent (the 2099/2020 defect)
        (1, 20, "不能晚于今天"),  # a 告知函 dated in the future
        (0, 200, "反馈期限不宜超过三个月"),
    ],
)
def test_notice_dates_are_checked(world, make_suggestion, held, respond, message):
    suggestion = make_suggestion(world, upto="drafting")
    today = timezone.localdate()
    suggestion.created_at = timezone.now() - timedelta(days=60)
    suggestion.save(update_fields=["created_at"])
    with pytest.raises(ValidationError) as error:
        _send(
            world,
            suggestion,
            held_on=today + timedelta(days=held),
            respond_by=today + timedelta(days=respond),
        )
    assert any(message in m for m in error.value.messages), error.value.messages
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFTING


def test_an_old_notice_entered_afterwards_keeps_its_dates(world, make_suggestion):
    """A 告知函 sent on paper months ago and entered now: its reply-by date was real then."""
    today = timezone.localdate()
    notice = _send(
        world,
        make_suggestion(world, upto="drafting"),
        held_on=today - timedelta(days=60),
        respond_by=today - timedelta(days=45),
    )
    assert notice.respond_by == today - timedelta(days=45)


def test_only_the_courts_research_office_sends(world, make_suggestion):
    suggestion = make_suggestion(world, upto="drafting")
    for actor in (
        world.users[Role.JUDGE],
        world.users["judge_other"],  # another court
        world.users["recipient"],
    ):
        with pytest.raises(PermissionDenied):
            services.communication_record(
                actor=actor, suggestion=suggestion, kind=NOTICE, held_on=timezone.localdate()
            )
    delivered = make_suggestion(world, upto="delivered")
    with pytest.raises(TransitionError):
        _send(world, delivered)
    with pytest.raises(PermissionDenied):  # a recipient never, whatever the state
        services.communication_record(
            actor=world.users["recipient"],
            suggestion=delivered,
            kind=NOTICE,
            held_on=timezone.localdate(),
        )


def test_unsigned_draft_cannot_be_delivered(world, make_suggestion):
    suggestion = make_suggestion(world, upto="drafting")
    _send(world, suggestion)
    suggestion.refresh_from_db()
    with pytest.raises(TransitionError, match="尚未签发编号"):
        services.delivery_record(
            actor=world.users[Role.RESEARCH],
            suggestion=suggestion,
            method="in_person",
            delivered_on=timezone.localdate(),
        )


# ---- the documents ---------------------------------------------------------------------------


def test_consultation_draft_is_marked_without_number_seal_or_date(world, make_suggestion):
    suggestion = make_suggestion(world, upto="signed")  # even a numbered letter's draft
    notice = _send(world, suggestion)
    text = _docx_text(precommunication.draft_docx(suggestion, notice.version))
    body = [t for t in text if t.strip()]
    assert body[0] == "征求意见稿"
    assert any("（征求意见稿）" in t for t in body[:3])
    joined = "\n".join(text)
    assert suggestion.doc_number and suggestion.doc_number not in joined
    assert "院印" not in joined
    assert not any(t.strip().endswith("日") and "年" in t and "月" in t for t in body[-6:])
    problem_body = suggestion.latest_version().content["problems"][0]["body"]
    assert problem_body in joined  # the full draft, not only headings


def test_notice_letter_gives_the_period_and_no_silence_rule(world, make_suggestion):
    suggestion = make_suggestion(world, upto="drafting")
    notice = _send(world, suggestion)
    content = letters.notice_content(suggestion, notice)
    assert content.opinion_due == notice.respond_by > notice.held_on
    text = "\n".join(_docx_text(render_notice_docx(content)))
    due = notice.respond_by
    assert f"请于{due.year}年{due.month}月{due.day}日前将书面意见反馈我院" in text
    assert "视为" not in text  # 第五条 gives no “逾期视为无不同意见”
    assert "征求意见稿" in text


# ---- the recipient's answer ------------------------------------------------------------------


def test_recipient_answers_per_item_and_the_clerk_is_told(
    world, make_suggestion, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(world, upto="drafting")
    notice = _send(world, suggestion)
    with pytest.raises(PermissionDenied):
        services.communication_opinion(
            actor=world.users["recipient_other"],
            communication=notice,
            stance="agree",
            opinion_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError, match="不存在或重复"):
        services.communication_opinion(
            actor=world.users["recipient"],
            communication=notice,
            stance="opinions",
            item_opinions=[(9, "第九条")],
            opinion_on=timezone.localdate(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.communication_opinion(
            actor=world.users["recipient"],
            communication=notice,
            stance="opinions",
            item_opinions=[(2, "建议增加街道监督职责。"), (1, "")],
            opinion="其余无意见。",
            opinion_on=timezone.localdate(),
        )
    notice.refresh_from_db()
    assert notice.stance == "opinions"
    assert [row["index"] for row in notice.item_opinions] == [2]
    assert notice.item_opinions[0]["opinion"] == "建议增加街道监督职责。"
    assert Notification.objects.filter(
        user=world.users[Role.RESEARCH], suggestion=suggestion, kind="opinion"
    ).exists()
    with pytest.raises(ValidationError, match="不能重复提交"):
        services.communication_opinion(
            actor=world.users["recipient"],
            communication=notice,
            stance="agree",
            opinion_on=timezone.localdate(),
        )


def test_agree_needs_no_text_but_cannot_carry_item_opinions(world, make_suggestion):
    suggestion = make_suggestion(world, upto="drafting")
    notice = _send(world, suggestion)
    recipient = world.users["recipient"]
    with pytest.raises(ValidationError, match="无不同意见"):
        services.communication_opinion(
            actor=recipient,
            communication=notice,
            stance="agree",
            item_opinions=[(1, "改一下")],
            opinion_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError, match="请填写意见"):
        services.communication_opinion(
            actor=recipient, communication=notice, opinion=" ", opinion_on=timezone.localdate()
        )
    services.communication_opinion(
        actor=recipient, communication=notice, stance="agree", opinion_on=timezone.localdate()
    )
    notice.refresh_from_db()
    assert notice.recipient_opinion == "无不同意见。"


# ---- revision after 征求意见: which steps repeat -----------------------------------------------


def _revise_and_resubmit(world, suggestion, letter_content, *, note="采纳意见"):
    research, judge = world.users[Role.RESEARCH], world.users[Role.JUDGE]
    services.suggestion_revise(actor=research, suggestion=suggestion, reason=note)
    suggestion.refresh_from_db()
    content = {**suggestion.latest_version().content, "other_matters": ["已吸收反馈意见。"]}
    services.draft_save(actor=judge, suggestion=suggestion, content=content)
    return services.review_submit(actor=judge, suggestion=suggestion)


def _states(run):
    return [(sr.step.name, sr.state) for sr in run.steps.order_by("position")]


def test_revision_after_signing_repeats_only_signing_and_the_drafter_is_told(
    world, make_suggestion, letter_content, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(world, upto="signed")
    number = suggestion.doc_number
    _send(world, suggestion)
    with django_capture_on_commit_callbacks(execute=True):
        run = _revise_and_resubmit(world, suggestion, letter_content)
    assert Notification.objects.filter(
        user=world.users[Role.JUDGE], suggestion=suggestion, kind="returned"
    ).exists()
    assert _states(run) == [
        ("部门负责人核稿", "approved"),
        ("研究室审核", "approved"),
        ("审委会审议", "approved"),
        ("院长签发", "active"),
    ]
    assert all(sr.carried for sr in run.steps.filter(state=StepRun.State.APPROVED))
    services.review_act(actor=world.users[Role.PRESIDENT], suggestion=suggestion, approve=True)
    suggestion.refresh_from_db()
    assert suggestion.state == State.SIGNED and suggestion.doc_number == number


def test_reviewer_who_asked_to_see_it_again_reviews_again(world, make_suggestion, letter_content):
    suggestion = make_suggestion(world, upto="in_review")
    approve_step(world, suggestion)  # 部门负责人核稿
    services.review_act(
        actor=world.users[Role.RESEARCH], suggestion=suggestion, approve=True, see_again=True
    )
    approve_step(world, suggestion)  # 审委会
    approve_step(world, suggestion)  # 院长签发
    suggestion.refresh_from_db()
    _send(world, suggestion)
    run = _revise_and_resubmit(world, suggestion, letter_content)
    assert _states(run) == [
        ("部门负责人核稿", "approved"),
        ("研究室审核", "active"),
        ("审委会审议", "approved"),
        ("院长签发", "waiting"),
    ]
    approve_step(world, suggestion)  # 研究室 again → the carried 审委会 is skipped
    assert _states(run)[3] == ("院长签发", "active")


def test_chain_decides_which_steps_repeat(world, make_suggestion, letter_content):
    WorkflowStep.objects.filter(name="审委会审议").update(repeat_after_precomm=True)
    suggestion = make_suggestion(world, upto="signed")
    _send(world, suggestion)
    run = _revise_and_resubmit(world, suggestion, letter_content)
    assert _states(run)[2:] == [("审委会审议", "active"), ("院长签发", "waiting")]
    approve_step(world, suggestion, meeting=committee_meeting(world))
    assert _states(run)[3] == ("院长签发", "active")


def test_returned_by_a_reviewer_runs_the_whole_chain_and_tells_the_drafter(
    world, make_suggestion, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(world, upto="in_review")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_act(
            actor=world.users[Role.DIVISION_HEAD],
            suggestion=suggestion,
            approve=False,
            comment="问题部分数据需核实",
        )
    note = Notification.objects.get(user=world.users[Role.JUDGE], kind="returned")
    assert "问题部分数据需核实" in note.message
    suggestion.refresh_from_db()
    run = services.review_submit(actor=world.users[Role.JUDGE], suggestion=suggestion)
    assert _states(run)[0] == ("部门负责人核稿", "active")
    assert not run.steps.filter(carried=True).exists()


def test_sent_during_review_pauses_it_and_proceeding_resumes(world, make_suggestion):
    suggestion = make_suggestion(world, upto="in_review")
    approve_step(world, suggestion)  # 部门负责人核稿
    suggestion.refresh_from_db()
    notice = _send(world, suggestion)
    assert notice.state_before == State.IN_REVIEW
    research = world.users[Role.RESEARCH]
    with pytest.raises((TransitionError, PermissionDenied)):
        services.review_act(actor=research, suggestion=suggestion, approve=True)
    # paused: not in the reviewer's 待审批 list, no review form on the page
    assert selectors.review_waiting_for(research) == []
    step = services.active_step(suggestion)
    assert not may_act_on_step(research, step)
    services.communication_opinion(
        actor=world.users["recipient"],
        communication=notice,
        stance="agree",
        opinion_on=timezone.localdate(),
    )
    services.communication_conclude(actor=world.users[Role.RESEARCH], suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_REVIEW
    assert services.active_step(suggestion).step.name == "研究室审核"
    notice.refresh_from_db()
    assert notice.conclusion == PreCommunication.Conclusion.PROCEED


def test_sent_during_review_then_revised_keeps_the_approvals_so_far(
    world, make_suggestion, letter_content
):
    suggestion = make_suggestion(world, upto="in_review")
    approve_step(world, suggestion)  # 部门负责人核稿
    suggestion.refresh_from_db()
    _send(world, suggestion)
    run = _revise_and_resubmit(world, suggestion, letter_content)
    assert suggestion.runs.filter(outcome=precommunication.RUN_PAUSED).count() == 1
    assert _states(run)[:2] == [("部门负责人核稿", "approved"), ("研究室审核", "active")]


def test_proceed_from_drafting_returns_to_the_drafter(world, make_suggestion):
    suggestion = make_suggestion(world, upto="drafting")
    _send(world, suggestion)
    services.communication_conclude(actor=world.users[Role.RESEARCH], suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFTING and suggestion.holder == suggestion.drafter


# ---- who holds it during review --------------------------------------------------------------


def test_review_holder_names_the_people_of_the_step(world, make_suggestion):
    suggestion = make_suggestion(world, upto="in_review")
    approve_step(world, suggestion)
    label = precommunication.review_holder_label(suggestion, services.active_step(suggestion))
    assert label == f"当前由 {world.users[Role.RESEARCH]}（研究室）审核"


# ---- pages -----------------------------------------------------------------------------------


def test_court_page_sends_the_draft_and_shows_who_reviews(world, make_suggestion, client):
    suggestion = make_suggestion(world, upto="drafting")
    client.force_login(world.users[Role.RESEARCH])
    url = reverse("suggestions:detail", args=[suggestion.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="communicate-form"' in page
    # the preview numbers problems and suggestions as the letter does: 一、（一）
    assert "一、存在的主要问题" in page and "（二）" in page and "（2）" not in page
    today = timezone.localdate()
    response = client.post(
        reverse("suggestions:precomm_send", args=[suggestion.pk]),
        {"kind": "notice", "held_on": today.isoformat(), "respond_by": today.isoformat()},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFTING  # refused: due on its own date
    client.post(
        reverse("suggestions:precomm_send", args=[suggestion.pk]),
        {"kind": "notice", "held_on": today.isoformat()},
    )
    suggestion.refresh_from_db()
    assert suggestion.state == State.PRE_COMMUNICATION
    download = client.get(reverse("suggestions:consultation_docx", args=[suggestion.pk]))
    assert download.status_code == 200
    assert _docx_text(download.content)[0] == "征求意见稿"
    client.post(
        reverse("suggestions:precomm_conclude", args=[suggestion.pk]),
        {"decision": "revise", "reason": "采纳第二条意见"},
    )
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFTING
    services.review_submit(actor=world.users[Role.JUDGE], suggestion=suggestion)
    page = client.get(url).content.decode()
    head = world.users[Role.DIVISION_HEAD]
    assert f"当前由 {head}（庭长）审核" in page


def test_portal_shows_the_full_draft_and_takes_answers_per_item(world, make_suggestion, client):
    suggestion = make_suggestion(world, upto="drafting")
    notice = _send(world, suggestion)
    client.force_login(world.users["recipient"])
    url = reverse("portal:detail", args=[suggestion.pk])
    page = client.get(url).content.decode()
    content = suggestion.latest_version().content
    assert 'data-testid="consultation"' in page
    assert content["problems"][0]["body"] in page and content["suggestions"][1]["body"] in page
    assert "（一）" in page and "（二）" in page
    assert "视为" not in page
    draft = client.get(reverse("portal:draft", args=[suggestion.pk]))
    assert draft.status_code == 200 and _docx_text(draft.content)[0] == "征求意见稿"
    response = client.post(
        url,
        {"action": "opinion", "communication": notice.pk, "stance": "opinions", "opinion": ""},
    )
    assert response.status_code == 400  # “有修改意见” without any opinion
    response = client.post(
        url,
        {
            "action": "opinion",
            "communication": notice.pk,
            "stance": "opinions",
            "item_2": "建议明确公示频次。",
        },
    )
    assert response.status_code == 302
    after = client.get(url).content.decode()
    assert 'data-testid="opinion-form"' not in after  # answered (per item only): no form again
    assert "建议（二）：建议明确公示频次。" in after
    notice.refresh_from_db()
    assert notice.item_opinions == [
        {
            "index": 2,
            "heading": content["suggestions"][1]["heading"],
            "opinion": "建议明确公示频次。",
        }
    ]


def test_court_sets_in_its_chain_which_steps_repeat(world, make_suggestion, letter_content, client):
    client.force_login(world.users[Role.ADMIN])
    client.post(
        reverse("suggestions:workflows"),
        {
            "category": "class",
            "name": "本院类案审批",
            "step_1_name": "部门负责人核稿",
            "step_1_role": "division_head",
            "step_2_name": "研究室审核",
            "step_2_role": "research",
            "step_2_repeat": "on",
            "step_3_name": "分管院领导签发",
            "step_3_role": "vice_president",
            "step_3_signs": "on",
        },
    )
    page = client.get(reverse("suggestions:workflows")).content.decode()
    assert '研究室审核：研究室<span class="text-muted">（征求意见后修改须重新办理）' in page
    suggestion = make_suggestion(world, category="class", upto="signed")
    _send(world, suggestion)
    run = _revise_and_resubmit(world, suggestion, letter_content)
    assert _states(run) == [
        ("部门负责人核稿", "approved"),
        ("研究室审核", "active"),
        ("分管院领导签发", "waiting"),
    ]


def test_api_answers_per_item_and_concludes(world, make_suggestion, api):  # noqa: F811
    suggestion = make_suggestion(world, upto="drafting")
    today = timezone.localdate().isoformat()
    sent = api(
        Role.RESEARCH,
        "post",
        f"/suggestions/{suggestion.pk}/communications",
        {"kind": "notice", "held_on": today},
    )
    assert sent.status_code == 201, sent.content
    communication = sent.json()
    assert communication["version"] == 1 and communication["respond_by"] > today
    answered = api(
        "recipient",
        "post",
        f"/communications/{communication['id']}/opinion",
        {
            "opinion_on": today,
            "stance": "opinions",
            "item_opinions": [{"index": 1, "opinion": "建议补充数据来源。"}],
        },
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["item_opinions"][0]["opinion"] == "建议补充数据来源。"
    concluded = api(
        Role.RESEARCH, "post", f"/suggestions/{suggestion.pk}/communications/conclude", {}
    )
    assert concluded.status_code == 200, concluded.content
    assert concluded.json()["state"] == State.DRAFTING
    assert concluded.json()["communications"][0]["conclusion"] == "proceed"
