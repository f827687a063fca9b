"""Every state change of clues, meetings and suggestions: one function each, keyword-only,
permission-checked, in one transaction, audited; notifications only after commit."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import RecipientUnit, Role, User
from fengqiao.courts.permissions import require_permission
from fengqiao.suggestions import due_dates, letters, precommunication
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
    Suggestion,
    SuggestionVersion,
)
from fengqiao.suggestions.numbering import format_doc_number, take_number
from fengqiao.suggestions.workflows import may_act_on_step, workflow_for


class TransitionError(ValidationError):
    """The suggestion is not in a state that allows this step."""


def _same_court(actor: User, court_id: int) -> None:
    if actor.court_id != court_id:
        raise PermissionDenied("只能处理本院的司法建议工作。")


def _expect(suggestion: Suggestion, *states: str) -> None:
    if suggestion.state not in states:
        allowed = "、".join(State(s).label for s in states)
        raise TransitionError(
            f"当前状态为“{suggestion.get_state_display()}”，此操作只能在“{allowed}”状态下进行。"
        )


def _audit(actor, action: str, suggestion: Suggestion, **details: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=suggestion,
        court=suggestion.court_id,
        after={"state": suggestion.state, **details},
    )


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
        action="提出线索",
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
    require_permission(actor, "clue.triage")
    _same_court(actor, clue.court_id)
    if clue.state != Clue.State.NEW:
        raise TransitionError("只有“待研判”的线索可以研判。")
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
        action="研判线索",
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
        action="登记会议",
        obj=meeting,
        court=meeting.court_id,
        after={"kind": kind, "held_on": held_on, "session_no": session_no},
    )
    return meeting


@transaction.atomic
def agenda_add(
    *, actor: User, meeting: Meeting, clue: Clue | None = None, suggestion: Suggestion | None = None
) -> AgendaItem:
    require_permission(actor, "meeting.manage")
    _same_court(actor, meeting.court_id)
    if (clue is None) == (suggestion is None):
        raise ValidationError("议题必须是一条线索或一份司法建议。")
    target = clue or suggestion
    _same_court(actor, target.court_id)
    if clue is not None and clue.state != Clue.State.ACCEPTED:
        raise TransitionError("只有已采纳的线索可以列入议程。")
    item = AgendaItem.objects.create(meeting=meeting, clue=clue, suggestion=suggestion)
    audit_record(
        actor=actor,
        action="列入议程",
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
    """Record the meeting's decision; “同意制发” on a clue opens a draft pre-filled from it."""
    require_permission(actor, "meeting.manage")
    _same_court(actor, item.meeting.court_id)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.decision != AgendaItem.Decision.PENDING:
        raise TransitionError("该议题已经作出决定。")
    if decision not in AgendaItem.Decision.values or decision == AgendaItem.Decision.PENDING:
        raise ValidationError("请选择会议决定。")
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
        clue = item.clue
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
        action="会议决定",
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
    _audit(actor, "创建司法建议", suggestion, clue=clue.pk, category=category)
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
    if not actor.court.path.startswith(recipient.court.path):
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
    _audit(actor, "创建司法建议", suggestion, category=category)
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


def _may_edit(actor: User, suggestion: Suggestion) -> bool:
    return actor.pk in {suggestion.drafter_id, suggestion.holder_id} or actor.has_role(
        Role.RESEARCH, Role.DIVISION_HEAD
    )


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
    require_permission(actor, "suggestion.draft")
    _same_court(actor, suggestion.court_id)
    _expect(suggestion, State.DRAFTING)
    if not _may_edit(actor, suggestion):
        raise PermissionDenied("只有起草人、庭长或研究室可以修改文稿。")
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
    _audit(actor, "保存文稿", suggestion, version=version.number)
    return version


@transaction.atomic
def review_submit(*, actor: User, suggestion: Suggestion) -> ReviewRun:
    _same_court(actor, suggestion.court_id)
    _expect(suggestion, State.DRAFTING)
    if not _may_edit(actor, suggestion):
        raise PermissionDenied("只有起草人、庭长或研究室可以提交审核。")
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
        run=run.pk,
        version=version.number,
        workflow=workflow.name,
        carried=[carried[k].step.name for k in carried],
    )
    return run


def active_step(suggestion: Suggestion) -> StepRun | None:
    run = suggestion.runs.filter(finished_at__isnull=True).order_by("-id").first()
    if run is None:
        return None
    return (
        run.steps.select_related("step", "run__suggestion")
        .filter(state=StepRun.State.ACTIVE)
        .first()
    )


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
    _same_court(actor, suggestion.court_id)
    if not actor.has_role(
        Role.DIVISION_HEAD, Role.RESEARCH, Role.COMMITTEE, Role.VICE_PRESIDENT, Role.PRESIDENT
    ):
        raise PermissionDenied("您没有审批权限。")
    _expect(suggestion, State.IN_REVIEW)
    step_run = active_step(suggestion)
    if step_run is None or not may_act_on_step(actor, step_run):
        raise PermissionDenied("您不是当前审批步骤的办理人。")
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
        _audit(actor, f"{step.name}：退回", suggestion, comment=comment.strip())
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
    if step.signs:
        _sign(actor=actor, suggestion=suggestion, run=step_run.run, override_reason=override_reason)
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
        comment=comment,
        doc_number=suggestion.doc_number,
        meeting=getattr(meeting, "pk", None),
        format_override_reason=suggestion.format_override_reason if step.signs else "",
    )
    return suggestion


def _sign(*, actor: User, suggestion: Suggestion, run: ReviewRun, override_reason: str) -> None:
    today = timezone.localdate()
    if suggestion.number_seq is None:
        seq = take_number(suggestion.court, today.year)
        suggestion.number_year, suggestion.number_seq = today.year, seq
        suggestion.doc_number = format_doc_number(suggestion.court, today.year, seq)
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


# ---- pre-communication, delivery, reply, follow-up, archive ---------------------------------


def _register_actor(actor: User, suggestion: Suggestion) -> None:
    require_permission(actor, "suggestion.register")
    _same_court(actor, suggestion.court_id)


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


def _recompute_due(suggestion: Suggestion) -> None:
    last = suggestion.deliveries.order_by("-delivered_on", "-id").first()
    if last is None:
        return
    extensions = list(suggestion.extensions.values_list("months", flat=True))
    due = due_dates.reply_due(last.delivered_on, suggestion.reply_months, extensions)
    suggestion.delivered_on = last.delivered_on
    suggestion.reply_due_on, suggestion.reply_due_explanation = due.due_on, due.explanation


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
    _register_actor(actor, suggestion)
    _expect(suggestion, State.SIGNED, State.PRE_COMMUNICATION, State.DELIVERED)
    if not suggestion.doc_number:
        raise TransitionError("尚未签发编号，不能送达；征求意见稿请通过告知函发出。")
    if method not in DeliveryMethod.values:
        raise ValidationError("请选择送达方式。")
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
        method=method,
        delivered_on=delivered_on,
        reply_due_on=suggestion.reply_due_on,
        explanation=suggestion.reply_due_explanation,
    )
    return delivery


@transaction.atomic
def extension_grant(*, actor: User, suggestion: Suggestion, months: int, reason: str) -> Extension:
    _register_actor(actor, suggestion)
    _expect(suggestion, State.DELIVERED)
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

    if actor.is_recipient:
        if actor.recipient_unit_id != suggestion.recipient_id:
            raise PermissionDenied("只能答复发给本单位的司法建议。")
    else:
        _register_actor(actor, suggestion)
    _expect(suggestion, State.DELIVERED, State.REPLIED, State.FOLLOW_UP)
    if not content.strip():
        raise ValidationError("请填写回函内容。")
    if received_on > timezone.localdate():
        raise ValidationError("回函日期不能晚于今天。")
    count = len(letters.suggestion_items(suggestion))
    for index, outcome, _measures in items:
        if outcome not in ItemOutcome.values or not 1 <= index <= max(count, 1):
            raise ValidationError(f"第 {index} 条建议的采纳情况无效。")
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
        received_on=received_on,
        items=[[i, o] for i, o, _ in items],
    )
    if actor.is_recipient:
        transaction.on_commit(
            lambda: _notify_clerk(
                suggestion, "reply", str(reply.pk), f"{suggestion.recipient.name}已在线提交回函"
            )
        )
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
    _register_actor(actor, suggestion)
    _expect(suggestion, State.DELIVERED, State.REPLIED, State.FOLLOW_UP)
    if kind not in FollowUp.Kind.values or not description.strip():
        raise ValidationError("请选择跟踪类型并填写情况。")
    if kind == FollowUp.Kind.RULE and not rule_name.strip():
        raise ValidationError("建章立制须写明制度名称。")
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
    _audit(actor, f"跟踪落实：{follow_up.get_kind_display()}", suggestion, held_on=held_on)
    return follow_up


@transaction.atomic
def suggestion_complete(*, actor: User, suggestion: Suggestion, completed_on: date) -> Suggestion:
    """办结: starts the three-month archiving period."""
    _register_actor(actor, suggestion)
    _expect(suggestion, State.REPLIED, State.FOLLOW_UP)
    if completed_on > timezone.localdate():
        raise ValidationError("办结日期不能晚于今天。")
    due = due_dates.archive_due(completed_on)
    suggestion.completed_on, suggestion.archive_due_on = completed_on, due.due_on
    suggestion.save()
    _audit(actor, "办结", suggestion, completed_on=completed_on, archive_due_on=due.due_on)
    return suggestion


@transaction.atomic
def suggestion_archive(*, actor: User, suggestion: Suggestion) -> Suggestion:
    _register_actor(actor, suggestion)
    _expect(suggestion, State.REPLIED, State.FOLLOW_UP)
    if suggestion.completed_on is None:
        raise TransitionError("请先办结，再归档。")
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
    _audit(actor, "归档", suggestion, archived_on=suggestion.archived_on)
    return suggestion


@transaction.atomic
def suggestion_withdraw(*, actor: User, suggestion: Suggestion, reason: str) -> Suggestion:
    _same_court(actor, suggestion.court_id)
    if not (actor.has_role(Role.RESEARCH) or actor.pk == suggestion.drafter_id):
        raise PermissionDenied("只有起草人或研究室可以撤回。")
    _expect(suggestion, State.DRAFTING, State.SIGNED, State.PRE_COMMUNICATION)
    if not reason.strip():
        raise ValidationError("请写明撤回理由。")
    suggestion.state, suggestion.holder = State.WITHDRAWN, None
    suggestion.save()
    _audit(actor, "撤回", suggestion, reason=reason.strip())
    return suggestion


# ---- notifications --------------------------------------------------------------------------


def _notify_clerk(suggestion: Suggestion, kind: str, key: str, message: str) -> None:
    from fengqiao.suggestions.reminders import notify

    if suggestion.clerk_id:
        notify(user=suggestion.clerk, suggestion=suggestion, kind=kind, key=key, message=message)
