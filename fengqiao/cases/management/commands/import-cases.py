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
        parser.add_argument("paths", nargs="*")
        parser.add_argument(
            "--status",
            action="store_true",
            help="列出最近的导入批次（进程已不存在的“进行中”批次标记为“中断”），不导入",
        )
        parser.add_argument(
            "--resume",
            type=int,
            metavar="批次号",
            help="续导一个中断或失败的批次（同样的路径和归属法院；已导入的记录不会重复）",
        )
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

    def _status(self, as_json: bool) -> None:
        from fengqiao.cases.services import import_runs_status

        runs = list(import_runs_status())
        if as_json:
            rows = [
                {
                    "id": r.pk,
                    "status": r.status,
                    "started_at": r.started_at.isoformat(),
                    "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                    "pid": r.pid,
                    "host": r.host,
                    "imported": r.imported,
                    "updated": r.updated,
                    "unchanged": r.unchanged,
                    "quarantined": r.quarantined,
                    "paths": r.paths,
                }
                for r in runs
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not runs:
            self.stdout.write("还没有导入批次。")
        for r in runs:
            self.stdout.write(
                f"批次 {r.pk}  {r.get_status_display()}  开始 {r.started_at:%Y-%m-%d %H:%M}  "
                f"新增 {r.imported} 更新 {r.updated} 未变 {r.unchanged} 隔离 {r.quarantined}  "
                f"进程 {r.pid or '—'}  {'、'.join(r.paths)[:120]}"
            )
            if r.status in ("interrupted", "failed"):
                self.stdout.write(f"  续导：fengqiao import-cases --resume {r.pk}")

    def handle(self, *args, **options) -> None:
        # Imported here: heavy libraries load only when the command runs, not for --help.
        if options["status"]:
            self._status(options["json"])
            return
        from fengqiao.cases.models import ImportRun
        from fengqiao.cases.services import import_cases, mark_interrupted_runs

        resumed_from = None
        if options["resume"] is not None:
            mark_interrupted_runs()
            resumed_from = ImportRun.objects.filter(pk=options["resume"]).first()
            if resumed_from is None:
                raise CommandError(f"没有批次 {options['resume']}。用 --status 查看导入批次。")
            if resumed_from.status not in (ImportRun.Status.INTERRUPTED, ImportRun.Status.FAILED):
                raise CommandError(
                    f"批次 {resumed_from.pk} 的状态是“{resumed_from.get_status_display()}”，"
                    "只有中断或失败的批次可以续导。"
                )
            options["paths"] = options["paths"] or resumed_from.paths
        if not options["paths"]:
            raise CommandError("请给出要导入的文件或目录（或用 --resume 批次号 续导）。")

        owner = resumed_from.owner if resumed_from is not None and not options["court"] else None
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
                resumed_from=resumed_from,
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
