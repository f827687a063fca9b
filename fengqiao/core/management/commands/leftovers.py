from __future__ import annotations

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "清理崩溃残留：没有记录引用的上传文件和签发文书文件、过期的临时上传文件"
        "（默认只清理一小时前的文件；后台任务每小时自动运行）"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")
        parser.add_argument(
            "--grace", type=int, default=None, help="只清理早于这么多秒的文件（默认 3600）"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options) -> None:
        from fengqiao.core.leftovers import sweep_leftovers

        result = sweep_leftovers(grace_s=options["grace"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        verb = "将删除" if options["dry_run"] else "已删除"
        self.stdout.write(f"{verb} {len(result.removed)} 个残留文件。")
        for path in result.removed[:50]:
            self.stdout.write(f"  {path}")
