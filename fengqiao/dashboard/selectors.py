"""What each role sees on its home page: counts, and what waits for the user.

Later apps register their own waiting-item providers with ``register_waiting``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from fengqiao.audit.selectors import audit_entries_visible
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_court_ids


@dataclass(frozen=True)
class WaitingItem:
    title: str
    detail: str
    url: str


WaitingProvider = Callable[[object], list[WaitingItem]]
_WAITING_PROVIDERS: list[WaitingProvider] = []


def register_waiting(provider: WaitingProvider) -> WaitingProvider:
    _WAITING_PROVIDERS.append(provider)
    return provider


def waiting_for(user) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    for provider in _WAITING_PROVIDERS:
        items.extend(provider(user))
    return items


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    url: str = ""  # the register filtered to exactly the letters counted ("" = no such filter)


def register_url(**params: object) -> str:
    """The 司法建议台账 filtered by ``params`` (None / "" values left out)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("suggestions:register") + (f"?{query}" if query else "")


def morning_figures(user) -> list[Figure]:
    """The morning numbers. Of this year's letters (``.issued()``: numbered this year, not
    withdrawn): how many were delivered (送达 — withdrawn or not yet delivered letters are not
    sent) and replied; now: waiting for a reply, overdue, due soon; last year's letters; and the
    adoption rate over the latest reply of each."""
    if user.is_recipient:
        return []
    from django.db.models import Count, Q

    from fengqiao.suggestions.models import State, due_soon_q, overdue_q
    from fengqiao.suggestions.policy import DELIVERED_STATES
    from fengqiao.suggestions.selectors import adoption_counts, suggestions_visible

    today = timezone.localdate()
    year = today.year
    letters = suggestions_visible(user)
    this_year = Q(number_year=year)
    # every count below is of delivered letters or of this year's withdrawn ones: only those
    # rows are read (the (court, state, reply_due_on) index), not every letter of the court
    counts = letters.filter(state__in=[State.DELIVERED, State.WITHDRAWN]).aggregate(
        withdrawn=Count(
            "id", filter=this_year & Q(number_seq__isnull=False, state=State.WITHDRAWN)
        ),
        waiting=Count("id", filter=Q(state=State.DELIVERED)),
        overdue=Count("id", filter=overdue_q(today)),
        due_soon=Count("id", filter=due_soon_q(today)),
    )
    # this year's and last year's only (the (court, number_year, state, …) index)
    issued = (
        letters.issued()
        .filter(number_year__in=[year - 1, year])
        .aggregate(
            this=Count("id", filter=this_year),
            last=Count("id", filter=Q(number_year=year - 1)),
            delivered=Count("id", filter=this_year & Q(state__in=DELIVERED_STATES)),
            replied=Count("id", filter=this_year & Q(replied_on__isnull=False)),
        )
    )
    items = adoption_counts(letters)
    rate = f"{items['adopted'] / items['total']:.0%}" if items["total"] else "—"
    numbered = str(issued["this"])
    if counts["withdrawn"]:
        numbered += f"（另撤回 {counts['withdrawn']}）"
    return [
        Figure(f"{year}年编号的司法建议", numbered, register_url(year=year, issued=1)),
        Figure(
            f"{year - 1}年编号的司法建议",
            str(issued["last"]),
            register_url(year=year - 1, issued=1),
        ),
        Figure(
            f"{year}年编号、已送达",
            str(issued["delivered"]),
            register_url(year=year, issued=1, delivered=1),
        ),
        Figure(
            f"{year}年编号、已回复",
            str(issued["replied"]),
            register_url(year=year, issued=1, replied=1),
        ),
        Figure("已送达待回复", str(counts["waiting"]), register_url(state=State.DELIVERED)),
        Figure("逾期未回复", str(counts["overdue"]), register_url(overdue=1)),
        Figure("7日内到期待回复", str(counts["due_soon"]), register_url(due_soon=1)),
        # the letters whose latest reply's items are counted
        Figure("建议采纳率（含部分采纳，按最新回函）", rate, register_url(replied=1)),
    ]


def dashboard_figures(user) -> list[tuple[str, str]]:
    """(label, value) of :func:`morning_figures`."""
    return [(f.label, f.value) for f in morning_figures(user)]


# ---- charts: one GROUP BY query each, scoped by suggestions_visible ----------------------------


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]
    links: list[str]  # per point: the register filtered to exactly those letters ("" = none)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line" (charts.js)
    dimension: str  # the heading of the label column in the Excel download
    labels: list[str]
    series: list[Series]

    @property
    def data(self) -> dict:
        return {
            "labels": self.labels,
            "series": [{"name": s.name, "values": s.values, "links": s.links} for s in self.series],
        }

    @property
    def dom_id(self) -> str:
        return f"chart-data-{self.key}"


def _state_chart(user, year: int) -> Chart:
    from fengqiao.suggestions.models import State
    from fengqiao.suggestions.selectors import state_counts

    counts = state_counts(user)
    return Chart(
        "state",
        "司法建议办理状态（全部年度）",
        "bar",
        "状态",
        [label for _, label in State.choices],
        [
            Series(
                "件数",
                [counts.get(value, 0) for value, _ in State.choices],
                [register_url(state=value) for value, _ in State.choices],
            )
        ],
    )


def _two_years(user, year: int, field: str, extra: tuple[str, ...] = ()) -> dict:
    """{value of ``field``: (last year's, this year's) letters}, one GROUP BY query."""
    from django.db.models import Count, Q

    from fengqiao.suggestions.selectors import suggestions_visible

    rows = (
        suggestions_visible(user)
        .issued()
        .filter(number_year__in=[year - 1, year])
        .values(field, *extra)
        .annotate(
            last=Count("id", filter=Q(number_year=year - 1)),
            this=Count("id", filter=Q(number_year=year)),
        )
        .order_by(field)
    )
    found = {row[field]: row for row in rows}
    # the unspecified ones (no division, no domain) last, whatever the database's NULL order
    return {k: found[k] for k in sorted(found, key=lambda k: k in (None, ""))}


def _year_series(year: int, rows: list[tuple[dict, dict]]) -> list[Series]:
    """Last year's and this year's series from (counts row, register filter) pairs."""
    series = []
    for y, column in ((year - 1, "last"), (year, "this")):
        series.append(
            Series(
                f"{y}年",
                [row.get(column, 0) for row, _ in rows],
                [
                    register_url(year=y, issued=1, **params) if params is not None else ""
                    for _, params in rows
                ],
            )
        )
    return series


def _court_chart(user, year: int) -> Chart | None:
    from fengqiao.courts.selectors import visible_courts

    courts = list(visible_courts(user).order_by("path").values_list("id", "name"))
    if len(courts) < 2:
        return None
    counts = _two_years(user, year, "court_id")
    return Chart(
        "court",
        f"各法院司法建议（{year - 1}年 / {year}年）",
        "bar",
        "法院",
        [name for _, name in courts],
        _year_series(year, [(counts.get(pk, {}), {"court": pk}) for pk, _ in courts]),
    )


def _division_chart(user, year: int) -> Chart:
    several = len(visible_court_ids(user)) > 1
    counts = _two_years(
        user, year, "division_id", ("division__name", "division__court__short_name")
    )
    labels, rows = [], []
    for pk, row in counts.items():
        if pk is None:
            labels.append("未指定庭室")
            rows.append((row, None))
        else:
            name = row["division__name"]
            labels.append(f"{row['division__court__short_name']}·{name}" if several else name)
            rows.append((row, {"division": pk}))
    return Chart(
        "division",
        f"各庭室司法建议（{year - 1}年 / {year}年）",
        "bar",
        "庭室",
        labels,
        _year_series(year, rows),
    )


def _domain_chart(user, year: int) -> Chart:
    counts = _two_years(user, year, "domain")
    labels = [value or "未填写" for value in counts]
    rows = [(row, {"domain": value} if value else None) for value, row in counts.items()]
    return Chart(
        "domain",
        f"各专业领域司法建议（{year - 1}年 / {year}年）",
        "bar",
        "专业领域",
        labels,
        _year_series(year, rows),
    )


def _kind_chart(user, year: int) -> Chart:
    from fengqiao.courts.models import UnitKind

    counts = _two_years(user, year, "recipient__kind")
    return Chart(
        "kind",
        f"按被建议单位类型（{year - 1}年 / {year}年）",
        "bar",
        "被建议单位类型",
        [label for _, label in UnitKind.choices],
        _year_series(
            year,
            [(counts.get(value, {}), {"recipient_kind": value}) for value, _ in UnitKind.choices],
        ),
    )


def _trend_chart(user, year: int) -> Chart:
    """Letters of the last 12 months (this one included), by the month they were signed."""
    from django.db.models import Count, Q
    from django.db.models.functions import ExtractMonth

    from fengqiao.suggestions.selectors import suggestions_visible

    month = timezone.localdate().month
    months = [
        ((year * 12 + month - 1 - i) // 12, (month - 1 - i) % 12 + 1) for i in range(11, -1, -1)
    ]
    window = Q(number_year=year, signed_at__month__lte=month) | Q(
        number_year=year - 1, signed_at__month__gt=month
    )
    rows = (
        suggestions_visible(user)
        .issued()
        # the two years first (an index range), so the month is worked out for those alone
        .filter(number_year__in=[year - 1, year], signed_at__isnull=False)
        .filter(window)
        .annotate(month=ExtractMonth("signed_at"))
        .values("number_year", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(row["number_year"], row["month"]): row["n"] for row in rows}
    return Chart(
        "trend",
        "近12个月签发的司法建议",
        "line",
        "月份",
        [f"{y}年{m}月" for y, m in months],
        [
            Series(
                "签发件数",
                [counts.get(ym, 0) for ym in months],
                [register_url(year=y, month=m, issued=1) for y, m in months],
            )
        ],
    )


CHARTS = {
    "state": _state_chart,
    "trend": _trend_chart,
    "court": _court_chart,
    "division": _division_chart,
    "domain": _domain_chart,
    "kind": _kind_chart,
}


def dashboard_chart(user, key: str) -> Chart | None:
    """One chart of the home page (None: unknown key, a recipient, or not shown to this user)."""
    if user.is_recipient or user.court_id is None or key not in CHARTS:
        return None
    return CHARTS[key](user, timezone.localdate().year)


def dashboard_charts(user) -> list[Chart]:
    charts = [dashboard_chart(user, key) for key in CHARTS]
    return [c for c in charts if c is not None]


def chart_workbook(chart: Chart) -> bytes:
    """The chart's numbers as an Excel sheet: label column, then one column per series."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = chart.key
    sheet.append([chart.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([chart.dimension, *(s.name for s in chart.series)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for i, label in enumerate(chart.labels):
        sheet.append([label, *(s.values[i] for s in chart.series)])
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def recent_activity(user, limit: int = 8):
    if not has_permission(user, "audit.view"):
        return []
    return list(audit_entries_visible(user)[:limit])


def newest_hotspots(user, limit: int = 5) -> list:
    """The research office's morning view of the newest class-case hotspots."""
    from fengqiao.courts.permissions import has_permission

    if not has_permission(user, "mining.view"):
        return []
    from fengqiao.mining.hotspot_views import hotspots_visible

    return list(hotspots_visible(user)[:limit])
