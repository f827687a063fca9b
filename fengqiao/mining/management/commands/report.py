from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fengqiao.audit.services import audit_record
from fengqiao.cases.models import Case, CaseParty
from fengqiao.courts.models import Court


class Command(BaseCommand):
    help = (
        "生成涉诉法治体检报告：report health-check --entity 单位名称 --from 日期 --to 日期 "
        "--out 文件（.docx 或 .pdf）[--court 法院代字]；考评积分：report scores --court 代字 "
        "--from 日期 --to 日期 --out 文件.xlsx；被建议单位考评表：report recipients --court 代字 "
        "--year 年度 --out 文件.docx"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=["health-check", "scores", "recipients"])
        parser.add_argument("--entity")
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat)
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat)
        parser.add_argument("--year", type=int)
        parser.add_argument("--out", required=True)
        parser.add_argument("--court", help="只统计该法院（法院代字）的案件")

    def handle(self, *args, **options) -> None:
        if options["kind"] in ("scores", "recipients"):
            from fengqiao.evaluation.commands import run_report

            self.stdout.write(run_report(options))
            return
        if not (options["entity"] and options["date_from"] and options["date_to"]):
            raise CommandError("health-check 需要 --entity、--from 和 --to。")
        # Imported here: the report's libraries (matplotlib, polars …) load only when it runs.
        from fengqiao.mining.health_check import (
            HealthCheckInput,
            build_health_check_docx,
            build_health_check_pdf,
        )
        from fengqiao.mining.services import entity_case_rows

        court = None
        if options["court"]:
            court = Court.objects.filter(code=options["court"]).first()
            if court is None:
                raise CommandError(f"没有法院代字为“{options['court']}”的法院。")
        names = self._names(options["entity"], court)
        if not names:
            raise CommandError(f"案件库中没有名为“{options['entity']}”（或其不同写法）的当事人。")
        cases = Case.objects.filter(
            decided_on__gte=options["date_from"], decided_on__lte=options["date_to"]
        )
        court_name = ""
        if court is not None:
            cases, court_name = cases.filter(owner=court), court.name
        rows = entity_case_rows(cases, names)
        if not rows:
            raise CommandError("所选期间内没有该单位的案件。")
        inp = HealthCheckInput(
            entity_name=options["entity"],
            period_from=options["date_from"],
            period_to=options["date_to"],
            court_name=court_name,
            cases=rows,
        )
        out = Path(options["out"])
        if out.suffix.lower() == ".pdf":
            made = build_health_check_pdf(inp, out.parent)
            made.replace(out)
        else:
            out.write_bytes(build_health_check_docx(inp))
        with transaction.atomic():
            audit_record(
                code="report.health_check",
                court=court,
                object_type="mining.entity",
                object_label=options["entity"][:255],
                after={
                    "from": options["date_from"],
                    "to": options["date_to"],
                    "cases": len(rows),
                    "members": len(names),
                    "format": out.suffix.lower().lstrip("."),
                    "via": "cli",
                },
            )
        self.stdout.write(f"已生成：{out}（{len(rows)} 件案件）")

    @staticmethod
    def _names(entity: str, court: Court | None) -> list[str]:
        """The entity's names as written in the cases: every organisation name that resolves to
        the same entity key (住建局 ↔ 住房和城乡建设局, 有限公司 ↔ 有限责任公司 …). With a court,
        grouped as that court groups them: the latest refresh's entity with the court's and its
        superiors' merge/split decisions."""
        from fengqiao.mining.entities import org_key
        from fengqiao.mining.entity_scope import decisions_for_court, scoped_entities
        from fengqiao.mining.refresh import latest_refresh

        key = org_key(entity)
        organisations = CaseParty.objects.exclude(kind="person").values_list("name", flat=True)
        names = {
            n
            for n in organisations.distinct().iterator(chunk_size=5000)
            if n == entity or org_key(n) == key
        }
        if court is None:
            return sorted(names)
        scoped = next(
            (
                e
                for e in scoped_entities(court.pk, latest_refresh())
                if entity in e.members or e.canonical_name == entity
            ),
            None,
        )
        if scoped is not None:
            return sorted(set(scoped.members))
        rejected = set(decisions_for_court(court.pk).rejections)
        return sorted(n for n in names if n == entity or n not in rejected)
