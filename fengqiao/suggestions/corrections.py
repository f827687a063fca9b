"""更正: correcting a mistaken date of a recorded event, with a reason, in the audit trail.

A date typed wrongly (a delivery entered as 2026-03-01 instead of 2026-03-10) is not edited in
place: the research office records a correction with its reason. The new date is checked against
the chronology like any other (``chronology.py``), and what depends on it is recomputed in the
same transaction — the reply due date with its explanation (delivery), the reminder and overdue
alerts (unread alerts about a due date that no longer applies are withdrawn; the daily job sends
the ones the new date calls for), ``replied_on`` (reply) and the archive deadline (办结).

Who may correct, and when: the ``correct_date`` row of the lifecycle policy (policy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.suggestions import due_dates, policy, services, stored_letters
from fengqiao.suggestions.chronology import check_event_date
from fengqiao.suggestions.models import (
    Delivery,
    FollowUp,
    Notification,
    Reply,
    Suggestion,
)

EVENTS: dict[str, str] = {
    "signing": "签发日期",
    "delivery": "送达日期",
    "reply": "回函日期",
    "follow_up": "跟踪落实日期",
    "completion": "办结日期",
}
RECORD_MODELS = {"delivery": Delivery, "reply": Reply, "follow_up": FollowUp}
RECORD_FIELDS = {"delivery": "delivered_on", "reply": "received_on", "follow_up": "held_on"}
ALERT_KINDS = ("due_soon", "overdue")


@dataclass(frozen=True)
class Target:
    """One correctable date of a suggestion, as offered on its page."""

    event: str
    record_id: int | None
    day: date
    label: str

    @property
    def key(self) -> str:
        return f"{self.event}:{self.record_id or ''}"


def correctable_dates(suggestion: Suggestion) -> list[Target]:
    """The recorded dates of ``suggestion`` that a correction may change."""
    targets: list[Target] = []
    if suggestion.signed_at is not None:
        day = timezone.localtime(suggestion.signed_at).date()
        targets.append(Target("signing", None, day, f"签发日期 {day:%Y-%m-%d}"))
    for d in suggestion.deliveries.order_by("delivered_on", "id"):
        targets.append(
            Target(
                "delivery",
                d.pk,
                d.delivered_on,
                f"送达日期 {d.delivered_on:%Y-%m-%d}（{d.get_method_display()}）",
            )
        )
    for r in suggestion.replies.order_by("received_on", "id"):
        targets.append(Target("reply", r.pk, r.received_on, f"回函日期 {r.received_on:%Y-%m-%d}"))
    for f in suggestion.follow_ups.order_by("held_on", "id"):
        targets.append(
            Target(
                "follow_up",
                f.pk,
                f.held_on,
                f"跟踪落实日期 {f.held_on:%Y-%m-%d}（{f.get_kind_display()}）",
            )
        )
    if suggestion.completed_on is not None:
        day = suggestion.completed_on
        targets.append(Target("completion", None, day, f"办结日期 {day:%Y-%m-%d}"))
    return targets


def _dependent(suggestion: Suggestion) -> dict:
    return {
        "signed_at": suggestion.signed_at,
        "delivered_on": suggestion.delivered_on,
        "reply_due_on": suggestion.reply_due_on,
        "reply_due_explanation": suggestion.reply_due_explanation,
        "replied_on": suggestion.replied_on,
        "completed_on": suggestion.completed_on,
        "archive_due_on": suggestion.archive_due_on,
    }


def withdraw_stale_alerts(suggestion: Suggestion) -> int:
    """Delete unread due-soon/overdue alerts about a due date the suggestion no longer has."""
    alerts = Notification.objects.filter(
        suggestion=suggestion, kind__in=ALERT_KINDS, read_at__isnull=True
    )
    current = suggestion.reply_due_on.isoformat() if suggestion.reply_due_on else None
    stale = [
        n.pk for n in alerts.only("key") if current is None or n.key.split("#", 1)[0] != current
    ]
    if stale:
        Notification.objects.filter(pk__in=stale).delete()
    return len(stale)


@transaction.atomic
def suggestion_correct_date(
    *,
    suggestion: Suggestion,
    acting_user,
    event: str,
    new_date: date,
    reason: str,
    record_id: int | None = None,
) -> Suggestion:
    """Correct the date of a recorded event (``EVENTS``); for a delivery, reply or follow-up,
    ``record_id`` names the record (default: the latest delivery / reply)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    policy.require(acting_user, suggestion, "correct_date")
    if event not in EVENTS:
        raise ValidationError(f"不能更正的日期：{event}（可更正：{'、'.join(EVENTS.values())}）。")
    if not reason.strip():
        raise ValidationError("请写明更正理由。")
    if not isinstance(new_date, date) or isinstance(new_date, datetime):
        raise ValidationError("请填写更正后的日期。")
    label = EVENTS[event]
    record = None
    if event in RECORD_MODELS:
        records = RECORD_MODELS[event].objects.filter(suggestion=suggestion)
        field = RECORD_FIELDS[event]
        if record_id is not None:
            record = records.filter(pk=record_id).first()
        elif event != "follow_up":
            record = records.order_by(f"-{field}", "-id").first()
        if record is None:
            raise ValidationError(f"没有可更正的{label}：请选择本件已登记的记录。")
        old = getattr(record, field)
    elif event == "signing":
        if suggestion.signed_at is None:
            raise ValidationError("本件尚未签发，没有可更正的签发日期。")
        old = timezone.localtime(suggestion.signed_at).date()
    else:
        if suggestion.completed_on is None:
            raise ValidationError("本件尚未办结，没有可更正的办结日期。")
        old = suggestion.completed_on
    if new_date == old:
        raise ValidationError(f"更正后的{label}与原日期（{old:%Y-%m-%d}）相同。")
    check_event_date(suggestion, event, new_date, record=record)

    before = _dependent(suggestion)
    withdrawn = 0
    if event == "signing":
        moment = timezone.localtime(suggestion.signed_at)
        suggestion.signed_at = moment.replace(
            year=new_date.year, month=new_date.month, day=new_date.day
        )
    elif event == "completion":
        suggestion.completed_on = new_date
        suggestion.archive_due_on = due_dates.archive_due(new_date).due_on
    else:
        setattr(record, RECORD_FIELDS[event], new_date)
        record.save(update_fields=[RECORD_FIELDS[event]])
        if event == "delivery":
            services._recompute_due(suggestion)  # the delivery service's own computation
        elif event == "reply" and suggestion.replied_on is not None:
            suggestion.replied_on = (
                suggestion.replies.order_by("received_on")
                .values_list("received_on", flat=True)
                .first()
            )
    suggestion.save()
    letter: dict = {}
    if event == "signing" and suggestion.doc_number:
        # the 成文日期 printed on the letter changed: a NEW stored version (the old file stays)
        previous = stored_letters.current_letter(suggestion, "docx")
        row = stored_letters.store_signed_letter(
            suggestion=suggestion,
            version=previous.version if previous else None,
            reason=f"更正签发日期：{reason.strip()}",
        )
        letter = {
            **stored_letters.letter_audit_details(row),
            "superseded_sha256": previous.sha256 if previous else "",
        }
    if event == "delivery":
        withdrawn = withdraw_stale_alerts(suggestion)
    after = _dependent(suggestion)
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit_record(
        code="suggestion.correct_date",
        action=f"更正{label}",
        actor=acting_user,
        obj=suggestion,
        court=suggestion.court_id,
        before={"event": event, "record": getattr(record, "pk", None), "date": old, **before},
        after={
            "event": event,
            "record": getattr(record, "pk", None),
            "date": new_date,
            "reason": reason.strip(),
            "changed": sorted(changed),
            "withdrawn_alerts": withdrawn,
            "state": suggestion.state,
            **after,
            **letter,
        },
    )
    return suggestion
