"""Reply-deadline reminders and overdue alerts, idempotent by construction.

Each message has a key (the due date it is about, or the overdue week); a unique constraint on
(user, suggestion, kind, key) means the job can run any number of times a day and never send
twice. Messages appear in the app; e-mail goes out too when FENGQIAO_EMAIL_HOST is set.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.suggestions.models import DUE_SOON_DAYS, Notification, Suggestion

log = logging.getLogger(__name__)


def notify(
    *, user, suggestion: Suggestion | None, kind: str, key: str, message: str
) -> Notification | None:
    """Create the message unless it exists; returns None when it was already sent."""
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                user=user, suggestion=suggestion, kind=kind, key=key, message=message[:300]
            )
    except IntegrityError:
        return None
    if getattr(settings, "EMAIL_HOST", "") and user.email:
        try:
            send_mail(f"【枫桥】{message[:60]}", message, None, [user.email])
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        except OSError as error:  # the in-app message stands; log the mail failure
            log.warning("event=reminder_mail_failed notification=%s error=%s", note.pk, error)
    return note


def send_reply_reminders(today: date | None = None) -> int:
    """Due-soon reminders (7 days before) and overdue alerts (once, then weekly). Each run is
    in the audit trail: one entry per court that got messages (counts by kind), or one entry
    saying nothing was due."""
    today = today or timezone.localdate()
    sent = 0
    per_court: Counter[tuple[int, str]] = Counter()
    open_letters = Suggestion.objects.filter(clerk__isnull=False).select_related(
        "clerk", "recipient"
    )
    for suggestion in open_letters.due_soon(today, DUE_SOON_DAYS):
        days = (suggestion.reply_due_on - today).days
        message = (
            f"{suggestion.doc_number}（{suggestion.recipient.name}）答复期限将于 "
            f"{suggestion.reply_due_on:%Y-%m-%d} 届满，还有 {days} 天"
        )
        if notify(
            user=suggestion.clerk,
            suggestion=suggestion,
            kind="due_soon",
            key=suggestion.reply_due_on.isoformat(),
            message=message,
        ):
            sent += 1
            per_court[(suggestion.court_id, "due_soon")] += 1
    for suggestion in open_letters.overdue(today):
        overdue = (today - suggestion.reply_due_on).days
        week = overdue // 7
        message = (
            f"{suggestion.doc_number}（{suggestion.recipient.name}）已逾期 {overdue} 天未回复，"
            "请督促或回访，必要时抄送其上级主管机关"
        )
        if notify(
            user=suggestion.clerk,
            suggestion=suggestion,
            kind="overdue",
            key=f"{suggestion.reply_due_on.isoformat()}#w{week}",
            message=message,
        ):
            sent += 1
            per_court[(suggestion.court_id, "overdue")] += 1
    _audit_run(today, per_court)
    return sent


def _audit_run(today: date, per_court: Counter[tuple[int, str]]) -> None:
    courts = sorted({court_id for court_id, _ in per_court})
    with transaction.atomic():
        if not courts:
            audit_record(
                code="reminder.send_run",
                object_type="suggestions.notification",
                after={"date": today, "due_soon": 0, "overdue": 0, "sent": 0},
            )
        for court_id in courts:
            due_soon, overdue = per_court[(court_id, "due_soon")], per_court[(court_id, "overdue")]
            audit_record(
                code="reminder.send_run",
                court=court_id,
                object_type="suggestions.notification",
                after={
                    "date": today,
                    "due_soon": due_soon,
                    "overdue": overdue,
                    "sent": due_soon + overdue,
                },
            )


@transaction.atomic
def notifications_mark_read(*, actor) -> int:
    """Mark all of the actor's unread reminders read (opening the reminders page does this).
    Only the actor's own messages; audited when anything changed. Returns how many."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录。")
    unread = list(
        Notification.objects.select_for_update()
        .filter(user=actor, read_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not unread:
        return 0
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    audit_record(
        code="reminder.read",
        actor=actor,
        obj=actor,
        court=actor.court_id,
        after={"count": len(unread), "notifications": unread[:50]},
    )
    return len(unread)
