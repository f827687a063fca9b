"""Scheduled jobs (huey): run by the consumer that `make run` / `fengqiao serve` starts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from fengqiao.suggestions.reminders import send_reply_reminders


@db_periodic_task(crontab(minute="0", hour="7"))
def daily_reply_reminders() -> int:
    return send_reply_reminders()
