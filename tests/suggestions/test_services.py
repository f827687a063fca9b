"""The suggestion lifecycle through its services: every step, who may take it, and its audit.

clue → triage → meeting/agenda → decide (draft pre-filled from the clue) → draft_save →
review_submit → review steps → sign (numbered) → pre-communication → (revise: same 文号) →
delivery → reply → follow-up → complete → archive.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from fengqiao.audit.models import AuditEntry
from fengqiao.audit.services import audit_verify
from fengqiao.cases.models import Case
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role, UnitKind
from fengqiao.suggestions import services
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    Clue,
    FollowUp,
    ItemOutcome,
    Meeting,
    Notification,
    NumberCounter,
    PreCommunication,
    ReviewRun,
    State,
    StepRun,
    Suggestion,
)
from fengqiao.suggestions.services import TransitionError
from tests.conftest import PASSWORD

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 9, 30, tzinfo=SH)

CHAINS = {
    Category.GOVERNANCE: [
        ("部门负责人核稿", Role.DIVISION_HEAD),
        ("研究室审核", Role.RESEARCH),
        ("审委会审议", Role.COMMITTEE),
        ("院长签发", Role.PRESIDENT),
    ],
    "other": [
        ("部门负责人核稿", Role.DIVISION_HEAD),
        ("研究室审核", Role.RESEARCH),
        ("分管院领导签发", Role.VICE_PRESIDENT),
    ],
}


def chain_for(category: str):
    return CHAINS[Category.GOVERNANCE] if category == Category.GOVERNANCE else CHAINS["other"]


def _last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@contextmanager
def audited(actor, action: str | None = None):
    """The block must append audit entries, every one naming ``actor``."""
    last = _last_audit_id()
    yield
    new = list(AuditEntry.objects.filter(id__gt=last).order_by("id"))
    assert new, "the service call appended no audit entry"
    for entry in new:
        assert entry.actor_id == actor.pk, (entry.action, entry.actor_label)
        assert entry.actor_label == str(actor)
    if action is not None:
        assert any(action in e.action for e in new), [e.action for e in new]


@contextmanager
def not_audited():
    last = _last_audit_id()
    yield
    assert not AuditEntry.objects.filter(id__gt=last).exists()


@pytest.fixture
def strangers(world):
    """One user per role in the sibling court, and a 庭长 of another division of ``basic``."""
    sibling_division = court_services.division_create(
        court=world.basic_sibling, name="民事审判第一庭"
    )
    people = {}
    for role in Role.values:
        if role == Role.SUPERVISOR:
            continue
        people[f"sibling_{role}"] = court_services.user_create(
            username=f"sib_{role}",
            password=PASSWORD,
            full_name=f"海州{role}",
            court=world.basic_sibling,
            division=sibling_division if role in {Role.JUDGE, Role.DIVISION_HEAD} else None,
            roles=[role],
        )
    other_division = court_services.division_create(court=world.basic, name="民事审判第二庭")
    people["division_head_other_division"] = court_services.user_create(
        username="head_civil2",
        password=PASSWORD,
        full_name="民二庭庭长",
        court=world.basic,
        division=other_division,
        roles=[Role.DIVISION_HEAD],
    )
    return people


def _case(court, no: int = 1, cause: str = "物业服务合同纠纷") -> Case:
    return Case.objects.create(
        owner=court,
        case_no=f"（2025）{court.code}民初{no}号",
        court_key=court.code,
        court_code=court.code,
        court_name=court.name,
        cause=cause,
        full_text="（演示）判决书全文",
        content_hash=f"{court.code}-{no}".ljust(64, "0"),
    )


# ---- the whole path ---------------------------------------------------------------------------


@time_machine.travel(MONDAY, tick=False)
def test_whole_lifecycle_from_clue_to_archive(
    world, letter_content, django_capture_on_commit_callbacks
):
    judge, head = world.users[Role.JUDGE], world.users[Role.DIVISION_HEAD]
    research, committee = world.users[Role.RESEARCH], world.users[Role.COMMITTEE]
    president, recipient = world.users[Role.PRESIDENT], world.users["recipient"]
    case = _case(world.basic)
    cc_unit = court_services.recipient_unit_create(
        court=world.basic, name="连云港市物业管理协会", kind=UnitKind.ASSOCIATION
    )

    # clue → triage
    with pytest.raises(PermissionDenied):
        services.clue_create(
            actor=judge, title="x", problem="y", cases=[_case(world.basic_sibling, 9)]
        )
    with audited(judge, "提出线索"):
        clue = services.clue_create(
            actor=judge,
            title="住宅小区物业服务监管",
            problem="物业服务合同纠纷批量涌入，服务标准不清、公共收益不透明。",
            domain="民事",
            recipient=world.unit,
            cases=[case],
        )
    with audited(head, "研判线索"):
        services.clue_triage(actor=head, clue=clue, decision="accept")
    assert clue.state == Clue.State.ACCEPTED
    with pytest.raises(TransitionError):
        services.clue_triage(actor=head, clue=clue, decision="accept")

    # meeting → agenda → decision: a draft pre-filled from the clue
    with audited(head, "登记会议"):
        meeting = services.meeting_create(
            actor=head, kind=Meeting.Kind.DIVISION, held_on=date(2026, 3, 2), session_no="第5次"
        )
    with audited(head, "列入议程"):
        item = services.agenda_add(actor=head, meeting=meeting, clue=clue)
    with audited(head, "会议决定"):
        suggestion = services.agenda_decide(
            actor=head,
            item=item,
            decision=AgendaItem.Decision.SEND,
            category=Category.GOVERNANCE,
            recipient=world.unit,
            note="同意制发",
        )
    clue.refresh_from_db()
    assert clue.state == Clue.State.DECIDED
    assert suggestion.state == State.DRAFTING
    assert (suggestion.drafter, suggestion.holder, suggestion.clerk) == (judge, judge, research)
    assert suggestion.division_id == judge.division_id and suggestion.clue == clue
    assert list(suggestion.cases.all()) == [case]
    first = suggestion.latest_version()
    assert first.number == 1
    assert (
        first.content["title"] == "连云港经济技术开发区人民法院关于住宅小区物业服务监管的司法建议书"
    )
    assert first.content["problems"][0]["heading"] == clue.title
    assert first.content["problems"][0]["body"] == clue.problem
    assert case.case_no in first.content["background"][0]

    # the pre-filled draft has no suggestion yet: review is refused
    with pytest.raises(ValidationError) as refused:
        services.review_submit(actor=judge, suggestion=suggestion)
    assert "未提出具体建议" in str(refused.value)

    # versions are kept; saving identical content makes no new version
    lopsided = letter_content(world.basic.name, n=2)
    lopsided["suggestions"] = lopsided["suggestions"][:1]
    with audited(judge, "保存文稿"):
        v2 = services.draft_save(actor=judge, suggestion=suggestion, content=lopsided, note="初稿")
    with not_audited():
        again = services.draft_save(actor=judge, suggestion=suggestion, content=dict(lopsided))
    assert (v2.number, again.pk) == (2, v2.pk)
    assert suggestion.versions.count() == 2
    with pytest.raises(ValidationError) as refused:
        services.review_submit(actor=judge, suggestion=suggestion)
    assert "一一对应" in str(refused.value)

    no_contact = letter_content(world.basic.name, contact_phone="")
    services.draft_save(actor=judge, suggestion=suggestion, content=no_contact)
    with pytest.raises(ValidationError) as refused:
        services.review_submit(actor=judge, suggestion=suggestion)
    assert "联系人" in str(refused.value)

    good = letter_content(world.basic.name, n=2)
    v4 = services.draft_save(actor=judge, suggestion=suggestion, content=good, cc_units=[cc_unit])
    assert v4.number == 4 and [v.number for v in suggestion.versions.all()] == [1, 2, 3, 4]
    assert first.content != v4.content  # the old versions are unchanged snapshots
    with audited(judge, "提交审核"):
        run = services.review_submit(actor=judge, suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_REVIEW and run.version == v4
    assert [s.state for s in run.steps.all()] == ["active", "waiting", "waiting", "waiting"]

    # the review chain of 综合治理类
    with audited(head, "部门负责人核稿：同意"):
        services.review_act(actor=head, suggestion=suggestion, approve=True, comment="同意")
    with audited(research, "研究室审核：同意"):
        services.review_act(actor=research, suggestion=suggestion, approve=True)
    with pytest.raises(ValidationError):
        services.review_act(actor=committee, suggestion=suggestion, approve=True)
    with pytest.raises(ValidationError):  # a 庭务会 is not the 审委会
        services.review_act(actor=committee, suggestion=suggestion, approve=True, meeting=meeting)
    committee_meeting = services.meeting_create(
        actor=research, kind=Meeting.Kind.COMMITTEE, held_on=date(2026, 3, 2), session_no="第3次"
    )
    with audited(committee, "审委会审议：同意"):
        services.review_act(
            actor=committee, suggestion=suggestion, approve=True, meeting=committee_meeting
        )
    assert AgendaItem.objects.get(meeting=committee_meeting, suggestion=suggestion).decision == (
        AgendaItem.Decision.SEND
    )
    with audited(president, "院长签发：同意"):
        signed = services.review_act(actor=president, suggestion=suggestion, approve=True)
    assert signed.state == State.SIGNED
    assert signed.doc_number == "连开法建〔2026〕1号"
    assert (signed.number_year, signed.number_seq) == (2026, 1)
    assert signed.signed_by == president and signed.holder == research
    assert ReviewRun.objects.get(pk=run.pk).outcome == "approved"

    # pre-communication; the recipient answers online, the clerk is told
    suggestion.refresh_from_db()
    with audited(research, "事前沟通：告知函"):
        notice = services.communication_record(
            actor=research,
            suggestion=suggestion,
            kind=PreCommunication.Kind.NOTICE,
            held_on=date(2026, 3, 2),
            respond_by=date(2026, 3, 16),
        )
    suggestion.refresh_from_db()
    assert suggestion.state == State.PRE_COMMUNICATION
    with pytest.raises(PermissionDenied):
        services.communication_opinion(
            actor=world.users["recipient_other"],
            communication=notice,
            opinion="无意见",
            opinion_on=date(2026, 3, 2),
        )
    with django_capture_on_commit_callbacks(execute=True), audited(recipient, "被建议单位意见"):
        services.communication_opinion(
            actor=recipient,
            communication=notice,
            opinion="建议第二条增加街道监督职责。",
            opinion_on=date(2026, 3, 2),
        )
    notice.refresh_from_db()
    assert notice.recipient_opinion == "建议第二条增加街道监督职责。"
    assert Notification.objects.filter(
        user=research, suggestion=suggestion, kind="opinion"
    ).exists()
    visit = services.communication_record(
        actor=research,
        suggestion=suggestion,
        kind=PreCommunication.Kind.VISIT,
        held_on=date(2026, 3, 2),
    )
    with audited(research, "被建议单位意见"):
        services.communication_opinion(
            actor=research, communication=visit, opinion="当面表示同意", opinion_on=date(2026, 3, 2)
        )

    # revise: back to drafting, the 文号 stays through re-review and re-signing
    with pytest.raises(ValidationError):
        services.suggestion_revise(actor=research, suggestion=suggestion, reason=" ")
    with audited(research, "退回修改"):
        services.suggestion_revise(actor=research, suggestion=suggestion, reason="采纳住建局意见")
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFTING and suggestion.holder == judge
    assert suggestion.doc_number == "连开法建〔2026〕1号"
    revised = {**good, "other_matters": ["已吸收被建议单位反馈意见。"]}
    services.draft_save(actor=judge, suggestion=suggestion, content=revised)
    rerun = services.review_submit(actor=judge, suggestion=suggestion)
    # after 征求意见 only the signing step repeats (第五条; no reviewer asked to see it again)
    assert [(sr.step.name, sr.state, sr.carried) for sr in rerun.steps.order_by("position")] == [
        ("部门负责人核稿", "approved", True),
        ("研究室审核", "approved", True),
        ("审委会审议", "approved", True),
        ("院长签发", "active", False),
    ]
    services.review_act(actor=president, suggestion=suggestion, approve=True)
    suggestion.refresh_from_db()
    assert suggestion.state == State.SIGNED
    assert suggestion.doc_number == "连开法建〔2026〕1号"
    assert NumberCounter.objects.get(court=world.basic, year=2026).last == 1

    # delivery
    with pytest.raises(ValidationError):
        services.delivery_record(
            actor=research, suggestion=suggestion, method="in_person", delivered_on=date(2026, 3, 3)
        )
    with audited(research, "登记送达"):
        services.delivery_record(
            actor=research, suggestion=suggestion, method="in_person", delivered_on=date(2026, 3, 2)
        )
    suggestion.refresh_from_db()
    assert suggestion.state == State.DELIVERED
    assert suggestion.reply_due_on == date(2026, 5, 6)  # 5-2 is a 劳动节 holiday (1–5 May)
    assert suggestion.reply_due_explanation == (
        "送达 2026年3月2日 + 2个月 = 2026年5月2日，遇休息日顺延至 2026年5月6日"
    )

    # reply: outsider refused, bad item refused, clerk and recipient both may file
    items = [(1, ItemOutcome.ADOPTED, "已出台分级标准"), (2, ItemOutcome.PARTLY, "正在研究")]
    with pytest.raises(PermissionDenied):
        services.reply_register(
            actor=world.users["recipient_other"],
            suggestion=suggestion,
            received_on=date(2026, 3, 2),
            content="回函",
            items=items,
        )
    with pytest.raises(ValidationError):
        services.reply_register(
            actor=research,
            suggestion=suggestion,
            received_on=date(2026, 3, 2),
            content="回函",
            items=[(3, ItemOutcome.ADOPTED, "")],
        )
    with audited(research, "登记回函"):
        reply = services.reply_register(
            actor=research,
            suggestion=suggestion,
            received_on=date(2026, 3, 2),
            content="你院司法建议收悉，现函复如下。",
            items=items,
        )
    suggestion.refresh_from_db()
    assert suggestion.state == State.REPLIED and suggestion.replied_on == date(2026, 3, 2)
    assert [(i.item_index, i.outcome) for i in reply.items.all()] == [
        (1, "adopted"),
        (2, "partly"),
    ]
    assert not reply.via_portal
    with django_capture_on_commit_callbacks(execute=True), audited(recipient, "在线提交回函"):
        online = services.reply_register(
            actor=recipient,
            suggestion=suggestion,
            received_on=date(2026, 3, 2),
            content="补充函复：第二条已落实。",
            items=[(2, ItemOutcome.ADOPTED, "已落实")],
        )
    assert online.via_portal and online.filed_by == recipient
    assert Notification.objects.filter(user=research, kind="reply").count() == 1

    # follow-up
    with pytest.raises(ValidationError):
        services.follow_up_record(
            actor=research,
            suggestion=suggestion,
            kind=FollowUp.Kind.RULE,
            held_on=date(2026, 3, 2),
            description="出台制度",
        )
    with audited(research, "跟踪落实：建章立制"):
        services.follow_up_record(
            actor=research,
            suggestion=suggestion,
            kind=FollowUp.Kind.RULE,
            held_on=date(2026, 3, 2),
            description="市住建局出台物业服务分级标准",
            rule_name="连云港市住宅小区物业服务分级标准",
        )
    suggestion.refresh_from_db()
    assert suggestion.state == State.FOLLOW_UP

    # complete → archive
    with pytest.raises(TransitionError):
        services.suggestion_archive(actor=research, suggestion=suggestion)
    with audited(research, "办结"):
        services.suggestion_complete(
            actor=research, suggestion=suggestion, completed_on=date(2026, 3, 2)
        )
    suggestion.refresh_from_db()
    assert suggestion.archive_due_on == date(2026, 6, 2)
    with audited(research, "归档"):
        services.suggestion_archive(actor=research, suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.state == State.ARCHIVED
    assert suggestion.archived_on == date(2026, 3, 2) and suggestion.holder is None

    checked, breaks = audit_verify()
    assert checked > 30 and breaks == []
    trail = AuditEntry.objects.filter(
        object_type="suggestions.suggestion", object_id=str(suggestion.pk)
    )
    assert trail.filter(action="院长签发：同意").count() == 2


# ---- clues and meetings -----------------------------------------------------------------------


def test_clue_triage_reject_needs_reason_and_merge_moves_cases(world):
    judge, research = world.users[Role.JUDGE], world.users[Role.RESEARCH]
    case = _case(world.basic)
    a = services.clue_create(actor=judge, title="预付式消费", problem="商家卷款跑路", cases=[case])
    b = services.clue_create(actor=judge, title="预付卡", problem="办卡后闭店")
    c = services.clue_create(actor=judge, title="其他", problem="零散")
    with pytest.raises(PermissionDenied):
        services.clue_triage(actor=judge, clue=a, decision="accept")
    with pytest.raises(PermissionDenied):  # 研究室 of another court
        other = court_services.user_create(
            username="r2", password=PASSWORD, full_name="r", court=world.basic_sibling,
            roles=[Role.RESEARCH],
        )  # fmt: skip
        services.clue_triage(actor=other, clue=a, decision="accept")
    with pytest.raises(ValidationError):
        services.clue_triage(actor=research, clue=c, decision="reject", reason=" ")
    with audited(research, "研判线索"):
        services.clue_triage(actor=research, clue=c, decision="reject", reason="个别现象")
    assert (c.state, c.reject_reason) == (Clue.State.REJECTED, "个别现象")
    services.clue_triage(actor=research, clue=a, decision="merge", merge_into=b)
    assert a.state == Clue.State.MERGED and list(b.cases.all()) == [case]
    meeting = services.meeting_create(
        actor=research, kind=Meeting.Kind.PROFESSIONAL, held_on=date(2026, 3, 2)
    )
    with pytest.raises(TransitionError):  # only accepted clues go on an agenda
        services.agenda_add(actor=research, meeting=meeting, clue=a)


def test_agenda_not_send_and_investigate(world):
    judge, research = world.users[Role.JUDGE], world.users[Role.RESEARCH]
    meeting = services.meeting_create(
        actor=research, kind=Meeting.Kind.PROFESSIONAL, held_on=date(2026, 3, 2)
    )
    clues = []
    for title in ("民间借贷", "房屋中介"):
        clue = services.clue_create(actor=judge, title=title, problem="问题")
        services.clue_triage(actor=research, clue=clue, decision="accept")
        clues.append(clue)
    items = [services.agenda_add(actor=research, meeting=meeting, clue=c) for c in clues]
    with pytest.raises(ValidationError):  # “同意制发” needs a category and a recipient
        services.agenda_decide(actor=research, item=items[0], decision=AgendaItem.Decision.SEND)
    assert (
        services.agenda_decide(actor=research, item=items[0], decision=AgendaItem.Decision.NOT_SEND)
        is None
    )
    services.agenda_decide(actor=research, item=items[1], decision=AgendaItem.Decision.INVESTIGATE)
    states = [Clue.objects.get(pk=c.pk).state for c in clues]
    assert states == [Clue.State.DECIDED, Clue.State.ACCEPTED]
    assert not Suggestion.objects.exists()
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=judge, kind=Meeting.Kind.DIVISION, held_on=date(2026, 3, 2))


def test_deciding_an_agenda_item_twice_is_refused(world):
    research = world.users[Role.RESEARCH]
    clue = services.clue_create(actor=world.users[Role.JUDGE], title="民间借贷", problem="问题")
    services.clue_triage(actor=research, clue=clue, decision="accept")
    meeting = services.meeting_create(
        actor=research, kind=Meeting.Kind.PROFESSIONAL, held_on=date(2026, 3, 2)
    )
    item = services.agenda_add(actor=research, meeting=meeting, clue=clue)
    decide = dict(
        actor=research,
        item=item,
        decision=AgendaItem.Decision.SEND,
        category=Category.CLASS,
        recipient=world.unit,
    )
    services.agenda_decide(**decide)
    with pytest.raises(TransitionError):
        services.agenda_decide(**decide)
    assert Suggestion.objects.filter(clue=clue).count() == 1


# ---- who may take each review step ------------------------------------------------------------


@pytest.mark.parametrize("category", [Category.GOVERNANCE, Category.CLASS, Category.CIVIL_117])
def test_each_review_step_only_by_its_role(world, strangers, make_suggestion, category):
    suggestion = make_suggestion(world, category=category, upto="in_review")
    committee_meeting = services.meeting_create(
        actor=world.users[Role.RESEARCH], kind=Meeting.Kind.COMMITTEE, held_on=date(2026, 3, 2)
    )
    everyone = {**world.users, **strangers}
    for name, role in chain_for(category):
        active = services.active_step(suggestion)
        assert (active.step.name, active.step.role) == (name, role)
        extra = {"meeting": committee_meeting} if active.step.requires_meeting else {}
        with not_audited():
            for who, user in everyone.items():
                if who == role:
                    continue
                for approve in (True, False):
                    with pytest.raises(PermissionDenied):
                        services.review_act(
                            actor=user,
                            suggestion=suggestion,
                            approve=approve,
                            comment="意见",
                            **extra,
                        )
        assert services.active_step(suggestion).pk == active.pk
        with audited(world.users[role], f"{name}：同意"):
            services.review_act(
                actor=world.users[role], suggestion=suggestion, approve=True, **extra
            )
    suggestion.refresh_from_db()
    assert suggestion.state == State.SIGNED
    signer = Role.PRESIDENT if category == Category.GOVERNANCE else Role.VICE_PRESIDENT
    assert suggestion.signed_by == world.users[signer]


@pytest.mark.parametrize("returned_at", [0, 2])
def test_returning_needs_a_comment_and_goes_back_to_the_drafter(
    world, make_suggestion, returned_at
):
    suggestion = make_suggestion(world, upto="in_review")
    meeting = services.meeting_create(
        actor=world.users[Role.RESEARCH], kind=Meeting.Kind.COMMITTEE, held_on=date(2026, 3, 2)
    )
    chain = CHAINS[Category.GOVERNANCE]
    for _, role in chain[:returned_at]:
        services.review_act(
            actor=world.users[role], suggestion=suggestion, approve=True, meeting=meeting
        )
    name, role = chain[returned_at]
    actor = world.users[role]
    for comment in ("", "  "):
        with pytest.raises(ValidationError):
            services.review_act(actor=actor, suggestion=suggestion, approve=False, comment=comment)
    with audited(actor, f"{name}：退回"):
        services.review_act(
            actor=actor, suggestion=suggestion, approve=False, comment="问题二的表述需要具体化"
        )
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFTING
    assert suggestion.holder == suggestion.drafter == world.users[Role.JUDGE]
    step = StepRun.objects.get(run__suggestion=suggestion, position=returned_at + 1)
    assert (step.state, step.comment, step.actor) == (
        StepRun.State.RETURNED,
        "问题二的表述需要具体化",
        actor,
    )
    assert suggestion.runs.get().outcome == "returned"
    # the drafter edits and resubmits: a new run starts at the first step
    content = {**suggestion.latest_version().content, "other_matters": ["已按意见修改。"]}
    services.draft_save(actor=suggestion.drafter, suggestion=suggestion, content=content)
    services.review_submit(actor=suggestion.drafter, suggestion=suggestion)
    assert suggestion.runs.count() == 2
    assert services.active_step(suggestion).step.name == "部门负责人核稿"


# ---- the format check at signing --------------------------------------------------------------


def legacy_number_pattern(court, pattern: str) -> None:
    """A pattern stored before patterns were validated on save (Court.save refuses it now)."""
    type(court).objects.filter(pk=court.pk).update(doc_number_pattern=pattern)
    court.refresh_from_db()


@time_machine.travel(MONDAY, tick=False)
def test_format_check_blocks_signing_unless_overridden(world, make_suggestion):
    legacy_number_pattern(world.basic, "{short}法建({year})第{n}号")
    suggestion = make_suggestion(world, upto="ready_to_sign")
    president = world.users[Role.PRESIDENT]
    with not_audited(), pytest.raises(ValidationError) as blocked:
        services.review_act(actor=president, suggestion=suggestion, approve=True)
    text = str(blocked.value)
    assert "格式检查未通过" in text and "六角括号" in text and "第" in text
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_REVIEW and suggestion.number_seq is None
    assert services.active_step(suggestion).step.name == "院长签发"
    assert not NumberCounter.objects.filter(court=world.basic, last__gt=0).exists()

    with audited(president, "院长签发：同意"):
        services.review_act(
            actor=president,
            suggestion=suggestion,
            approve=True,
            override_reason="经院长批准沿用本院旧式编号",
        )
    suggestion.refresh_from_db()
    assert suggestion.state == State.SIGNED
    assert suggestion.doc_number == "连开法建(2026)第1号"
    assert suggestion.format_override_reason == "经院长批准沿用本院旧式编号"


def test_format_check_also_catches_letter_content(world, make_suggestion, letter_content):
    content = letter_content(world.basic.name, contact_phone="另行通知")  # no phone number
    suggestion = make_suggestion(world, upto="ready_to_sign", content=content)
    with pytest.raises(ValidationError) as blocked:
        services.review_act(actor=world.users[Role.PRESIDENT], suggestion=suggestion, approve=True)
    assert "电话" in str(blocked.value)


def test_format_override_is_in_the_audit_trail(world, make_suggestion):
    legacy_number_pattern(world.basic, "{short}法建({year})第{n}号")
    suggestion = make_suggestion(world, upto="ready_to_sign")
    services.review_act(
        actor=world.users[Role.PRESIDENT],
        suggestion=suggestion,
        approve=True,
        override_reason="旧式编号",
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert "旧式编号" in str(entry.after)


def test_resign_in_a_new_year_keeps_the_number_but_needs_an_override(
    world, make_suggestion, advance
):
    """Documented behaviour: a letter numbered in 2026 and re-signed in 2027 keeps
    “〔2026〕” while its 成文日期 is 2027, which the checker rejects (year mismatch)."""
    with time_machine.travel(datetime(2026, 12, 30, 10, tzinfo=SH), tick=False):
        suggestion = make_suggestion(world, upto="signed")
        services.suggestion_revise(
            actor=world.users[Role.RESEARCH], suggestion=suggestion, reason="改"
        )
    with time_machine.travel(datetime(2027, 1, 4, 10, tzinfo=SH), tick=False):
        suggestion = advance(world, suggestion, upto="ready_to_sign")
        with pytest.raises(ValidationError) as blocked:
            services.review_act(
                actor=world.users[Role.PRESIDENT], suggestion=suggestion, approve=True
            )
        assert "年份" in str(blocked.value)
        signed = services.review_act(
            actor=world.users[Role.PRESIDENT],
            suggestion=suggestion,
            approve=True,
            override_reason="沿用原文号",
        )
    assert signed.doc_number == "连开法建〔2026〕1号"


# ---- permissions of the other steps -----------------------------------------------------------

NOT_RESEARCH = [
    Role.JUDGE,
    Role.DIVISION_HEAD,
    Role.VICE_PRESIDENT,
    Role.PRESIDENT,
    Role.COMMITTEE,
    Role.ADMIN,
    "supervisor_mid",
    "supervisor_high",
    "judge_sibling",
    "recipient_other",
    "sibling_research",
]


def _register_calls(world, suggestion):
    day = date(2026, 3, 2)
    return {
        "communication_record": lambda a: services.communication_record(
            actor=a, suggestion=suggestion, kind="notice", held_on=day
        ),
        "delivery_record": lambda a: services.delivery_record(
            actor=a, suggestion=suggestion, method="post", delivered_on=day
        ),
        "suggestion_revise": lambda a: services.suggestion_revise(
            actor=a, suggestion=suggestion, reason="修改"
        ),
        "reply_register": lambda a: services.reply_register(
            actor=a, suggestion=suggestion, received_on=day, content="回函", items=[]
        ),
        "follow_up_record": lambda a: services.follow_up_record(
            actor=a, suggestion=suggestion, kind="visit", held_on=day, description="回访"
        ),
        "suggestion_complete": lambda a: services.suggestion_complete(
            actor=a, suggestion=suggestion, completed_on=day
        ),
        "suggestion_archive": lambda a: services.suggestion_archive(actor=a, suggestion=suggestion),
    }


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(
    "upto,call",
    [
        ("signed", "communication_record"),
        ("signed", "delivery_record"),
        ("pre_communication", "suggestion_revise"),
        ("delivered", "reply_register"),
        ("delivered", "follow_up_record"),
        ("replied", "suggestion_complete"),
        ("completed", "suggestion_archive"),
    ],
)
def test_register_steps_only_by_research_of_the_court(
    world, strangers, make_suggestion, upto, call
):
    suggestion = make_suggestion(world, upto=upto)
    people = {**world.users, **strangers}
    calls = _register_calls(world, suggestion)
    with not_audited():
        for who in NOT_RESEARCH:
            with pytest.raises(PermissionDenied):
                calls[call](people[who])
    research = world.users[Role.RESEARCH]
    with audited(research):
        calls[call](research)


def test_drafting_permissions(world, strangers, make_suggestion, letter_content):
    suggestion = make_suggestion(world, upto="drafting")
    content = letter_content(world.basic.name, n=3)
    for who in [Role.VICE_PRESIDENT, Role.PRESIDENT, Role.COMMITTEE, Role.ADMIN, "recipient"]:
        with pytest.raises(PermissionDenied):
            services.draft_save(actor=world.users[who], suggestion=suggestion, content=content)
    for user in [strangers["sibling_judge"], strangers["sibling_research"]]:
        with pytest.raises(PermissionDenied):
            services.draft_save(actor=user, suggestion=suggestion, content=content)
        with pytest.raises(PermissionDenied):
            services.review_submit(actor=user, suggestion=suggestion)
    other_judge = court_services.user_create(
        username="judge2", password=PASSWORD, full_name="另一法官", court=world.basic,
        roles=[Role.JUDGE],
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a judge who is neither drafter nor holder
        services.draft_save(actor=other_judge, suggestion=suggestion, content=content)
    with pytest.raises(PermissionDenied):
        services.suggestion_create(
            actor=world.users[Role.JUDGE], title="t", category="class", recipient=world.unit_other
        )
    with audited(world.users[Role.RESEARCH], "保存文稿"):
        services.draft_save(
            actor=world.users[Role.RESEARCH], suggestion=suggestion, content=content
        )


def test_withdraw(world, make_suggestion):
    drafting = make_suggestion(world, upto="drafting")
    in_review = make_suggestion(world, upto="in_review")
    signed = make_suggestion(world, upto="signed")
    with pytest.raises(PermissionDenied):
        services.suggestion_withdraw(
            actor=world.users[Role.DIVISION_HEAD], suggestion=drafting, reason="不再需要"
        )
    with pytest.raises(PermissionDenied):
        services.suggestion_withdraw(
            actor=world.users["judge_sibling"], suggestion=drafting, reason="不再需要"
        )
    with pytest.raises(ValidationError):
        services.suggestion_withdraw(actor=world.users[Role.JUDGE], suggestion=drafting, reason="")
    with audited(world.users[Role.JUDGE], "撤回"):
        services.suggestion_withdraw(
            actor=world.users[Role.JUDGE], suggestion=drafting, reason="问题已解决"
        )
    with pytest.raises(TransitionError):
        services.suggestion_withdraw(
            actor=world.users[Role.RESEARCH], suggestion=in_review, reason="x"
        )
    services.suggestion_withdraw(actor=world.users[Role.RESEARCH], suggestion=signed, reason="x")
    assert {s.state for s in Suggestion.objects.filter(pk__in=[drafting.pk, signed.pk])} == {
        State.WITHDRAWN
    }


# ---- wrong states -----------------------------------------------------------------------------


@time_machine.travel(MONDAY, tick=False)
def test_transitions_in_wrong_states_raise(world, make_suggestion, letter_content):
    research, judge = world.users[Role.RESEARCH], world.users[Role.JUDGE]
    content = letter_content(world.basic.name, n=3)
    day = date(2026, 3, 2)

    def reg(s):
        return _register_calls(world, s)

    drafting = make_suggestion(world, upto="drafting")
    for name, call in reg(drafting).items():
        if name == "communication_record":
            continue  # the 征求意见稿 may be sent while drafting (第五条; test_precommunication)
        with pytest.raises(TransitionError):
            call(research)
    with pytest.raises(TransitionError):
        services.review_act(actor=research, suggestion=drafting, approve=True)

    in_review = make_suggestion(world, upto="in_review")
    with pytest.raises(TransitionError):
        services.draft_save(actor=judge, suggestion=in_review, content=content)
    with pytest.raises(TransitionError):
        services.review_submit(actor=judge, suggestion=in_review)
    with pytest.raises(TransitionError):
        services.delivery_record(
            actor=research, suggestion=in_review, method="post", delivered_on=day
        )

    signed = make_suggestion(world, upto="signed")
    with pytest.raises(TransitionError):
        services.review_act(actor=world.users[Role.PRESIDENT], suggestion=signed, approve=True)
    with pytest.raises(TransitionError):
        services.draft_save(actor=judge, suggestion=signed, content=content)
    with pytest.raises(TransitionError):
        services.reply_register(
            actor=research, suggestion=signed, received_on=day, content="回函", items=[]
        )
    with pytest.raises(TransitionError):
        services.extension_grant(actor=research, suggestion=signed, months=1, reason="延期")

    delivered = make_suggestion(world, upto="delivered")
    for name in ("communication_record", "suggestion_revise", "suggestion_complete"):
        with pytest.raises(TransitionError):
            reg(delivered)[name](research)
    with pytest.raises(TransitionError):
        services.suggestion_withdraw(actor=research, suggestion=delivered, reason="x")

    archived = make_suggestion(world, upto="archived")
    for call in reg(archived).values():
        with pytest.raises(TransitionError):
            call(research)
    with pytest.raises(TransitionError):
        services.suggestion_withdraw(actor=research, suggestion=archived, reason="x")


def test_archive_refused_when_deliveries_or_replies_missing(world, make_suggestion):
    """Files that reached 跟踪落实 without a 回函 (e.g. migrated from a paper register) or
    without a 送达回证 cannot be archived."""
    research = world.users[Role.RESEARCH]
    suggestion = make_suggestion(world, upto="delivered")
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.FOLLOW_UP)
    suggestion.refresh_from_db()
    services.suggestion_complete(actor=research, suggestion=suggestion, completed_on=date.today())
    with pytest.raises(ValidationError) as refused:
        services.suggestion_archive(actor=research, suggestion=suggestion)
    assert "缺少：回函" in str(refused.value)
    suggestion.deliveries.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.suggestion_archive(actor=research, suggestion=suggestion)
    assert "缺少：送达记录、回函" in str(refused.value)
    suggestion.refresh_from_db()
    assert suggestion.state == State.FOLLOW_UP


def test_every_service_call_of_a_full_run_is_audited_and_the_chain_verifies(world, make_suggestion):
    before = AuditEntry.objects.count()
    suggestion = make_suggestion(world, upto="archived")
    actions = list(
        AuditEntry.objects.filter(
            object_type="suggestions.suggestion", object_id=str(suggestion.pk)
        )
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert [a for a, _ in actions] == [
        "创建司法建议",
        "提交审核",
        "部门负责人核稿：同意",
        "研究室审核：同意",
        "审委会审议：同意",
        "院长签发：同意",
        "登记送达",
        "登记回函",
        "跟踪落实：建章立制",
        "办结",
        "归档",
    ]
    assert all(actor_id for _, actor_id in actions)
    assert AuditEntry.objects.count() > before + len(actions)  # + the committee meeting
    assert audit_verify()[1] == []
