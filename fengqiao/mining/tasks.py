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
