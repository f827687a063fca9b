"""``documents check FILE.docx [--json]`` and ``documents demo --out DIR [--no-pdf]``.

Thin wrapper over :mod:`fengqiao.documents.cli`.  ``check`` exits 0 (clean), 1 (format
errors) or 2 (unreadable file).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "公文：检查格式（check，按文书种类），生成示例文书（demo）"
    # works on files only: no database, no URLconf, so no system checks
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        from fengqiao.documents.rules_kinds import KINDS

        check = sub.add_parser(
            "check", help="检查公文 .docx 的格式（司法建议书、告知函、送达回证、台账、报告）"
        )
        check.add_argument("file", help=".docx 文件路径")
        check.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        check.add_argument(
            "--kind",
            choices=list(KINDS),
            help="文书种类（默认按标题和文号识别）："
            + "，".join(f"{k}={v}" for k, v in KINDS.items()),
        )
        demo = sub.add_parser("demo", help="用示例数据生成司法建议书、告知函、送达回证等")
        demo.add_argument("--out", required=True, help="输出目录")
        demo.add_argument("--no-pdf", action="store_true", help="只生成 .docx")

    def handle(self, *args, **options) -> None:
        # Imported here: heavy libraries load only when the command runs, not for --help.
        from fengqiao.documents.cli import run_check, run_demo
        from fengqiao.documents.pdf import DocumentConversionError

        if options["action"] == "check":
            code = run_check(
                options["file"], as_json=options["json"], out=self.stdout, kind=options["kind"]
            )
            if code:
                self.stdout.flush()
                sys.exit(code)
            return
        try:
            run_demo(options["out"], pdf=not options["no_pdf"], out=self.stdout)
        except DocumentConversionError as exc:
            raise CommandError(str(exc)) from exc
