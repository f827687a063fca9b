"""Every state change of clues, meetings and suggestions: one function each, keyword-only,
in one transaction, audited; notifications only after commit.

Who may call each one, and in which state, is decided in one place: ``policy.py``. Every
service starts with ``policy.require(actor, obj, "action")``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import RecipientUnit, Role, User
from fengqiao.courts.permissions import require_permission
from fengqiao.courts.selectors import recipient_units_addressable
from fengqiao.library import services as library_services
from fengqiao.suggestions import due_dates, letters, precommunication, stored_letters
from fengqiao.suggestions.chronology import check_event_date
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    Clue,
    Delivery,
    DeliveryMethod,
    Extension,
    FollowUp,
    Meeting,
    PreCommunication,
    Reply,
    ReplyItem,
    ReviewRun,
    State,
    StepRun,
    StoredLetter,
    Suggestion,
    SuggestionVersion,
)
from fengqiao.suggestions.numbering import court_doc_number, take_number
from fengqiao.suggestions.policy import TransitionError, require
from fengqiao.suggestions.selectors import active_step
from fengqiao.suggestions.workflows import workflow_for

__all__ = ["TransitionError", "active_step"]  # re-exported: callers import them from here


def _audit(actor, action: str, suggestion: Suggestion, *, code: str, **details: Any) -> None:
    """``code``: the stable machine code (audit/codes.py); ``action``: the label people read
    (empty: the code's label)."""
    audit_record(
        actor=actor,
        code=code,
        action=action,
        obj=suggestion,
        court=suggestion.court_id,
        after={"state": suggestion.state, **details},
    )


def _lock(obj) -> None:
    """Lock the row for this transaction and re-read it, so checks see the committed state."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk").first()
    obj.refresh_from_db()


def _court_clerk(court_id: int) -> User | None:
    return (
        User.objects.filter(court_id=court_id, role_grants__role=Role.RESEARCH, is_active=True)
        .order_by("id")
        .first()
    )


# ---- clues ---------------------------------------------------------------------------------


@transaction.atomic
def clue_create(
    *,
    actor: User,
    title: str,
    problem: str,
    domain: str = "",
    recipient: RecipientUnit | None = None,
    cases=(),
    source: str = Clue.Source.JUDGE,
    evidence: dict | None = None,
) -> Clue:
    require_permission(actor, "clue.create")
    if not title.strip() or not problem.strip():
        raise ValidationError("线索标题和发现的问题都必须填写。")
    clue = Clue.objects.create(
        court_id=actor.court_id,
        title=title.strip(),
        problem=problem.strip(),
        domain=domain,
        recipient=recipient,
        source=source,
        evidence=evidence or {},
        raised_by=actor,
    )
    case_list = list(cases)
    for case in case_list:
        if case.owner_id != actor.court_id:
            raise PermissionDenied("只能引用本院的案件。")
    clue.cases.set(case_list)
    audit_record(
        actor=actor,
        code="clue.raise",
        obj=clue,
        court=clue.court_id,
        after={"title": clue.title, "cases": [c.pk for c in case_list]},
    )
    return clue


@transaction.atomic
def clue_triage(
    *, actor: User, clue: Clue, decision: str, reason: str = "", merge_into: Clue | None = None
) -> Clue:
    """decision: accept | reject | merge."""
    _lock(clue)
    require(actor, clue, "clue.triage")
    if decision == "accept":
        clue.state = Clue.State.ACCEPTED
    elif decision == "reject":
        if not reason.strip():
            raise ValidationError("不予采纳时必须写明理由。")
        clue.state, clue.reject_reason = Clue.State.REJECTED, reason.strip()
    elif decision == "merge":
        if merge_into is None or merge_into.pk == clue.pk or merge_into.court_id != clue.court_id:
            raise ValidationError("请选择本院的另一条线索进行合并。")
        clue.state, clue.merged_into = Clue.State.MERGED, merge_into
        merge_into.cases.add(*clue.cases.all())
    else:
        raise ValidationError(f"未知的研判结果：{decision}")
    clue.save()
    audit_record(
        actor=actor,
        code="clue.triage",
        obj=clue,
        court=clue.court_id,
        after={
            "decision": decision,
            "reason": reason,
            "merge_into": getattr(merge_into, "pk", None),
        },
    )
    return clue


# ---- meetings ------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *, actor: User, kind: str, held_on: date, session_no: str = "", attendees: str = ""
) -> Meeting:
    require_permission(actor, "meeting.manage")
    if kind not in Meeting.Kind.values:
        raise ValidationError("请选择会议类型。")
    check_event_date(None, "meeting", held_on)
    meeting = Meeting.objects.create(
        court_id=actor.court_id,
        kind=kind,
        held_on=held_on,
        session_no=session_no,
        attendees=attendees,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        code="meeting.create",
        obj=meeting,
        court=meeting.court_id,
        after={"kind": kind, "held_on": held_on, "session_no": session_no},
    )
    return meeting


@transaction.atomic
def agenda_add(
    *, actor: User, meeting: Meeting, clue: Clue | None = None, suggestion: Suggestion | None = None
) -> AgendaItem:
    require(actor, meeting, "meeting.edit")
    if (clue is None) == (suggestion is None):
        raise ValidationError("议题必须是一条线索或一份司法建议。")
    if clue is not None:
        _lock(clue)  # one open agenda item per clue
        require(actor, clue, "agenda.add_clue")
    elif suggestion.court_id != meeting.court_id:
        raise PermissionDenied("只能将本院的司法建议列入本院会议的议程。")
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(meeting=meeting, clue=clue, suggestion=suggestion)
    except IntegrityError:  # the constraint behind the check above (a concurrent add)
        raise TransitionError("该线索已列入议程、尚待决定，不能重复列入。") from None
    audit_record(
        actor=actor,
        code="agenda.add",
        obj=item,
        court=meeting.court_id,
        after={
            "meeting": meeting.pk,
            "clue": getattr(clue, "pk", None),
            "suggestion": getattr(suggestion, "pk", None),
        },
    )
    return item


@transaction.atomic
def agenda_decide(
    *,
    actor: User,
    item: AgendaItem,
    decision: str,
    category: str = "",
    recipient: RecipientUnit | None = None,
    note: str = "",
    drafter: User | None = None,
) -> Suggestion | None:
    """Record the meeting's decision; “同意制发” on a clue opens a draft pre-filled from it
    (at most one draft per clue)."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    require(actor, item, "agenda.decide")
    if decision not in AgendaItem.Decision.values or decision == AgendaItem.Decision.PENDING:
        raise ValidationError("请选择会议决定。")
    check_event_date(None, "decision", item.meeting.held_on)
    if category and category not in Category.values:
        raise ValidationError("未知的司法建议类别。")
    sends_clue = item.clue is not None and decision == AgendaItem.Decision.SEND
    if sends_clue and (not category or recipient is None):
        raise ValidationError("同意制发时必须确定类别和被建议单位。")
    item.decision, item.category, item.recipient, item.note = decision, category, recipient, note
    item.decided_at = timezone.now()
    item.save()
    suggestion = None
    if item.clue is not None and decision in (
        AgendaItem.Decision.SEND,
        AgendaItem.Decision.NOT_SEND,
    ):
        clue = Clue.objects.select_for_update().get(pk=item.clue_id)
        if clue.state == Clue.State.DECIDED or clue.suggestions.exists():
            raise TransitionError("该线索已经议定（或已据此起草司法建议），不能再次决定制发。")
        clue.state = Clue.State.DECIDED
        clue.save()
        if sends_clue:
            suggestion = _suggestion_from_clue(
                actor=actor,
                clue=clue,
                category=category,
                recipient=recipient,
                drafter=drafter or clue.raised_by,
            )
    audit_record(
        actor=actor,
        code="agenda.decide",
        obj=item,
        court=item.meeting.court_id,
        after={
            "decision": decision,
            "category": category,
            "recipient": getattr(recipient, "pk", None),
            "note": note,
            "suggestion": getattr(suggestion, "pk", None),
        },
    )
    return suggestion


def _suggestion_from_clue(*, actor, clue, category, recipient, drafter) -> Suggestion:
    suggestion = Suggestion.objects.create(
        court_id=clue.court_id,
        division_id=drafter.division_id,
        clue=clue,
        category=category,
        domain=clue.domain,
        title=clue.title,
        recipient=recipient,
        drafter=drafter,
        holder=drafter,
        clerk=_court_clerk(clue.court_id),
    )
    suggestion.cases.set(clue.cases.all())
    content = letters.content_from_clue(
        clue, court_name=clue.court.name, recipient_name=recipient.name
    )
    SuggestionVersion.objects.create(
        suggestion=suggestion, number=1, content=content, note="根据线索自动生成", created_by=actor
    )
    _audit(actor, "", suggestion, code="suggestion.create", clue=clue.pk, category=category)
    return suggestion


# ---- drafting -------------------------------------------------------------------------------


@transaction.atomic
def suggestion_create(
    *,
    actor: User,
    title: str,
    category: str,
    recipient: RecipientUnit,
    domain: str = "",
    minors_law: bool = False,
    cases=(),
    content: dict | None = None,
) -> Suggestion:
    require_permission(actor, "suggestion.draft")
    if category not in Category.values:
        raise ValidationError("请选择司法建议类别。")
    if not title.strip():
        raise ValidationError("请填写司法建议的主题。")
    if not recipient_units_addressable(actor).filter(pk=recipient.pk).exists():
        raise PermissionDenied("被建议单位不在本院（或上级法院）登记的名录中。")
    suggestion = Suggestion.objects.create(
        court_id=actor.court_id,
        division_id=actor.division_id,
        category=category,
        domain=domain,
        title=title.strip(),
        recipient=recipient,
        drafter=actor,
        holder=actor,
        clerk=_court_clerk(actor.court_id),
        minors_law=minors_law,
        reply_months=due_dates.default_reply_months(minors_law=minors_law),
    )
    suggestion.cases.set([c for c in cases if c.owner_id == actor.court_id])
    body = {
        **letters.EMPTY_CONTENT,
        "title": f"{actor.court.name}关于{title.strip()}的司法建议书",
        "topic": title.strip(),
        **(content or {}),
    }
    SuggestionVersion.objects.create(
        suggestion=suggestion, number=1, content=body, note="新建", created_by=actor
    )
    _audit(actor, "", suggestion, code="suggestion.create", category=category)
    return suggestion


def _validate_content(content: dict) -> None:
    """The draft's structure: text fields are strings, paragraph lists are lists of strings,
    problems and suggestions are lists of {heading, body}."""
    if not isinstance(content, dict):
        raise ValidationError("文稿内容格式不正确。")
    for key in ("title", "topic", "contact_name", "contact_phone"):
        if not isinstance(content.get(key, ""), str):
            raise ValidationError(f"文稿字段 {key} 应为文字。")
    for key in ("background", "other_matters", "attachments"):
        value = content.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(f"文稿字段 {key} 应为若干段文字。")
    for key in ("problems", "suggestions"):
        rows = content.get(key, [])
        if not isinstance(rows, list) or not all(
            isinstance(r, dict)
            and isinstance(r.get("heading", ""), str)
            and isinstance(r.get("body", ""), str)
            for r in rows
        ):
            raise ValidationError(f"文稿字段 {key} 应为若干条“小标题＋内容”。")


@transaction.atomic
def draft_save(
    *,
    actor: User,
    suggestion: Suggestion,
    content: dict,
    note: str = "",
    reply_months: int | None = None,
    minors_law: bool | None = None,
    cc_units=None,
) -> SuggestionVersion:
    require(actor, suggestion, "edit")
    _validate_content(content)
    if minors_law is not None:
        suggestion.minors_law = minors_law
        if minors_law and reply_months is None:
            suggestion.reply_months = due_dates.MINORS_REPLY_MONTHS
    if reply_months is not None:
        limit = due_dates.MINORS_REPLY_MONTHS if suggestion.minors_law else 2
        if not 1 <= reply_months <= limit:
            raise ValidationError(f"答复期限应为 1 至 {limit} 个月。")
        suggestion.reply_months = reply_months
    if cc_units is not None:
        suggestion.cc_units.set(cc_units)
    suggestion.title = (content.get("topic") or suggestion.title)[:200]
    suggestion.save()
    last = suggestion.latest_version()
    if last is not None and last.content == content:
        return last
    version = SuggestionVersion.objects.create(
        suggestion=suggestion,
        number=(last.number if last else 0) + 1,
        content=content,
        note=note[:200],
        created_by=actor,
    )
    _audit(actor, "", suggestion, code="draft.save", version=version.number)
    return version


@transaction.atomic
def review_submit(*, actor: User, suggestion: Suggestion) -> ReviewRun:
    _lock(suggestion)
    require(actor, suggestion, "submit")
    version = suggestion.latest_version()
    problems = letters.letter_content(suggestion, version.content).validation_errors()
    if suggestion.minors_law and suggestion.reply_months > due_dates.MINORS_REPLY_MONTHS:
        problems.append("适用未成年人保护法的，答复期限为一个月（第一百一十四条）。")
    if problems:
        raise ValidationError(problems)
    try:
        workflow = workflow_for(suggestion.court, suggestion.category)
    except LookupError as error:
        raise ValidationError(str(error)) from error
    steps = list(workflow.steps.order_by("position"))
    # after 征求意见 only the signing step and the steps asked to see it again repeat (第五条)
    carried = precommunication.carried_approvals(suggestion, steps)
    run = ReviewRun.objects.create(suggestion=suggestion, workflow=workflow, version=version)
    first = precommunication.create_step_runs(run, steps, carried)
    suggestion.state = State.IN_REVIEW
    suggestion.holder = first.step.user if first is not None and first.step.user_id else None
    suggestion.save()
    _audit(
        actor,
        "提交审核",
        suggestion,
        code="review.submit",
        run=run.pk,
        version=version.number,
        workflow=workflow.name,
        carried=[carried[k].step.name for k in carried],
    )
    return run


@transaction.atomic
def review_act(
    *,
    actor: User,
    suggestion: Suggestion,
    approve: bool,
    comment: str = "",
    meeting: Meeting | None = None,
    override_reason: str = "",
    see_again: bool = False,
) -> Suggestion:
    """Approve or return the active step. Approving a signing step numbers the letter, after
    the format check passes (or an authorised signer overrides it with a recorded reason)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    require(actor, suggestion, "review")  # the active step's named person or role
    step_run = active_step(suggestion)
    step = step_run.step
    if not approve:
        if not comment.strip():
            raise ValidationError("退回时必须填写修改意见。")
        step_run.state, step_run.comment = StepRun.State.RETURNED, comment.strip()
        step_run.actor, step_run.acted_at = actor, timezone.now()
        step_run.save()
        ReviewRun.objects.filter(pk=step_run.run_id).update(
            finished_at=timezone.now(), outcome="returned"
        )
        suggestion.state, suggestion.holder = State.DRAFTING, suggestion.drafter
        suggestion.save()
        _audit(
            actor, f"{step.name}：退回", suggestion, code="review.return", comment=comment.strip()
        )
        precommunication.notify_drafter_returned(
            suggestion, step_name=step.name, comment=comment.strip()
        )
        return suggestion
    if step.requires_meeting:
        if (
            meeting is None
            or meeting.court_id != suggestion.court_id
            or meeting.kind != Meeting.Kind.COMMITTEE
        ):
            raise ValidationError("审委会审议须关联本院审判委员会的会议记录。")
        check_event_date(suggestion, "review_meeting", meeting.held_on)
        AgendaItem.objects.get_or_create(
            meeting=meeting,
            suggestion=suggestion,
            defaults={
                "decision": AgendaItem.Decision.SEND,
                "category": suggestion.category,
                "recipient": suggestion.recipient,
                "note": comment,
                "decided_at": timezone.now(),
            },
        )
    step_run.state, step_run.comment, step_run.meeting = StepRun.State.APPROVED, comment, meeting
    step_run.actor, step_run.acted_at = actor, timezone.now()
    step_run.see_again = see_again and not step.signs
    step_run.save()
    stored: dict[str, Any] = {}
    if step.signs:
        letter = _sign(
            actor=actor, suggestion=suggestion, run=step_run.run, override_reason=override_reason
        )
        stored = stored_letters.letter_audit_details(letter)
    else:
        following = (
            step_run.run.steps.filter(
                position__gt=step_run.position, state=StepRun.State.WAITING
            )  # approvals carried over after 征求意见 are skipped
            .order_by("position")
            .first()
        )
        if following is None:
            raise ValidationError("审批流程缺少签发步骤，请联系管理员。")
        following.state = StepRun.State.ACTIVE
        following.save()
        suggestion.holder = following.step.user
        suggestion.save()
    _audit(
        actor,
        f"{step.name}：同意",
        suggestion,
        code="suggestion.sign" if step.signs else "review.approve",
        comment=comment,
        doc_number=suggestion.doc_number,
        meeting=getattr(meeting, "pk", None),
        format_override_reason=suggestion.format_override_reason if step.signs else "",
        **stored,  # the signed .docx: revision, SHA-256, size, path
    )
    return suggestion


def _sign(
    *, actor: User, suggestion: Suggestion, run: ReviewRun, override_reason: str
) -> StoredLetter:
    """Number and sign; the signed .docx is produced here ONCE and stored (stored_letters)."""
    today = timezone.localdate()
    if suggestion.number_seq is None:
        seq = take_number(suggestion.court, today.year)
        suggestion.number_year, suggestion.number_seq = today.year, seq
        suggestion.doc_number = court_doc_number(suggestion.court, today.year, seq)

    result = letters.check_letter(
        suggestion, run.version, doc_number=suggestion.doc_number, issued_on=today
    )
    if not result.ok:
        if not override_reason.strip():
            raise ValidationError(
                ["格式检查未通过，不能签发："]
                + [f"{e.message}（{e.where}）" for e in result.errors]
            )
        suggestion.format_override_reason = override_reason.strip()
    suggestion.state = State.SIGNED
    suggestion.signed_at, suggestion.signed_by = timezone.now(), actor
    suggestion.holder = suggestion.clerk
    suggestion.save()
    ReviewRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome="approved")
    return stored_letters.store_signed_letter(
        suggestion=suggestion, version=run.version, reason="签发"
    )


# ---- pre-communication, delivery, reply, follow-up, archive ---------------------------------


def communication_record(
    *,
    actor: User,
    suggestion: Suggestion,
    kind: str,
    held_on: date,
    respond_by: date | None = None,
    participants: str = "",
    note: str = "",
) -> PreCommunication:
    """事前沟通 (第五条): the 征求意见稿 with a 告知函, a visit or a meeting — from drafting on."""
    return precommunication.send(
        actor=actor,
        suggestion=suggestion,
        kind=kind,
        held_on=held_on,
        respond_by=respond_by,
        participants=participants,
        note=note,
    )


def communication_opinion(
    *,
    actor: User,
    communication: PreCommunication,
    opinion: str = "",
    opinion_on: date,
    stance: str = "",
    item_opinions: list[tuple[int, str]] | None = None,
) -> PreCommunication:
    """The recipient's answer to the 征求意见稿 (agree / per item / free text)."""
    return precommunication.answer(
        actor=actor,
        communication=communication,
        opinion=opinion,
        opinion_on=opinion_on,
        stance=stance,
        item_opinions=item_opinions,
    )


def suggestion_revise(*, actor: User, suggestion: Suggestion, reason: str) -> Suggestion:
    """Back to the drafter after 征求意见 (or a signed letter for revision); the 文号 stays."""
    return precommunication.conclude(actor=actor, suggestion=suggestion, revise=True, reason=reason)


def communication_conclude(*, actor: User, suggestion: Suggestion) -> Suggestion:
    """End the 征求意见 without changes: on from where the suggestion stood."""
    return precommunication.conclude(actor=actor, suggestion=suggestion, revise=False)


def _recompute_due(suggestion: Suggestion, schedules: due_dates.Schedules | None = None) -> None:
    last = suggestion.deliveries.order_by("-delivered_on", "-id").first()
    if last is None:
        return
    if schedules is None:
        schedules = due_dates.entered_schedules()
    extensions = list(suggestion.extensions.values_list("months", flat=True))
    due = due_dates.reply_due(
        last.delivered_on, suggestion.reply_months, extensions, schedules=schedules
    )
    suggestion.delivered_on = last.delivered_on
    suggestion.reply_due_on, suggestion.reply_due_explanation = due.due_on, due.explanation


@transaction.atomic
def due_dates_recompute(*, actor: User, reason: str) -> int:
    """Recompute the reply due date of every letter still waiting for its reply (after a
    system administrator entered or changed a year's holiday schedule); each changed date is
    audited. Returns how many changed."""
    require_permission(actor, "court.manage")
    schedules = due_dates.entered_schedules()
    changed = 0
    waiting = Suggestion.objects.select_for_update().filter(state=State.DELIVERED).order_by("pk")
    for suggestion in waiting:
        before = (suggestion.reply_due_on, suggestion.reply_due_explanation)
        _recompute_due(suggestion, schedules)
        if (suggestion.reply_due_on, suggestion.reply_due_explanation) == before:
            continue
        suggestion.save(update_fields=["reply_due_on", "reply_due_explanation", "delivered_on"])
        _audit(
            actor,
            "",
            suggestion,
            code="delivery.due_recompute",
            before_due_on=before[0],
            reply_due_on=suggestion.reply_due_on,
            explanation=suggestion.reply_due_explanation,
            reason=reason,
        )
        changed += 1
    return changed


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    suggestion: Suggestion,
    method: str,
    delivered_on: date,
    receipt=None,
    cc_superior: bool = False,
    cc_superior_court: bool = False,
    note: str = "",
) -> Delivery:
    """Record (re-)delivery; the reply due date is recomputed from the latest delivery."""
    require(actor, suggestion, "deliver")
    if method not in DeliveryMethod.values:
        raise ValidationError("请选择送达方式。")
    check_event_date(suggestion, "delivery", delivered_on)
    if delivered_on > timezone.localdate():
        raise ValidationError("送达日期不能晚于今天。")
    delivery = Delivery.objects.create(
        suggestion=suggestion,
        method=method,
        delivered_on=delivered_on,
        receipt=receipt,
        cc_superior=cc_superior,
        cc_superior_court=cc_superior_court,
        note=note,
        created_by=actor,
    )
    suggestion.state = State.DELIVERED
    _recompute_due(suggestion)
    suggestion.save()
    _audit(
        actor,
        "登记送达",
        suggestion,
        code="delivery.record",
        method=method,
        delivered_on=delivered_on,
        reply_due_on=suggestion.reply_due_on,
        explanation=suggestion.reply_due_explanation,
    )
    library_services.suggestion_delivered(actor=actor, suggestion=suggestion)  # h-library
    return delivery


@transaction.atomic
def extension_grant(*, actor: User, suggestion: Suggestion, months: int, reason: str) -> Extension:
    require(actor, suggestion, "extend")
    if not 1 <= months <= 3 or not reason.strip():
        raise ValidationError("延长期限应为 1 至 3 个月，并写明理由。")
    extension = Extension.objects.create(
        suggestion=suggestion, months=months, reason=reason.strip(), created_by=actor
    )
    before = suggestion.reply_due_on
    _recompute_due(suggestion)
    suggestion.save()
    _audit(
        actor,
        "延长答复期限",
        suggestion,
        code="delivery.extend",
        before=before,
        reply_due_on=suggestion.reply_due_on,
        reason=reason.strip(),
    )
    return extension


@transaction.atomic
def reply_register(
    *,
    actor: User,
    suggestion: Suggestion,
    received_on: date,
    content: str,
    items: list[tuple[int, str, str]],
    attachments=(),
) -> Reply:
    """The 回函: by the clerk, or filed online by the recipient. items: (建议序号, 采纳情况, 措施)."""
    from fengqiao.suggestions.models import ItemOutcome

    require(actor, suggestion, "reply")
    if not content.strip():
        raise ValidationError("请填写回函内容。")
    check_event_date(suggestion, "reply", received_on)
    if received_on > timezone.localdate():
        raise ValidationError("回函日期不能晚于今天。")
    count = len(letters.suggestion_items(suggestion))
    seen: set[int] = set()
    for index, outcome, _measures in items:
        if outcome not in ItemOutcome.values or not 1 <= index <= max(count, 1):
            raise ValidationError(f"第 {index} 条建议的采纳情况无效。")
        if index in seen:
            raise ValidationError(
                f"第 {index} 条建议在本次回函中出现了不止一次；每条建议只能填写一种采纳情况。"
            )
        seen.add(index)
    reply = Reply.objects.create(
        suggestion=suggestion,
        received_on=received_on,
        content=content.strip(),
        filed_by=actor,
        via_portal=actor.is_recipient,
    )
    ReplyItem.objects.bulk_create(
        [ReplyItem(reply=reply, item_index=i, outcome=o, measures=m) for i, o, m in items]
    )
    for attachment in attachments:
        attachment.reply = reply
        attachment.save(update_fields=["reply"])
    if suggestion.state == State.DELIVERED:
        suggestion.state, suggestion.replied_on = State.REPLIED, received_on
        suggestion.holder = suggestion.clerk
        suggestion.save()
    _audit(
        actor,
        "登记回函" if not actor.is_recipient else "在线提交回函",
        suggestion,
        code="reply.submit_online" if actor.is_recipient else "reply.record",
        received_on=received_on,
        items=[[i, o] for i, o, _ in items],
    )
    if actor.is_recipient:
        transaction.on_commit(
            lambda: _notify_clerk(
                suggestion, "reply", str(reply.pk), f"{suggestion.recipient.name}已在线提交回函"
            )
        )
    library_services.entry_refresh(suggestion=suggestion)  # h-library
    return reply


@transaction.atomic
def follow_up_record(
    *,
    actor: User,
    suggestion: Suggestion,
    kind: str,
    held_on: date,
    description: str,
    rule_name: str = "",
) -> FollowUp:
    require(actor, suggestion, "follow_up")
    if kind not in FollowUp.Kind.values or not description.strip():
        raise ValidationError("请选择跟踪类型并填写情况。")
    if kind == FollowUp.Kind.RULE and not rule_name.strip():
        raise ValidationError("建章立制须写明制度名称。")
    check_event_date(suggestion, "follow_up", held_on)
    follow_up = FollowUp.objects.create(
        suggestion=suggestion,
        kind=kind,
        held_on=held_on,
        description=description.strip(),
        rule_name=rule_name.strip(),
        created_by=actor,
    )
    if suggestion.state == State.REPLIED:
        suggestion.state = State.FOLLOW_UP
        suggestion.save()
    _audit(
        actor,
        f"跟踪落实：{follow_up.get_kind_display()}",
        suggestion,
        code="followup.record",
        held_on=held_on,
    )
    library_services.entry_refresh(suggestion=suggestion)  # h-library
    return follow_up


@transaction.atomic
def suggestion_complete(*, actor: User, suggestion: Suggestion, completed_on: date) -> Suggestion:
    """办结: starts the three-month archiving period."""
    require(actor, suggestion, "complete")
    check_event_date(suggestion, "completion", completed_on)
    if completed_on > timezone.localdate():
        raise ValidationError("办结日期不能晚于今天。")
    due = due_dates.archive_due(completed_on)
    suggestion.completed_on, suggestion.archive_due_on = completed_on, due.due_on
    suggestion.save()
    _audit(
        actor,
        "",
        suggestion,
        code="suggestion.complete",
        completed_on=completed_on,
        archive_due_on=due.due_on,
    )
    return suggestion


@transaction.atomic
def suggestion_archive(*, actor: User, suggestion: Suggestion) -> Suggestion:
    require(actor, suggestion, "archive")
    missing = []
    if not suggestion.deliveries.exists():
        missing.append("送达记录")
    if not suggestion.replies.exists():
        missing.append("回函")
    if missing:
        raise ValidationError(f"卷宗不完整，缺少：{'、'.join(missing)}")
    suggestion.state, suggestion.archived_on = State.ARCHIVED, timezone.localdate()
    suggestion.holder = None
    suggestion.save()
    _audit(actor, "", suggestion, code="suggestion.archive", archived_on=suggestion.archived_on)
    return suggestion


@transaction.atomic
def suggestion_withdraw(*, actor: User, suggestion: Suggestion, reason: str) -> Suggestion:
    require(actor, suggestion, "withdraw")
    if not reason.strip():
        raise ValidationError("请写明撤回理由。")
    suggestion.state, suggestion.holder = State.WITHDRAWN, None
    suggestion.save()
    _audit(actor, "", suggestion, code="suggestion.withdraw", reason=reason.strip())
    return suggestion


# ---- notifications --------------------------------------------------------------------------


def _notify_clerk(suggestion: Suggestion, kind: str, key: str, message: str) -> None:
    from fengqiao.suggestions.reminders import notify

    if suggestion.clerk_id:
        notify(user=suggestion.clerk, suggestion=suggestion, kind=kind, key=key, message=message)
