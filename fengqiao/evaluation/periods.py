"""Periods for rankings: month, quarter, year or a custom range, from the query string."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from fengqiao.core.params import date_param, int_param, year_param

KINDS = {"month": "月度", "quarter": "季度", "year": "年度", "custom": "自定义"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"

    def query(self) -> str:
        return f"from={self.start:%Y-%m-%d}&to={self.end:%Y-%m-%d}"


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def period_from_params(params) -> Period:
    """``from``/``to`` (custom), or ``period`` = month|quarter|year with ``year`` and ``n``
    (month 1–12 / quarter 1–4); default the current year. Bad values fall back, never fail."""
    today = timezone.localdate()
    start, end = date_param(params, "from"), date_param(params, "to")
    if start and end:
        if start > end:
            start, end = end, start
        kind = "custom"
        if start.month == 1 and start.day == 1 and end == date(start.year, 12, 31):
            kind = "year"
        return Period(kind, start, end)
    year = year_param(params, "year") or today.year
    kind = params.get("period", "year")
    if kind == "month":
        month = int_param(params, "n", minimum=1, maximum=12) or today.month
        last = calendar.monthrange(year, month)[1]
        return Period("month", date(year, month, 1), date(year, month, last))
    if kind == "quarter":
        quarter = int_param(params, "n", minimum=1, maximum=4) or (today.month - 1) // 3 + 1
        first = 3 * (quarter - 1) + 1
        last_month = first + 2
        return Period(
            "quarter",
            date(year, first, 1),
            date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )
    return year_period(year)
