"""Effect measurement for an issued suggestion: its target class of cases before and after delivery.

Inputs are two count series — the *target* class (the suggestion's 案由/entity/domain filter) and
*comparison* cases (same court, other classes) — keyed by date, either daily (one key per day with
cases; missing days count 0) or monthly (key = any day of the month, usually the 1st). The lead's
DB query builds them; :func:`count_by_day` turns a list of decision dates into a daily series.

Windows. Two *equal* windows of ``window_months`` calendar months (default 12) on either side of
the delivery date, clipped to the data actually available (``data_from``/``data_to``, by default
the first and last keys of the two series): with daily data *before* is ``[d − w months, d)`` and
*after* is ``(d, d + w months]`` (the delivery day itself belongs to neither); with monthly data
the delivery month (half before, half after) is left out and the windows are the ``w`` whole
months on each side. A window shorter than ``min_months`` (default 3) is "too little data" and the
summary says so instead of giving figures that mean nothing.

Figures. Counts before/after; change % of the target (after/before − 1) and of the comparison
cases; the difference-in-differences style estimate is the ratio of the two before→after rate
ratios, ``(T_after/T_before) / (C_after/C_before) − 1`` — the target's change net of the court's
overall trend.

Significance. Cases are modelled as Poisson counts. Trend-adjusted (comparison given): the exact
conditional test of "the target's before→after ratio equals the comparison's" — conditional on
the margins of the 2×2 table (target/comparison × before/after) the target's after-count is
hypergeometric under that hypothesis, i.e. **Fisher's exact test** (two-sided). When the
comparison counts are large it coincides with the conditional binomial test of the target's
before/after counts with p₀ = the comparison's after-share; unlike that test it also accounts
for the comparison counts' own noise. Without a usable comparison: the **exact conditional
binomial test** of ``T_after`` given ``T_before + T_after`` with p₀ = ½ (equal windows, constant
rate). p < 0.05 is called 具有统计学意义; the note always names the test.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

__all__ = [
    "EffectResult",
    "EffectSeries",
    "count_by_day",
    "format_change",
    "format_p",
    "measure_effect",
]

Granularity = Literal["auto", "day", "month"]
SeriesInput = Mapping[date, int] | Iterable[tuple[date, int]]

ALPHA = 0.05
MIN_TOTAL = 10  # fewer target cases than this: the test has almost no power; say so


@dataclass(frozen=True)
class EffectSeries:
    """Monthly counts over both windows, for a chart (labels ``YYYY-MM``)."""

    labels: list[str]
    target: list[int]
    comparison: list[int] | None
    delivery_index: int  # first label after delivery (a marker goes just before it)


@dataclass(frozen=True)
class EffectResult:
    delivered_on: date
    granularity: Literal["day", "month"]
    requested_months: int
    window_months: int  # 0 when there is too little data
    sufficient: bool
    before_from: date | None
    before_to: date | None  # inclusive
    after_from: date | None
    after_to: date | None  # inclusive
    target_before: int
    target_after: int
    comparison_before: int | None
    comparison_after: int | None
    target_change_pct: float | None
    comparison_change_pct: float | None
    adjusted_change_pct: float | None  # difference-in-differences style, vs the trend
    p_value: float | None
    test: str  # the test's Chinese name, "" without one
    significant: bool | None
    summary: str
    notes: list[str] = field(default_factory=list)
    series: EffectSeries | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings)."""
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, date):
                out[key] = value.isoformat()
        return out


# ------------------------------------------------------------------ helpers


def count_by_day(dates: Iterable[date | None]) -> dict[date, int]:
    """A daily count series from decision dates (``None`` skipped)."""
    return dict(Counter(d for d in dates if d is not None))


def _normalise(series: SeriesInput | None) -> dict[date, int]:
    if series is None:
        return {}
    items = series.items() if isinstance(series, Mapping) else series
    out: dict[date, int] = {}
    for d, n in items:
        out[d] = out.get(d, 0) + int(n)
    return out


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    year, month0 = divmod(total, 12)
    day = min(d.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_start(index: int) -> date:
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def _month_end(index: int) -> date:
    return _month_start(index + 1) - timedelta(days=1)


def _full_months_between(start: date, end: date) -> int:
    """Whole months m with start + m months ≤ end."""
    m = (end.year - start.year) * 12 + (end.month - start.month)
    while m > 0 and _add_months(start, m) > end:
        m -= 1
    return max(m, 0)


def _change(before: int, after: int) -> float | None:
    return None if before == 0 else (after - before) / before * 100.0


def format_change(pct: float) -> str:
    """Chinese change wording: 下降60% / 上升7.5% / 基本持平 (one decimal under 10%)."""
    if abs(pct) < 0.05:
        return "基本持平"
    word = "下降" if pct < 0 else "上升"
    value = abs(pct)
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return f"{word}{text}%"


def format_p(p: float) -> str:
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def _binom_p(k: int, n: int, p0: float) -> float:
    from scipy.stats import binomtest

    return float(binomtest(k, n, p0, alternative="two-sided").pvalue)


def _fisher_p(t_after: int, t_before: int, c_after: int, c_before: int) -> float:
    from scipy.stats import fisher_exact

    _, p = fisher_exact([[t_after, t_before], [c_after, c_before]], alternative="two-sided")
    return float(p)


def _detect_granularity(keys: Iterable[date]) -> Literal["day", "month"]:
    keys = list(keys)
    if len(keys) >= 2 and all(k.day == 1 for k in keys):
        return "month"
    return "day"


# ------------------------------------------------------------------ main entry


def measure_effect(
    target: SeriesInput,
    delivered_on: date,
    comparison: SeriesInput | None = None,
    *,
    window_months: int = 12,
    min_months: int = 3,
    granularity: Granularity = "auto",
    data_from: date | None = None,
    data_to: date | None = None,
    subject: str = "同类案件",
) -> EffectResult:
    """Before/after counts of the target class around ``delivered_on``, net of the trend.

    ``granularity="auto"`` treats the series as monthly when every key is the 1st of a month
    (pass ``"day"`` for a sparse daily series that happens to fall on 1sts). ``data_from`` /
    ``data_to`` say which period the series cover (days without a key count 0 inside it); by
    default the first and last keys of both series. ``subject`` names the target class in the
    summary (e.g. "物业服务合同纠纷案件").
    """
    t = _normalise(target)
    c = _normalise(comparison) if comparison is not None else None
    keys = list(t) + (list(c) if c else [])
    gran: Literal["day", "month"] = (
        _detect_granularity(keys) if granularity == "auto" else granularity
    )
    start = data_from or (min(keys) if keys else None)
    end = data_to or (max(keys) if keys else None)
    if gran == "month":
        t = _by_month(t)
        c = _by_month(c) if c is not None else None

    def empty(reason: str, notes: list[str]) -> EffectResult:
        return EffectResult(
            delivered_on=delivered_on,
            granularity=gran,
            requested_months=window_months,
            window_months=0,
            sufficient=False,
            before_from=None,
            before_to=None,
            after_from=None,
            after_to=None,
            target_before=0,
            target_after=0,
            comparison_before=None,
            comparison_after=None,
            target_change_pct=None,
            comparison_change_pct=None,
            adjusted_change_pct=None,
            p_value=None,
            test="",
            significant=None,
            summary=reason,
            notes=notes,
        )

    if start is None or end is None:
        return empty("暂无同类案件数据，无法评估司法建议的效果。", [])

    # available whole months on each side
    if gran == "day":
        after_avail = _full_months_between(delivered_on, end)
        before_avail = 0  # [d − m months, d) fits when d − m months ≥ start
        while _add_months(delivered_on, -(before_avail + 1)) >= start:
            before_avail += 1
    else:
        dm = _month_index(delivered_on)
        after_avail = max(0, _month_index(end) - dm)
        before_avail = max(0, dm - _month_index(start))
    window = min(window_months, after_avail, before_avail)
    if window < min_months:
        if after_avail < min_months:
            reason = (
                f"送达后时间不足：截至{_cn(end)}，送达后仅有{after_avail}个月的完整数据"
                f"（评估至少需要送达前后各{min_months}个月），暂无法评估效果，"
                f"请在{_cn(_add_months(delivered_on, min_months))}后再看。"
            )
        else:
            reason = (
                f"送达前数据不足：数据自{_cn(start)}起，送达前仅有{before_avail}个月"
                f"（评估至少需要送达前后各{min_months}个月），暂无法比较送达前后的变化。"
            )
        return empty(reason, [])

    if gran == "day":
        before_from = _add_months(delivered_on, -window)
        before_to = delivered_on - timedelta(days=1)
        after_from = delivered_on + timedelta(days=1)
        after_to = _add_months(delivered_on, window)
    else:
        dm = _month_index(delivered_on)
        before_from, before_to = _month_start(dm - window), _month_end(dm - 1)
        after_from, after_to = _month_start(dm + 1), _month_end(dm + window)

    def total(series: Mapping[date, int], lo: date, hi: date) -> int:
        return sum(n for d, n in series.items() if lo <= d <= hi)

    tb, ta = total(t, before_from, before_to), total(t, after_from, after_to)
    cb = ca = None
    if c is not None:
        cb, ca = total(c, before_from, before_to), total(c, after_from, after_to)
    t_change = _change(tb, ta)
    c_change = _change(cb, ca) if cb is not None and ca is not None else None
    adjusted = None
    if t_change is not None and cb and ca:
        adjusted = ((ta / tb) / (ca / cb) - 1) * 100.0

    notes: list[str] = []
    p_value: float | None = None
    test = ""
    if tb + ta > 0:
        if cb and ca:
            p_value, test = _fisher_p(ta, tb, ca, cb), "Fisher精确检验"
        else:
            p_value, test = _binom_p(ta, tb + ta, 0.5), "精确二项检验"
            if c is not None:
                notes.append("对照案件在送达前或送达后为零，未扣除整体趋势。")
    if window < window_months:
        notes.append(f"可用数据不足{window_months}个月，窗口缩短为送达前后各{window}个月。")
    if 0 < tb + ta < MIN_TOTAL:
        notes.append(f"同类案件共{tb + ta}件，数量较少，检验的把握度很低。")

    significant = None if p_value is None else p_value < ALPHA
    summary = _summary(
        window, subject, tb, ta, cb, ca, t_change, c_change, adjusted, p_value, test, significant
    )
    series = _series(t, c, gran, window, delivered_on)
    return EffectResult(
        delivered_on=delivered_on,
        granularity=gran,
        requested_months=window_months,
        window_months=window,
        sufficient=True,
        before_from=before_from,
        before_to=before_to,
        after_from=after_from,
        after_to=after_to,
        target_before=tb,
        target_after=ta,
        comparison_before=cb,
        comparison_after=ca,
        target_change_pct=t_change,
        comparison_change_pct=c_change,
        adjusted_change_pct=adjusted,
        p_value=p_value,
        test=test,
        significant=significant,
        summary=summary + "".join(notes),
        notes=notes,
        series=series,
    )


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _by_month(series: Mapping[date, int]) -> dict[date, int]:
    out: dict[date, int] = {}
    for d, n in series.items():
        key = d.replace(day=1)
        out[key] = out.get(key, 0) + n
    return out


def _summary(
    window: int,
    subject: str,
    tb: int,
    ta: int,
    cb: int | None,
    ca: int | None,
    t_change: float | None,
    c_change: float | None,
    adjusted: float | None,
    p_value: float | None,
    test: str,
    significant: bool | None,
) -> str:
    head = f"送达后{window}个月{subject}{ta}件，送达前{window}个月{tb}件"
    if tb == 0 and ta == 0:
        return head + "，送达前后均无此类案件，无法计算变化。"
    if t_change is None:
        text = head + "；送达前没有此类案件，无法计算变化率"
    else:
        text = head + "，" + format_change(t_change)
    if c_change is not None:
        text += f"；同期其他案件{format_change(c_change)}"
        if adjusted is not None:
            word = format_change(adjusted)
            if word == "基本持平":
                text += "，扣除整体趋势后变化不大"
            else:
                text += "，扣除整体趋势后" + word[:2] + "约" + word[2:]
    if p_value is not None:
        text += f"（{format_p(p_value)}，{test}）"
        text += (
            "，变化具有统计学意义。"
            if significant
            else "，变化不具有统计学意义，可能属于随机波动。"
        )
    else:
        text += "。"
    return text


def _series(
    t: Mapping[date, int],
    c: Mapping[date, int] | None,
    gran: str,
    window: int,
    delivered_on: date,
) -> EffectSeries:
    """``window`` bins before and after delivery; the bins sum to the window totals.

    Monthly data: calendar months (the delivery month left out, as in the windows). Daily data:
    month-long bins aligned to the delivery date, labelled by the month they start in.
    """
    bins: list[tuple[date, date, str]] = []
    if gran == "month":
        dm = _month_index(delivered_on)
        for m in [*range(dm - window, dm), *range(dm + 1, dm + window + 1)]:
            bins.append((_month_start(m), _month_end(m), f"{m // 12}-{m % 12 + 1:02d}"))
    else:
        for i in range(window, 0, -1):
            lo = _add_months(delivered_on, -i)
            hi = _add_months(delivered_on, -i + 1) - timedelta(days=1)
            bins.append((lo, hi, f"{lo:%Y-%m}"))
        for j in range(window):
            lo = _add_months(delivered_on, j) + timedelta(days=1)
            bins.append((lo, _add_months(delivered_on, j + 1), f"{lo:%Y-%m}"))

    def binned(series: Mapping[date, int]) -> list[int]:
        return [sum(n for d, n in series.items() if lo <= d <= hi) for lo, hi, _ in bins]

    return EffectSeries(
        labels=[label for _, _, label in bins],
        target=binned(t),
        comparison=binned(c) if c is not None else None,
        delivery_index=window,
    )
