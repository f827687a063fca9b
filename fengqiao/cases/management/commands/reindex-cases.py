from __future__ import annotations

from django.core.management.base import BaseCommand

from fengqiao.cases.models import Case


class Command(BaseCommand):
    help = "补建或重建案件全文索引"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--full", action="store_true", help="清空后全部重建")

    def handle(self, *args, **options) -> None:
        # Imported here: heavy libraries load only when the command runs, not for --help.
        from fengqiao.cases.services import index_pending
        from fengqiao.search.cases_index import case_index

        if options["full"]:
            case_index().clear()
            Case.objects.update(needs_index=True)
        self.stdout.write(f"已索引 {index_pending()} 件案件。")
