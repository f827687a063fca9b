"""Scheduled jobs (huey): run by the consumer that `make run` / `fengqiao serve` starts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from fengqiao.suggestions.reminders import send_reply_reminders


@db_periodic_task(crontab(minute="0", hour="7"))
def daily_reply_reminders() -> int:
    return send_reply_reminders()


@db_task(retries=2, retry_delay=60)
def letter_pdf(pdf_id: int) -> str:
    """The PDF of a signed letter, queued after the signing commits (never in a request)."""
    from fengqiao.suggestions.stored_letters import convert_pdf

    return convert_pdf(pdf_id=pdf_id).sha256


@db_periodic_task(crontab(minute="*/15"))
def letter_pdfs_catch_up() -> dict[str, int]:
    """Whatever a lost queue entry or a crash left: missing .docx, pending or failed PDFs."""
    from fengqiao.suggestions.stored_letters import ensure_pdfs

    return ensure_pdfs(max_attempts=5)  # `fengqiao letters` retries the rest
