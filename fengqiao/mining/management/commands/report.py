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
        "生成报告：report health-check --entity 单位名称 --from 日期 --to 日期 "
        "--out 文件（.docx 或 .pdf）--court 法院代字 [--subtree]；"
        "report annual --court 法院代字 --year 年度 --out 文件.docx [--subtree]；"
        "考评积分：report scores --court 代字 --from 日期 --to 日期 --out 文件.xlsx；"
        "被建议单位考评表：report recipients --court 代字 --year 年度 --out 文件.docx"
    )

    def add_arguments(self, parser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, title="报告种类")
        health = kinds.add_parser("health-check", help="涉诉法治体检报告")
        health.add_argument("--entity", required=True)
        health.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat)
        health.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat)
        health.add_argument("--out", required=True)
        health.add_argument(
            "--court", required=True, help="出具报告的法院（法院代字）：只统计该法院的案件"
        )
        health.add_argument(
            "--subtree", action="store_true", help="同时统计该法院辖区内下级法院的案件"
        )
        annual = kinds.add_parser("annual", help="司法建议工作年度报告（向人大常委会报告）")
        annual.add_argument("--court", required=True, help="报告法院（法院代字）")
        annual.add_argument("--year", required=True, type=int)
        annual.add_argument("--out", required=True, help=".docx 文件")
        annual.add_argument("--subtree", action="store_true", help="含辖区下级法院")
        annual.add_argument("--problems", help="“存在的问题”正文（UTF-8 文本文件，每段一行）")
        annual.add_argument("--plan", help="“下一步工作打算”正文（UTF-8 文本文件，每段一行）")
        scores = kinds.add_parser("scores", help="考评积分（Excel）")
        scores.add_argument("--court", required=True)
        scores.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat)
        scores.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat)
        scores.add_argument("--out", required=True)
        recipients = kinds.add_parser("recipients", help="被建议单位反馈落实考评表")
        recipients.add_argument("--court", required=True)
        recipients.add_argument("--year", required=True, type=int)
        recipients.add_argument("--out", required=True)

    def handle(self, *args, **options) -> None:
        if options["kind"] == "annual":
            return self._annual(options)
        if options["kind"] in ("scores", "recipients"):
            from fengqiao.evaluation.commands import run_report

            self.stdout.write(run_report(options))
            return None
        return self._health_check(options)

    def _annual(self, options) -> None:
        from django.core.exceptions import ValidationError

        from fengqiao.dashboard.services import annual_report_generate

        court = Court.objects.filter(code=options["court"]).first()
        if court is None:
            raise CommandError(f"没有法院代字为“{options['court']}”的法院。")

        def paragraphs(path: str | None) -> list[str] | None:
            if not path:
                return None
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"无法读取 {path}：{error}") from error
            return [line.strip() for line in text.splitlines() if line.strip()]

        try:
            report = annual_report_generate(
                actor=None,
                court=court,
                year=options["year"],
                subtree=options["subtree"],
                problems=paragraphs(options["problems"]),
                plan=paragraphs(options["plan"]),
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        out = Path(options["out"])
        out.write_bytes(report.data)
        self.stdout.write(f"已生成：{out}")

    def _health_check(self, options) -> None:
        # Imported here: the report's libraries (matplotlib, polars …) load only when it runs.
        from fengqiao.courts.selectors import court_subtree
        from fengqiao.mining.charts import ChartFontError
        from fengqiao.mining.health_check import (
            HealthCheckInput,
            build_health_check_docx,
            build_health_check_pdf,
        )
        from fengqiao.mining.services import entity_case_rows

        court = Court.objects.filter(code=options["court"]).first()
        if court is None:
            raise CommandError(f"没有法院代字为“{options['court']}”的法院。")
        names = self._names(options["entity"], court)
        if not names:
            raise CommandError(f"案件库中没有名为“{options['entity']}”（或其不同写法）的当事人。")
        cases = Case.objects.filter(
            decided_on__gte=options["date_from"], decided_on__lte=options["date_to"]
        )
        if options["subtree"]:
            cases, scope = cases.filter(owner__in=court_subtree(court)), "本院及辖区法院"
        else:
            cases, scope = cases.filter(owner=court), "本院"
        rows = entity_case_rows(cases, names)
        if not rows:
            raise CommandError("所选期间内没有该单位的案件。")
        inp = HealthCheckInput(
            entity_name=options["entity"],
            period_from=options["date_from"],
            period_to=options["date_to"],
            court_name=court.name,
            cases=rows,
            scope=scope,
        )
        out = Path(options["out"])
        try:
            if out.suffix.lower() == ".pdf":
                made = build_health_check_pdf(inp, out.parent)
                made.replace(out)
            else:
                out.write_bytes(build_health_check_docx(inp))
        except ChartFontError as error:
            raise CommandError(str(error)) from error
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
    def _names(entity: str, court: Court) -> list[str]:
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
