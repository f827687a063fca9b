from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from fengqiao.audit.services import audit_verify


class Command(BaseCommand):
    help = "审计链操作：verify 逐条校验哈希链，发现断裂时以非零状态退出"

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options) -> None:
        checked, breaks = audit_verify()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": not breaks,
                        "checked": checked,
                        "breaks": [{"entry_id": b.entry_id, "reason": b.reason} for b in breaks],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for item in breaks:
                self.stderr.write(f"第 {item.entry_id} 条：{item.reason}")
            if not breaks:
                self.stdout.write(f"审计链完整：共校验 {checked} 条记录。")
        if breaks:
            raise CommandError(
                f"审计链断裂：{len(breaks)} 处异常（共 {checked} 条记录）。", returncode=1
            )
