"""``fengqiao export research --court CODE [--subtree] --from YYYY-MM-DD --to YYYY-MM-DD
--out DIR [--recipient 机构 --agreement 协议编号]``: the anonymised research data set.

(``export-cases`` is a different command: every case with its parsed fields.) Argument errors
are reported in Chinese; the data set's libraries (polars, the anonymiser) load only when the
command runs, not for ``--help``.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        "参数 {0} 的取值 {1} 无效（可选：{2}）",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 需要一个值"),
    (re.compile(r"argument (\S+): ignored explicit argument (.*)"), "参数 {0} 不接受值 {1}"),
)


def chinese(message: str) -> str:
    for pattern, template in _MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m:
            return template.format(*m.groups())
    return message


class ChineseParser(CommandParser):
    """Django's parser with argparse's own messages in Chinese."""

    def error(self, message):
        message = chinese(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}：错误：{message}\n")
        raise CommandError(message)


def parse_day(value: str | None, option: str) -> date:
    if not value:
        raise CommandError(f"请用 {option} 指定日期（格式 YYYY-MM-DD，如 2025-01-31）。")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"{option} 的日期“{value}”格式不对，应为 YYYY-MM-DD（如 2025-01-31）。"
        ) from None


class Command(BaseCommand):
    help = "导出数据：research 导出本院（或本院及辖区法院）去标识化的司法建议科研数据集"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = ChineseParser  # argparse's messages in Chinese, subparsers too
        sub = parser.add_subparsers(dest="kind", required=True, metavar="research")
        research = sub.add_parser(
            "research", help="司法建议科研数据集（CSV、Parquet、字段说明、README）"
        )
        research.add_argument("--court", metavar="CODE", help="法院代字，如 苏0791（必填）")
        research.add_argument(
            "--subtree", action="store_true", help="包括辖区各级法院（上级法院导出）"
        )
        research.add_argument(
            "--from", dest="date_from", metavar="YYYY-MM-DD", help="送达日期起（必填）"
        )
        research.add_argument(
            "--to", dest="date_to", metavar="YYYY-MM-DD", help="送达日期止（必填）"
        )
        research.add_argument("--out", metavar="DIR", help="输出目录（必填；不存在则新建）")
        research.add_argument("--recipient", metavar="机构", default="", help="接收机构")
        research.add_argument(
            "--agreement", metavar="协议编号", default="", help="数据使用协议编号"
        )
        research.add_argument("--agreement-title", metavar="名称", default="", help="协议名称")
        research.add_argument(
            "--agreement-date", metavar="YYYY-MM-DD", default="", help="协议签订日期"
        )

    def handle(self, *args, **options) -> None:
        from django.core.exceptions import ValidationError

        from fengqiao.courts.models import Court
        from fengqiao.outreach import research, services
        from fengqiao.outreach.models import ResearchExport

        code = (options.get("court") or "").strip()
        if not code:
            raise CommandError("请用 --court 指定法院代字（如 苏0791）。")
        court = Court.objects.filter(code=code).first()
        if court is None:
            raise CommandError(f"没有代字为“{code}”的法院。")
        date_from = parse_day(options.get("date_from"), "--from")
        date_to = parse_day(options.get("date_to"), "--to")
        agreement_date = (
            parse_day(options["agreement_date"], "--agreement-date")
            if options.get("agreement_date")
            else None
        )
        if not options.get("out"):
            raise CommandError("请用 --out 指定输出目录。")
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out 指定的“{out}”是文件，不是目录。")
        names = [*research.data_files(), research.DICTIONARY, research.README]
        taken = [n for n in names if (out / n).exists()]
        if taken:
            raise CommandError(
                f"输出目录中已有 {'、'.join(taken)}，为免覆盖以前的导出，请换一个空目录。"
            )
        try:
            export = services.research_export_create(
                actor=None,
                court=court,
                subtree=options["subtree"],
                date_from=date_from,
                date_to=date_to,
                recipient_institution=options["recipient"],
                agreement_number=options["agreement"],
                agreement_title=options["agreement_title"],
                agreement_date=agreement_date,
                via=ResearchExport.Via.CLI,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        out.mkdir(parents=True, exist_ok=True)
        folder = services.export_folder(export)
        for f in export.files:
            shutil.copyfile(folder / f["name"], out / f["name"])
        self.stdout.write(
            f"已导出{court.name}（{export.get_scope_display()}）"
            f"{date_from:%Y-%m-%d}至{date_to:%Y-%m-%d}送达的司法建议 {export.letters} 件、"
            f"建议 {export.items} 条、回函 {export.replies} 件到 {out}（导出记录 #{export.pk}）。"
        )
        for f in export.files:
            self.stdout.write(f"  {f['name']:<22} {f['sha256']}")
