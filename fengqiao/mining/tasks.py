from __future__ import annotations

from huey.contrib.djhuey import db_task

from fengqiao.mining.models import BacktraceRun


@db_task()
def run_backtrace(run_id: int) -> int:
    from fengqiao.mining.backtrace import backtrace_execute

    return backtrace_execute(BacktraceRun.objects.get(pk=run_id))
