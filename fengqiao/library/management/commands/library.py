from __future__ import annotations

from django.core.management.base import BaseCommand

from fengqiao.library import services
from fengqiao.library.index import library_index


class Command(BaseCommand):
    help = "司法建议案例库：reindex 按数据库重建检索索引（只收已发布条目）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["reindex"], help="reindex：重建索引")

    def handle(self, *args, **options) -> None:
        count = services.reindex()
        self.stdout.write(
            f"已重建案例库索引：{count} 条已发布条目（索引 {library_index().path}）。"
        )
