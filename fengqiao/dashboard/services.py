"""Writes of the dashboard app: producing (and recording) the annual report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court, User
from fengqiao.courts.permissions import require_permission
from fengqiao.courts.selectors import can_see_court


@dataclass(frozen=True)
class GeneratedReport:
    data: bytes
    filename: str


def annual_report_generate(
    *,
    actor: User | None,
    court: Court,
    year: int,
    subtree: bool = False,
    problems: list[str] | None = None,
    plan: list[str] | None = None,
    issued_on: date | None = None,
) -> GeneratedReport:
    """The court's annual report for ``year`` as .docx; ``actor`` None is the command line.

    ``problems`` and ``plan`` are the court's own text; None takes the suggestions made from
    the figures. The generation is audited with the figures it printed."""
    from fengqiao.dashboard.annual import annual_figures, typical_letters
    from fengqiao.dashboard.annual_report import (
        AnnualReport,
        build_annual_report_docx,
        report_title,
        suggested_plan,
        suggested_problems,
    )
    from fengqiao.mining.charts import ChartFontError

    if actor is not None:
        require_permission(actor, "report.annual")
        if not can_see_court(actor, court.pk):
            raise PermissionDenied("只能为本院或辖区法院生成年度报告。")
    today = timezone.localdate()
    if not 1990 <= year <= today.year:
        raise ValidationError(f"年度应在 1990 至 {today.year} 之间。")
    fig = annual_figures(court, year, subtree=subtree, today=today)
    report = AnnualReport(
        figures=fig,
        typical=typical_letters(court, year, subtree=subtree),
        problems=problems if problems is not None else suggested_problems(fig),
        plan=plan if plan is not None else suggested_plan(fig),
        issued_on=issued_on or today,
    )
    try:
        data = build_annual_report_docx(report)
    except ChartFontError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        audit_record(
            code="report.annual",
            actor=actor,
            court=court,
            object_type="courts.court",
            object_id=str(court.pk),
            object_label=court.name,
            after={
                "year": year,
                "subtree": subtree,
                "issued": fig.issued,
                "delivered": fig.delivered,
                "replied_on_time": fig.replied_on_time,
                "adoption_items": fig.items.get("total", 0),
                "via": "web" if actor is not None else "cli",
            },
        )
    return GeneratedReport(data=data, filename=f"{report_title(court.name, year)}.docx")
