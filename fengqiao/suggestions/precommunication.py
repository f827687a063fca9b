"""事前沟通 on the draft, per 法释〔2023〕11号第五条.

“提出司法建议前，应当……积极与被建议单位沟通，听取其意见”: the court sends the 征求意见稿
(marked as such, no 文号, no 院印, no date) with a 告知函 at any point after a draft exists — while
drafting, during review or after signing. The recipient reads the whole draft in the portal and
answers (无不同意见 / opinions per item / free text). The court then either sends the draft back
to the drafter (who is notified) or carries on from where it stood.

A draft revised after pre-communication does not run the whole review chain again: the signing
step repeats, and so does every step the chain marks ``repeat_after_precomm`` or whose reviewer
ticked “修改后需再次送我审核”; the other approvals of the previous run carry over (recorded as
such on the new run).

The period for the answer is real (default ``FENGQIAO_NOTICE_REPLY_DAYS``, never the letter's
own date) and the 告知函 says nothing about silence meaning consent: 第五条 has no such rule.

Who may do each of these, and in which states, is the lifecycle policy (``policy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Role, User
from fengqiao.documents.content import SuggestionContent
from fengqiao.documents.docx_writer import render_suggestion_docx
from fengqiao.suggestions import letters
from fengqiao.suggestions.chronology import check_communication, check_event_date
from fengqiao.suggestions.due_dates import chinese_day
from fengqiao.suggestions.models import (
    PreCommunication,
    ReviewRun,
    State,
    StepRun,
    Suggestion,
    SuggestionVersion,
    WorkflowStep,
)
from fengqiao.suggestions.policy import require

MAX_PERIOD_DAYS = 92  # a period to answer, not an open-ended wait
RUN_PAUSED = "precomm"  # ReviewRun.outcome of a review interrupted by a revision after 征求意见


def notice_period_days() -> int:
    return max(1, int(getattr(settings, "FENGQIAO_NOTICE_REPLY_DAYS", 15)))


def default_respond_by(held_on: date) -> date:
    return held_on + timedelta(days=notice_period_days())


# Who may send, answer, revise or proceed, and in which states: the lifecycle policy
# (policy.py: rows communicate, opinion, revise, proceed).


def _lock(suggestion: Suggestion) -> None:
    """Lock the row and bring the caller's instance up to date (callers keep using it)."""
    list(Suggestion.objects.select_for_update().filter(pk=suggestion.pk).values_list("pk"))
    suggestion.refresh_from_db()


def _audit(code: str, actor: User, suggestion: Suggestion, action: str = "", **after: Any) -> None:
    audit_record(
        code=code,
        action=action,
        actor=actor,
        obj=suggestion,
        court=suggestion.court_id,
        after={"state": suggestion.state, **after},
    )


# ---- dates --------------------------------------------------------------------------------


def check_dates(
    *, suggestion: Suggestion, kind: str, held_on: date, respond_by: date | None
) -> None:
    """The dates' place in the file's chronology (not in the future, after the deliberation
    decision, the reply-by date after the 告知函) is ``chronology.check_communication``; on top
    of it, the period is a real one: a 告知函 still within its period is one the recipient is
    about to read, so its reply-by date cannot already be past (an older one entered afterwards
    from the paper file keeps the date it had), and it is not open-ended."""
    check_communication(suggestion, kind=kind, held_on=held_on, respond_by=respond_by)
    today = timezone.localdate()
    if respond_by is None:
        return
    if held_on + timedelta(days=notice_period_days()) >= today and respond_by < today:
        raise ValidationError(f"反馈期限不能早于今天（{chinese_day(today)}）：对方须有时间答复。")
    if (respond_by - held_on).days > MAX_PERIOD_DAYS:
        raise ValidationError("反馈期限不宜超过三个月。")


# ---- the actions ---------------------------------------------------------------------------


def _state_before(suggestion: Suggestion) -> str:
    """Where the suggestion stood when the current round of 征求意见 began."""
    if suggestion.state != State.PRE_COMMUNICATION:
        return suggestion.state
    first_open = (
        suggestion.communications.filter(conclusion="").exclude(state_before="").order_by("id")
    ).first()
    if first_open is not None:
        return first_open.state_before
    return State.SIGNED if suggestion.doc_number else State.DRAFTING


@transaction.atomic
def send(
    *,
    actor: User,
    suggestion: Suggestion,
    kind: str,
    held_on: date,
    respond_by: date | None = None,
    participants: str = "",
    note: str = "",
) -> PreCommunication:
    """Send the 征求意见稿 with a 告知函 (or record a visit / meeting on it)."""
    _lock(suggestion)
    require(actor, suggestion, "communicate")
    if kind not in PreCommunication.Kind.values:
        raise ValidationError("请选择沟通方式。")
    version = suggestion.latest_version()
    if version is None:
        raise ValidationError("尚无文稿，不能征求意见。")
    if kind == PreCommunication.Kind.NOTICE and respond_by is None:
        respond_by = default_respond_by(held_on)
    check_dates(suggestion=suggestion, kind=kind, held_on=held_on, respond_by=respond_by)
    communication = PreCommunication.objects.create(
        suggestion=suggestion,
        kind=kind,
        held_on=held_on,
        respond_by=respond_by,
        participants=participants.strip(),
        note=note.strip(),
        version=version,
        state_before=_state_before(suggestion),
        created_by=actor,
    )
    suggestion.state = State.PRE_COMMUNICATION
    suggestion.holder = suggestion.clerk or actor
    suggestion.save()
    _audit(
        "precomm.send" if kind == PreCommunication.Kind.NOTICE else "precomm.record",
        actor,
        suggestion,
        action=f"事前沟通：{communication.get_kind_display()}",
        communication=communication.pk,
        version=version.number,
        held_on=held_on,
        respond_by=respond_by,
    )
    return communication


def _clean_item_opinions(
    communication: PreCommunication, item_opinions: list[tuple[int, str]] | None
) -> list[dict[str, Any]]:
    items = draft_items(communication)
    cleaned = []
    seen: set[int] = set()
    for index, text in item_opinions or []:
        text = (text or "").strip()
        if not text:
            continue
        if not 1 <= index <= len(items) or index in seen:
            raise ValidationError(f"第 {index} 条建议不存在或重复，请刷新页面后重新填写。")
        seen.add(index)
        cleaned.append({"index": index, "heading": items[index - 1].heading, "opinion": text})
    return sorted(cleaned, key=lambda row: row["index"])


@transaction.atomic
def answer(
    *,
    actor: User,
    communication: PreCommunication,
    opinion: str = "",
    opinion_on: date,
    stance: str = "",
    item_opinions: list[tuple[int, str]] | None = None,
) -> PreCommunication:
    """The recipient's answer to a 告知函 (or the clerk's record of an opinion given orally)."""
    communication = PreCommunication.objects.select_for_update().get(pk=communication.pk)
    suggestion = communication.suggestion
    require(actor, suggestion, "opinion")  # the recipient, or the 研究室 recording it
    if (
        communication.conclusion
        or communication.opinion_on is not None
        or communication.recipient_opinion
        or communication.stance
    ):
        raise ValidationError("该次征求意见已有答复，不能重复提交；如需补充，请与法院联系人联系。")
    if stance and stance not in PreCommunication.Stance.values:
        raise ValidationError("请选择总体意见。")
    items = _clean_item_opinions(communication, item_opinions)
    opinion = (opinion or "").strip()
    if stance == PreCommunication.Stance.AGREE and items:
        raise ValidationError(
            "选择“无不同意见”时不需要填写逐条意见；如有意见，请选择“有修改意见”。"
        )
    if stance == PreCommunication.Stance.AGREE and not opinion:
        opinion = PreCommunication.Stance.AGREE.label + "。"
    if not opinion and not items:
        raise ValidationError(
            "请填写意见（逐条意见或总体意见）；没有不同意见的，请选择“无不同意见”。"
        )
    check_event_date(suggestion, "opinion", opinion_on, record=communication)
    communication.stance = stance or (
        PreCommunication.Stance.OPINIONS if items else communication.stance
    )
    communication.recipient_opinion = opinion
    communication.item_opinions = items
    communication.opinion_on = opinion_on
    communication.save()
    _audit(
        "precomm.answer",
        actor,
        suggestion,
        communication=communication.pk,
        stance=communication.stance,
        items=[row["index"] for row in items],
    )
    message = f"{suggestion.recipient.name}已对《{suggestion.title}》征求意见稿提出意见"
    transaction.on_commit(
        lambda: _notify(
            suggestion, [suggestion.clerk_id], "opinion", str(communication.pk), message
        )
    )
    return communication


@transaction.atomic
def conclude(*, actor: User, suggestion: Suggestion, revise: bool, reason: str = "") -> Suggestion:
    """Close the round of 征求意见: back to the drafter for revision (who is told), or on from
    where the suggestion stood when the draft was sent."""
    _lock(suggestion)
    require(actor, suggestion, "revise" if revise else "proceed")
    if revise and not reason.strip():
        raise ValidationError("请写明退回修改的理由。")
    before = _state_before(suggestion)
    now = timezone.now()
    open_round = suggestion.communications.filter(conclusion="")
    if revise:
        open_round.update(conclusion=PreCommunication.Conclusion.REVISE, concluded_at=now)
        # a review interrupted by the 征求意见 ends here; its approvals may carry over
        suggestion.runs.filter(finished_at__isnull=True).update(finished_at=now, outcome=RUN_PAUSED)
        suggestion.state, suggestion.holder = State.DRAFTING, suggestion.drafter
        suggestion.save()
        _audit("suggestion.revise", actor, suggestion, action="退回修改", reason=reason.strip())
        message = f"《{suggestion.title}》已根据征求意见情况退回修改：{reason.strip()}"
        key = f"precomm-{now:%Y%m%d%H%M%S%f}"
        transaction.on_commit(
            lambda: _notify(suggestion, [suggestion.drafter_id], "returned", key, message)
        )
        return suggestion
    open_round.update(conclusion=PreCommunication.Conclusion.PROCEED, concluded_at=now)
    if before == State.IN_REVIEW and suggestion.runs.filter(finished_at__isnull=True).exists():
        suggestion.state = State.IN_REVIEW
        step = active_step_run(suggestion)
        suggestion.holder = step.step.user if step is not None else None
    elif before == State.SIGNED or suggestion.doc_number:
        suggestion.state, suggestion.holder = State.SIGNED, suggestion.clerk or actor
    else:
        suggestion.state, suggestion.holder = State.DRAFTING, suggestion.drafter
    suggestion.save()
    _audit("precomm.conclude", actor, suggestion, action="结束征求意见，继续办理", back_to=before)
    return suggestion


# ---- review after a revision: which steps repeat --------------------------------------------


def carried_approvals(suggestion: Suggestion, steps: list[WorkflowStep]) -> dict[int, StepRun]:
    """Approvals of the previous review run that a revision after 征求意见 need not repeat,
    by workflow step id. Empty unless the draft came back through :func:`conclude` after that
    run began. Never the signing step, a step the chain repeats after 征求意见, or one whose
    reviewer asked to see the revision."""
    previous = suggestion.runs.order_by("-id").first()
    if previous is None:
        return {}
    revised = suggestion.communications.filter(
        conclusion=PreCommunication.Conclusion.REVISE, concluded_at__gte=previous.started_at
    ).exists()
    if not revised:
        return {}
    approved = {
        sr.step_id: sr
        for sr in previous.steps.filter(state=StepRun.State.APPROVED).select_related("step")
    }
    return {
        step.pk: approved[step.pk]
        for step in steps
        if step.pk in approved
        and not step.signs
        and not step.repeat_after_precomm
        and not approved[step.pk].see_again
    }


def create_step_runs(
    run: ReviewRun, steps: list[WorkflowStep], carried: dict[int, StepRun]
) -> StepRun | None:
    """The run's steps: carried approvals as approved, the first other step active."""
    rows, active = [], None
    for step in steps:
        earlier = carried.get(step.pk)
        if earlier is not None:
            rows.append(
                StepRun(
                    run=run,
                    step=step,
                    position=step.position,
                    state=StepRun.State.APPROVED,
                    actor_id=earlier.actor_id,
                    comment=f"沿用{timezone.localdate(earlier.acted_at):%Y-%m-%d}审核意见"
                    f"（事前沟通后修改，本步骤无需重复）"
                    + (f"：{earlier.comment}" if earlier.comment else ""),
                    meeting_id=earlier.meeting_id,
                    acted_at=earlier.acted_at,
                    carried=True,
                )
            )
            continue
        state = StepRun.State.WAITING
        if active is None:
            state = StepRun.State.ACTIVE
        row = StepRun(run=run, step=step, position=step.position, state=state)
        if active is None:
            active = row
        rows.append(row)
    StepRun.objects.bulk_create(rows)
    return active


def active_step_run(suggestion: Suggestion) -> StepRun | None:
    run = suggestion.runs.filter(finished_at__isnull=True).order_by("-id").first()
    if run is None:
        return None
    return run.steps.select_related("step", "step__user").filter(state=StepRun.State.ACTIVE).first()


def review_holder_label(suggestion: Suggestion, step_run: StepRun | None) -> str:
    """“当前由 ××（研究室）审核”: who holds the draft at the active review step."""
    if step_run is None:
        return ""
    step = step_run.step
    if step.user_id is not None:
        return f"当前由 {step.user}（{step.name}）审核"
    role = Role(step.role).label if step.role else step.name
    people = User.objects.filter(
        court_id=suggestion.court_id, role_grants__role=step.role, is_active=True
    )
    if step.role == Role.DIVISION_HEAD and suggestion.division_id is not None:
        people = people.filter(division_id=suggestion.division_id)
    names = [str(u) for u in people.order_by("id")[:4]]
    if not names:
        return f"当前待{role}审核（本院尚无{role}人员，请联系管理员配置）"
    return f"当前由 {'、'.join(names)}（{role}）审核"


# ---- notifications --------------------------------------------------------------------------


def _notify(
    suggestion: Suggestion, user_ids: list[int | None], kind: str, key: str, message: str
) -> None:
    from fengqiao.suggestions.reminders import notify

    for user in User.objects.filter(pk__in=[u for u in user_ids if u]):
        notify(user=user, suggestion=suggestion, kind=kind, key=key, message=message)


def notify_drafter_returned(suggestion: Suggestion, *, step_name: str, comment: str) -> None:
    """After commit: tell the drafter a reviewer returned the draft."""
    key = f"review-{timezone.now():%Y%m%d%H%M%S%f}"
    message = f"《{suggestion.title}》被退回修改（{step_name}）：{comment}"
    transaction.on_commit(
        lambda: _notify(suggestion, [suggestion.drafter_id], "returned", key, message)
    )


# ---- the 征求意见稿 and what the recipient reads --------------------------------------------


def current_communication(suggestion: Suggestion) -> PreCommunication | None:
    """The latest 告知函 (else other communication) of the open round of 征求意见."""
    open_round = suggestion.communications.filter(conclusion="").select_related("version")
    return (
        open_round.filter(kind=PreCommunication.Kind.NOTICE).order_by("-held_on", "-id").first()
        or open_round.order_by("-held_on", "-id").first()
    )


def draft_version(suggestion: Suggestion, communication: PreCommunication | None = None):
    communication = communication or current_communication(suggestion)
    if communication is not None and communication.version_id:
        return communication.version
    return suggestion.latest_version()


def draft_items(communication: PreCommunication):
    version = communication.version or communication.suggestion.latest_version()
    return letters.letter_items(version.content.get("suggestions", [])) if version else []


def draft_content(suggestion: Suggestion, version: SuggestionVersion) -> SuggestionContent:
    """The 征求意见稿: the full draft, without 文号 and date, marked as a draft."""
    content = letters.letter_content(suggestion, version.content, doc_number="")
    content.consultation_draft = True
    if not content.title.endswith("（征求意见稿）"):
        content.title = f"{content.title}（征求意见稿）"
    return content


def draft_docx(suggestion: Suggestion, version: SuggestionVersion) -> bytes:
    return render_suggestion_docx(draft_content(suggestion, version), strict=False)


@dataclass
class Round:
    """What the suggestion page shows of the 征求意见 (for the court)."""

    communications: list[PreCommunication]
    current: PreCommunication | None
    version: SuggestionVersion | None


def round_for(suggestion: Suggestion) -> Round:
    communications = list(suggestion.communications.select_related("version").order_by("id"))
    current = next(
        (c for c in reversed(communications) if not c.conclusion),
        None,
    )
    return Round(
        communications=communications,
        current=current,
        version=current.version if current is not None else None,
    )
