from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from fengqiao.cases.exports import EXPORT_COLUMNS, export_rows


class Command(BaseCommand):
    help = "导出全部案件及其解析字段（jsonl 每行一个 JSON 对象，或 xlsx）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["jsonl", "xlsx"], default="jsonl")
        parser.add_argument("--out", help="输出文件；jsonl 缺省时写到标准输出")

    def handle(self, *args, **options) -> None:
        if options["format"] == "xlsx":
            if not options["out"]:
                raise CommandError("导出 xlsx 时必须用 --out 指定文件。")
            self._xlsx(options["out"])
            return
        handle = open(options["out"], "w", encoding="utf-8") if options["out"] else sys.stdout
        try:
            for row in export_rows():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        finally:
            if options["out"]:
                handle.close()

    def _xlsx(self, path: str) -> None:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("案件")
        sheet.append([label for _, label in EXPORT_COLUMNS])
        for row in export_rows():
            sheet.append(
                [
                    json.dumps(row[key], ensure_ascii=False)
                    if isinstance(row[key], list | dict)
                    else row[key]
                    for key, _ in EXPORT_COLUMNS
                ]
            )
        book.save(path)
