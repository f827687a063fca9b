from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from fengqiao.textlaw.casenum import parse_case_number

KEYS = [
    "input",
    "ok",
    "year",
    "court_code",
    "special_code",
    "type_code",
    "seq",
    "normalized",
    "court_name",
    "error",
]


class Command(BaseCommand):
    help = "解析案号：参数中给出，或从标准输入每行一个"

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", nargs="*")
        parser.add_argument("--json", action="store_true", help="每个输入输出一个 JSON 对象")

    def handle(self, *args, **options) -> None:
        inputs = options["text"] or [line.rstrip("\n") for line in sys.stdin if line.strip()]
        for text in inputs:
            result = parse_case_number(text).to_dict()
            row = {key: result.get(key) for key in KEYS}
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            elif row["ok"]:
                self.stdout.write(
                    f"{row['normalized']}\t{row['year']}年\t法院代字 {row['court_code']}"
                    f"{'（' + row['court_name'] + '）' if row['court_name'] else ''}\t"
                    f"类型 {row['type_code']}\t第 {row['seq']} 号"
                )
            else:
                self.stdout.write(f"{text}\t无法识别：{row['error']}")
