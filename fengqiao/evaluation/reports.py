"""The 考评 reports the command line writes (``fengqiao report scores|recipients``): the same
selectors as the pages, read as the court's research office and supervisor would (the court and
its subtree)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court, Role
from fengqiao.evaluation import exports, selectors
from fengqiao.evaluation.periods import Period, year_period


@dataclass
class CourtReader:
    """Reads as the court's 研究室 and 督导 (own court and subtree); never writes."""

    court: Court
    pk: None = None
    is_authenticated: bool = True
    is_active: bool = True
    is_recipient: bool = False
    display_name: str = "命令行"

    @property
    def court_id(self) -> int:
        return self.court.pk

    def has_role(self, *roles: str) -> bool:
        return bool({Role.RESEARCH, Role.SUPERVISOR} & set(roles))


def _audit(code: str, court: Court, **after) -> None:
    with transaction.atomic():
        audit_record(
            code=code,
            court=court,
            object_type="evaluation.report",
            object_label=court.name,
            after={**after, "via": "cli"},
        )


def write_scores(*, court: Court, start: date, end: date, out: Path) -> int:
    """Every ranking table (judge, division, court, recipient) for the period, one workbook."""
    from openpyxl import load_workbook

    period = Period("custom", start, end)
    reader = CourtReader(court)
    sheets = []
    for by in ("court", "division", "judge"):
        sheets.append(
            exports.ranking_workbook(selectors.ranking(reader, period, by), by=by, period=period)
        )
    rows = selectors.recipient_rows(reader, period)
    sheets.append(
        exports.recipients_workbook(rows, selectors.recipient_kind_rows(rows), period=period)
    )
    merged = _merge(sheets, load_workbook)
    out.write_bytes(merged)
    _audit("report.scores", court, start=start, end=end, format="xlsx")
    return len(sheets)


def _merge(books: list[bytes], load_workbook) -> bytes:
    """Copy the first sheet of each workbook (and the last one's extra sheets) into one."""
    import io

    from openpyxl import Workbook

    target = Workbook()
    target.remove(target.active)
    for i, data in enumerate(books):
        source = load_workbook(io.BytesIO(data))
        names = source.sheetnames if i == len(books) - 1 else source.sheetnames[:1]
        for name in names:
            sheet = target.create_sheet(name)
            for row in source[name].iter_rows(values_only=True):
                sheet.append(list(row))
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


def write_recipients(*, court: Court, year: int, out: Path) -> int:
    """The recipient scorecard for the year (.docx, or .xlsx by the file's extension)."""
    period = year_period(year)
    reader = CourtReader(court)
    rows = selectors.recipient_rows(reader, period)
    kinds = selectors.recipient_kind_rows(rows)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(exports.recipients_workbook(rows, kinds, period=period))
    else:
        out.write_bytes(
            exports.recipients_docx(
                rows, kinds, court_name=court.name, period=period, issued_on=timezone.localdate()
            )
        )
    _audit("report.recipients", court, year=year, units=len(rows), format=out.suffix.lstrip("."))
    return len(rows)
