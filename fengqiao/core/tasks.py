"""Housekeeping jobs (huey), run by the consumer that `make run` / `fengqiao serve` starts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="40"))
def hourly_leftover_sweep() -> int:
    """Files no row references and stale temporary uploads (what a killed worker left)."""
    from fengqiao.core.leftovers import sweep_leftovers

    return len(sweep_leftovers().removed)
