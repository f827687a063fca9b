from __future__ import annotations

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "类案分析：mining refresh 立即刷新实体、热点与问题模式（每晚也会自动运行）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["refresh"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        # Imported here: heavy libraries load only when the command runs, not for --help.
        from fengqiao.mining.refresh import run_refresh

        record = run_refresh()
        figures = {
            "cases": record.n_cases,
            "hotspots": record.hotspots.count(),
            "patterns": record.patterns.count(),
            "entities": record.entities.count(),
            "runner": record.runner,
            "seconds": record.timings.get("total"),
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
        else:
            self.stdout.write(
                f"已分析 {figures['cases']} 件案件：热点 {figures['hotspots']} 个，问题模式 "
                f"{figures['patterns']} 个，实体 {figures['entities']} 个（{figures['runner']}，"
                f"{figures['seconds']} 秒）。"
            )
