"""``fengqiao report scores|recipients`` (registered on the ``report`` command): checks the
arguments and writes the file; heavy libraries load only here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fengqiao.courts.models import Court


def run_report(options: dict[str, Any]) -> str:
    from fengqiao.evaluation import reports

    if not options.get("court"):
        raise CommandError("请用 --court 指定法院代字。")
    court = Court.objects.filter(code=options["court"]).first()
    if court is None:
        raise CommandError(f"没有法院代字为“{options['court']}”的法院。")
    out = Path(options["out"])
    if options["kind"] == "scores":
        if not (options.get("date_from") and options.get("date_to")):
            raise CommandError("scores 需要 --from 和 --to（YYYY-MM-DD）。")
        if options["date_from"] > options["date_to"]:
            raise CommandError("--from 不能晚于 --to。")
        n = reports.write_scores(
            court=court, start=options["date_from"], end=options["date_to"], out=out
        )
        return f"已生成：{out}（{n} 张积分表）"
    year = options.get("year")
    if not year or not 1990 <= year <= 2100:
        raise CommandError("recipients 需要 --year（如 2026）。")
    n = reports.write_recipients(court=court, year=year, out=out)
    return f"已生成：{out}（{n} 家被建议单位）"
