from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from fengqiao.courts.models import Court
from fengqiao.courts.registry_load import court_by_code, load_registry


class Command(BaseCommand):
    help = (
        "全国法院名录：load 载入（可重复运行，不改动已有法院）；"
        "list [--json] [--under 法院代字] 列出法院树"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["load", "list"])
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--under", metavar="法院代字", help="只列出该法院及其下级法院")

    def handle(self, *args, **options) -> None:
        if options["action"] == "load":
            summary = load_registry()
            if options["json"]:
                self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            else:
                self.stdout.write(
                    f"全国法院名录共 {summary.total} 家法院：新增 {summary.created} 家，"
                    f"补充 {summary.updated} 家，未变 {summary.unchanged} 家。"
                )
            return
        courts = Court.objects.select_related("parent").order_by("path")
        if options["under"]:
            root = court_by_code(options["under"])
            if root is None:
                raise CommandError(
                    f"找不到法院代字“{options['under']}”。先运行 fengqiao courts load 载入名录。"
                )
            courts = courts.filter(path__startswith=root.path)
        rows = list(courts)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "code": c.code,
                            "name": c.name,
                            "level": c.level,
                            "parent": c.parent.code if c.parent else None,
                            "short_name": c.short_name,
                            "aliases": c.aliases,
                            "alt_codes": c.alt_codes,
                            "source": c.source,
                        }
                        for c in rows
                    ],
                    ensure_ascii=False,
                )
            )
            return
        if not rows:
            self.stdout.write("还没有法院。运行 fengqiao courts load 载入全国法院名录。")
        for c in rows:
            depth = c.path.count("/") - 2
            self.stdout.write(f"{'  ' * depth}{c.code}\t{c.name}\t{c.get_level_display()}")
