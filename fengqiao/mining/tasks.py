from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from fengqiao.mining.models import BacktraceRun


@db_task()
def run_backtrace(run_id: int) -> int:
    from fengqiao.mining.backtrace import backtrace_execute

    return backtrace_execute(BacktraceRun.objects.get(pk=run_id))


@db_task()
def run_mining_refresh() -> int:
    from fengqiao.mining.refresh import run_refresh

    return run_refresh().pk


@db_periodic_task(crontab(minute="30", hour="2"))
def nightly_mining_refresh() -> int:
    """Every night: refresh features, hotspots, patterns and entities."""
    from fengqiao.mining.refresh import run_refresh

    return run_refresh().pk


@db_task(retries=2, retry_delay=60)
def health_check_pdf(row_id: int) -> str:
    """The PDF of a 体检报告, queued after the request commits (never in a request)."""
    from fengqiao.mining.services import convert_health_check_pdf

    return convert_health_check_pdf(row_id=row_id).pdf_sha256


@db_periodic_task(crontab(minute="*/15"))
def health_check_pdfs_catch_up() -> dict[str, int]:
    """Report PDFs a lost queue entry or a crash left pending or failed."""
    from fengqiao.mining.services import health_check_pdfs_catch_up as catch_up

    return catch_up(max_attempts=5)
