from __future__ import annotations

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fengqiao.courts.registry import registry_index
from fengqiao.courts.registry_load import court_by_code, load_registry


class Command(BaseCommand):
    help = "导入裁判文书/案件记录（.txt/.docx/.json/.jsonl/.csv/.xlsx，文件或目录）；可重复运行、可中断续导"

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--court",
            help=(
                "全部记录归入这个法院（法院代字，如 苏0791），用于本院案件管理系统导出的、不带法院信息的记录；"
                "不指定时每份文书按其审理法院（案号中的法院代字、文书所载法院名称，经全国法院名录对应）归属"
            ),
        )
        parser.add_argument("--json", action="store_true", help="结束时输出 JSON 汇总")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="解析进程数（默认为 CPU 核数，最多 2）",
        )

    def handle(self, *args, **options) -> None:
        # Imported here: heavy libraries load only when the command runs, not for --help.
        from fengqiao.cases.services import import_cases

        owner = None
        if options["court"]:
            owner = court_by_code(options["court"])
            if owner is None and registry_index().get(options["court"]):
                load_registry()
                owner = court_by_code(options["court"])
            if owner is None:
                raise CommandError(
                    f"没有法院代字为“{options['court']}”的法院，请先在系统中登记该法院。"
                )
        bar = tqdm(unit="件", desc="导入", disable=not sys.stderr.isatty(), file=sys.stderr)
        try:
            run, summary = import_cases(
                paths=options["paths"],
                owner=owner,
                batch_size=options["batch_size"],
                workers=options["workers"],
                progress=bar.update,
            )
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"导入批次 {run.pk}：新增 {summary.imported}，更新 {summary.updated}，"
                f"未变 {summary.unchanged}，隔离 {summary.quarantined}。"
            )
            for record in run.quarantined_records.all()[:20]:
                self.stdout.write(f"  隔离：{record.source} {record.locator} — {record.reason}")
            for label, names in (
                ("承办法官", summary.unknown_judges),
                ("承办部门", summary.unknown_divisions),
            ):
                if names:
                    listed = "、".join(f"{n}（{c} 件）" for n, c in sorted(names.items())[:20])
                    self.stdout.write(
                        f"  本院人员/庭室中没有这些{label}，已按名称保存：{listed}"
                        f"{' 等' if len(names) > 20 else ''}"
                    )
