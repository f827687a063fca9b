from __future__ import annotations

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "签发文书存档：为尚未存档的已签发司法建议书存档 Word 版本，并生成缺失或失败的 PDF"
        "（可重复运行；后台任务每 15 分钟也会自动补做）"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-pdf", action="store_true", help="只补存 Word 版本，不转换 PDF")
        parser.add_argument("--json", action="store_true", help="输出 JSON 汇总")

    def handle(self, *args, **options) -> None:
        from fengqiao.suggestions.stored_letters import ensure_pdfs

        summary = ensure_pdfs(convert=not options["no_pdf"])
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"补存 Word {summary['stored_docx']} 份，生成 PDF {summary['converted_pdf']} 份，"
            f"失败 {summary['failed_pdf']} 份。"
        )
