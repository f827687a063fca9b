"""反馈分析: why an item was not (fully) adopted, or a letter got no reply.

What asks for a reason: each item of the letter's *latest* reply (``selectors.latest_reply_items``)
whose outcome is 部分采纳, 未采纳 or 说明理由 (``REASON_OUTCOMES``), and a delivered letter with
no reply at all (``models.no_reply_q``: overdue, or taken on without one). The clerk (研究室)
picks the reason from the fixed list (``OutcomeReason``); the page shows the cue-phrase
classifier's proposal (``textlaw.reply_reasons``) with the phrases behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import User
from fengqiao.suggestions.models import (
    REASON_OUTCOMES,
    FollowUp,
    OutcomeReason,
    ReplyItem,
    Suggestion,
)
from fengqiao.suggestions.policy import TransitionError, require
from fengqiao.suggestions.selectors import latest_reply_items
from fengqiao.textlaw.reply_reasons import Proposal, propose_reason

NO_REPLY = "no_reply"


@dataclass(frozen=True)
class ReasonTarget:
    """One thing to classify: an item of the latest reply, or the whole unanswered letter."""

    item_index: int | None  # None: the letter got no reply
    outcome: str  # an ItemOutcome value, or NO_REPLY
    outcome_label: str
    text: str  # what the recipient wrote (the item's measures), for the clerk to read
    reason: str
    reason_label: str
    note: str
    proposal: Proposal


def _letter_has_no_reply(suggestion: Suggestion) -> bool:
    return Suggestion.objects.filter(pk=suggestion.pk).no_reply().exists()


def _item_texts(item: ReplyItem) -> list[str]:
    return [item.measures, item.reply.content]


def _no_reply_texts(suggestion: Suggestion) -> list[str]:
    """Without a reply, what the court recorded while chasing it (督促提醒, 回访)."""
    return list(
        suggestion.follow_ups.filter(
            kind__in=[FollowUp.Kind.REMINDER, FollowUp.Kind.VISIT, FollowUp.Kind.ESCALATION]
        ).values_list("description", flat=True)
    )


def reason_targets(suggestion: Suggestion) -> list[ReasonTarget]:
    """What on this letter asks for a reason now, with the classifier's proposals."""
    items = (
        latest_reply_items(Suggestion.objects.filter(pk=suggestion.pk))
        .filter(outcome__in=REASON_OUTCOMES)
        .select_related("reply")
        .order_by("item_index")
    )
    targets = [
        ReasonTarget(
            item_index=item.item_index,
            outcome=item.outcome,
            outcome_label=item.get_outcome_display(),
            text=item.measures,
            reason=item.reason,
            reason_label=item.get_reason_display() if item.reason else "",
            note=item.reason_note,
            proposal=propose_reason(_item_texts(item)),
        )
        for item in items
    ]
    if not targets and _letter_has_no_reply(suggestion):
        targets.append(
            ReasonTarget(
                item_index=None,
                outcome=NO_REPLY,
                outcome_label="未回复",
                text="",
                reason=suggestion.no_reply_reason,
                reason_label=suggestion.get_no_reply_reason_display()
                if suggestion.no_reply_reason
                else "",
                note=suggestion.no_reply_note,
                proposal=propose_reason(_no_reply_texts(suggestion)),
            )
        )
    return targets


@transaction.atomic
def reply_reason_set(
    *,
    actor: User,
    suggestion: Suggestion,
    item_index: int | None,
    reason: str,
    note: str = "",
) -> None:
    """Record why item ``item_index`` of the latest reply was not (fully) adopted, or (no item)
    why the letter got no reply. Audited with the classifier's proposal beside the choice."""
    require(actor, suggestion, "classify_reply")
    if reason not in OutcomeReason.values:
        raise ValidationError("请从列表中选择原因。")
    note = note.strip()
    if reason == OutcomeReason.OTHER and not note:
        raise ValidationError("选择“其他”时请写明原因。")
    if len(note) > 300:
        raise ValidationError("原因说明不能超过300字。")
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if item_index is None:
        if not _letter_has_no_reply(suggestion):
            raise TransitionError(
                "只有逾期未回复或未回复即办结的建议才能分析未回复原因；已回复的请逐条分析。"
            )
        before = {"reason": suggestion.no_reply_reason, "note": suggestion.no_reply_note}
        proposal = propose_reason(_no_reply_texts(suggestion))
        suggestion.no_reply_reason, suggestion.no_reply_note = reason, note
        suggestion.save(update_fields=["no_reply_reason", "no_reply_note", "updated_at"])
        subject = "未回复"
    else:
        item = (
            latest_reply_items(Suggestion.objects.filter(pk=suggestion.pk))
            .select_related("reply")
            .filter(item_index=item_index)
            .first()
        )
        if item is None:
            raise ValidationError(f"最新回函中没有第 {item_index} 条建议的答复。")
        if item.outcome not in REASON_OUTCOMES:
            raise TransitionError(
                f"第 {item_index} 条建议已被采纳；只有部分采纳、未采纳或说明理由的建议需要分析原因。"
            )
        before = {"reason": item.reason, "note": item.reason_note}
        proposal = propose_reason(_item_texts(item))
        item.reason, item.reason_note = reason, note
        item.reason_by, item.reason_at = actor, timezone.now()
        item.save(update_fields=["reason", "reason_note", "reason_by", "reason_at"])
        subject = f"第{item_index}条（{item.get_outcome_display()}）"
    audit_record(
        actor=actor,
        code="reply.classify",
        action=f"分析未采纳原因：{subject} → {OutcomeReason(reason).label}",
        obj=suggestion,
        court=suggestion.court_id,
        before=before,
        after={
            "item": item_index,
            "reason": reason,
            "note": note,
            "proposed": proposal.reason or "",
            "cues": list(proposal.cues),
        },
    )
