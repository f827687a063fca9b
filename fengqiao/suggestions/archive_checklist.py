"""What the 卷宗 of a suggestion holds before it is archived: the signed letter, the delivery and
its 送达回证, the reply and the follow-up. Required items block archiving (the archive service
refuses without them); the others are shown as missing so the clerk can complete the file."""

from __future__ import annotations

from dataclasses import dataclass

from fengqiao.suggestions.models import Attachment, Suggestion


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    present: bool
    detail: str
    required: bool


def archive_checklist(suggestion: Suggestion) -> list[ChecklistItem]:
    deliveries = list(suggestion.deliveries.all())
    replies = list(suggestion.replies.all())
    follow_ups = suggestion.follow_ups.count()
    receipts = (
        sum(1 for d in deliveries if d.receipt_id)
        or suggestion.attachments.filter(kind=Attachment.Kind.RECEIPT).count()
    )
    signed = bool(suggestion.doc_number and suggestion.signed_at)
    return [
        ChecklistItem(
            "司法建议书（签发、编号）",
            signed,
            suggestion.doc_number if signed else "尚未签发",
            True,
        ),
        ChecklistItem(
            "送达记录",
            bool(deliveries),
            f"{len(deliveries)} 次送达" if deliveries else "尚未登记送达",
            True,
        ),
        ChecklistItem(
            "送达回证",
            receipts > 0,
            f"{receipts} 份" if receipts else "未上传送达回证（登记送达时可上传）",
            False,
        ),
        ChecklistItem(
            "回函",
            bool(replies),
            f"{len(replies)} 份" if replies else "尚未收到回函",
            True,
        ),
        ChecklistItem(
            "跟踪落实记录",
            follow_ups > 0,
            f"{follow_ups} 条" if follow_ups else "尚无跟踪落实记录",
            False,
        ),
    ]


def missing_required(items: list[ChecklistItem]) -> list[str]:
    return [item.label for item in items if item.required and not item.present]
