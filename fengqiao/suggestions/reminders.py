"""Reply-deadline reminders and overdue alerts, idempotent by construction.

Each message has a key (the due date it is about, or the overdue week); a unique constraint on
(user, suggestion, kind, key) means the job can run any number of times a day and never send
twice. Messages appear in the app; e-mail goes out too when FENGQIAO_EMAIL_HOST is set.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

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
    """Due-soon reminders (7 days before) and overdue alerts (once, then weekly)."""
    today = today or timezone.localdate()
    sent = 0
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
    return sent
