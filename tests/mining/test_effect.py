"""Effect measurement: equal windows around delivery, trend adjustment, exact tests, honest summaries."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from fengqiao.mining.effect import (
    count_by_day,
    format_change,
    format_p,
    measure_effect,
)

scipy_stats = pytest.importorskip("scipy.stats")


def monthly(start: date, values: list[int]) -> dict[date, int]:
    """{first of month: count} for consecutive months from ``start``."""
    out = {}
    y, m = start.year, start.month
    for v in values:
        out[date(y, m, 1)] = v
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# 2024-01 … 2024-12; delivery in 2024-07 → before 2024-01…06, after 2024-08…2025-01
DELIVERED = date(2024, 7, 10)
START = date(2024, 1, 1)


def target_with_drop() -> dict[date, int]:
    # 30 before (5 a month), delivery month 4 (left out), 12 after (2 a month)
    return monthly(START, [5, 5, 5, 5, 5, 5, 4, 2, 2, 2, 2, 2, 2])


def comparison_small_drop() -> dict[date, int]:
    # 1000 before, 950 after: the court's other cases fell 5 %
    return monthly(START, [170, 166, 166, 166, 166, 166, 160, 160, 158, 158, 158, 158, 158])


def test_known_drop_against_trend():
    r = measure_effect(
        target_with_drop(),
        DELIVERED,
        comparison_small_drop(),
        window_months=6,
        subject="物业服务合同纠纷案件",
    )
    assert r.sufficient and r.granularity == "month" and r.window_months == 6
    assert (r.before_from, r.before_to) == (date(2024, 1, 1), date(2024, 6, 30))
    assert (r.after_from, r.after_to) == (date(2024, 8, 1), date(2025, 1, 31))
    assert (r.target_before, r.target_after) == (30, 12)
    assert (r.comparison_before, r.comparison_after) == (1000, 950)
    assert r.target_change_pct == pytest.approx(-60.0)
    assert r.comparison_change_pct == pytest.approx(-5.0)
    assert r.adjusted_change_pct == pytest.approx((0.4 / 0.95 - 1) * 100)  # −57.9 %
    expected_p = scipy_stats.fisher_exact([[12, 30], [950, 1000]])[1]
    assert r.p_value == pytest.approx(expected_p)
    assert r.test == "Fisher精确检验" and r.significant is True
    assert r.summary.startswith(
        "送达后6个月物业服务合同纠纷案件12件，送达前6个月30件，下降60%；"
        "同期其他案件下降5.0%，扣除整体趋势后下降约58%（"
    )
    assert "变化具有统计学意义" in r.summary
    # series for a chart: 6 months each side, delivery month left out, sums = window totals
    s = r.series
    assert s is not None and len(s.labels) == 12 and s.delivery_index == 6
    assert s.labels[5] == "2024-06" and s.labels[6] == "2024-08"
    assert sum(s.target[:6]) == 30 and sum(s.target[6:]) == 12
    assert sum(s.comparison[:6]) == 1000 and sum(s.comparison[6:]) == 950


def test_no_change_is_not_significant():
    flat = monthly(START, [4] * 13)
    other = monthly(START, [100] * 13)
    r = measure_effect(flat, DELIVERED, other, window_months=6)
    assert (r.target_before, r.target_after) == (24, 24)
    assert r.target_change_pct == 0 and r.adjusted_change_pct == pytest.approx(0)
    assert r.p_value == pytest.approx(1.0) and r.significant is False
    assert "基本持平" in r.summary and "扣除整体趋势后变化不大" in r.summary
    assert "不具有统计学意义" in r.summary


def test_drop_explained_by_the_trend():
    # target and comparison both halve: a raw drop, but nothing net of the trend
    target = monthly(START, [10] * 6 + [7] + [5] * 6)
    other = monthly(START, [200] * 6 + [150] + [100] * 6)
    r = measure_effect(target, DELIVERED, other, window_months=6)
    assert r.target_change_pct == pytest.approx(-50)
    assert r.adjusted_change_pct == pytest.approx(0)
    assert r.significant is False


def test_without_comparison_uses_binomial_test():
    r = measure_effect(target_with_drop(), DELIVERED, window_months=6)
    assert r.comparison_before is None and r.adjusted_change_pct is None
    assert r.test == "精确二项检验"
    assert r.p_value == pytest.approx(scipy_stats.binomtest(12, 42, 0.5).pvalue)
    assert "同期其他案件" not in r.summary


def test_window_clipped_to_available_data():
    # 12 months requested, only 4 whole months after delivery in the data
    target = monthly(START, [5] * 7 + [2] * 4)
    r = measure_effect(target, DELIVERED, window_months=12)
    assert r.sufficient and r.window_months == 4 and r.requested_months == 12
    assert (r.before_from, r.after_to) == (date(2024, 3, 1), date(2024, 11, 30))
    assert (r.target_before, r.target_after) == (20, 8)
    assert "窗口缩短为送达前后各4个月" in r.summary


def test_too_little_time_after_delivery():
    target = monthly(START, [5] * 9)  # data ends 2024-09: two whole months after 2024-07
    r = measure_effect(target, DELIVERED, window_months=6)
    assert not r.sufficient and r.window_months == 0 and r.p_value is None
    assert r.summary.startswith("送达后时间不足")
    assert "仅有2个月" in r.summary and r.series is None


def test_too_little_data_before_delivery():
    target = monthly(date(2024, 6, 1), [5] * 12)
    r = measure_effect(target, DELIVERED)
    assert not r.sufficient and r.summary.startswith("送达前数据不足")


def test_zero_counts():
    none_before = monthly(START, [0] * 7 + [1, 0, 1, 0, 1, 0])
    r = measure_effect(none_before, DELIVERED, window_months=6)
    assert r.target_before == 0 and r.target_after == 3
    assert r.target_change_pct is None and "送达前没有此类案件，无法计算变化率" in r.summary
    assert r.p_value == pytest.approx(scipy_stats.binomtest(3, 3, 0.5).pvalue)
    assert "数量较少" in r.summary
    zeros = monthly(START, [0] * 13)
    r = measure_effect(zeros, DELIVERED, window_months=6)
    assert r.sufficient and r.p_value is None and "送达前后均无此类案件" in r.summary
    # comparison empty on one side: no trend adjustment, said so
    other = monthly(START, [50] * 7 + [0] * 6)
    r = measure_effect(target_with_drop(), DELIVERED, other, window_months=6)
    assert r.adjusted_change_pct is None and r.test == "精确二项检验"
    assert "未扣除整体趋势" in r.summary


def test_no_data_at_all():
    r = measure_effect({}, DELIVERED)
    assert not r.sufficient and "暂无同类案件数据" in r.summary


def test_daily_series_exact_windows():
    d = date(2024, 3, 15)
    dates = [
        date(2023, 9, 14),  # one day before the before-window: out
        date(2023, 9, 15),  # first day of the before-window
        date(2024, 3, 14),  # last day before delivery
        d,  # delivery day: neither window
        date(2024, 3, 16),  # first day after
        date(2024, 9, 15),  # last day of the after-window
        date(2024, 9, 16),  # out
    ]
    target = count_by_day(dates)
    r = measure_effect(target, d, window_months=6, data_from=date(2023, 1, 1), data_to=date(2024, 12, 31))  # fmt: skip
    assert r.granularity == "day"
    assert (r.before_from, r.before_to) == (date(2023, 9, 15), date(2024, 3, 14))
    assert (r.after_from, r.after_to) == (date(2024, 3, 16), date(2024, 9, 15))
    assert (r.target_before, r.target_after) == (2, 2)
    assert r.series is not None and len(r.series.labels) == 12
    assert sum(r.series.target[:6]) == 2 and sum(r.series.target[6:]) == 2


def test_daily_default_data_end_is_last_case():
    start = date(2024, 1, 1)
    target = {start + timedelta(days=i): 1 for i in range(0, 200, 3)}
    r = measure_effect(target, date(2024, 5, 1), window_months=12)
    # data run to 2024-07-16: two whole months after delivery → insufficient
    assert not r.sufficient and "送达后仅有2个月" in r.summary


def test_granularity_override_and_json():
    sparse = {date(2024, 1, 1): 1, date(2024, 12, 1): 1}
    assert measure_effect(sparse, DELIVERED).granularity == "month"
    r = measure_effect(sparse, DELIVERED, granularity="day", window_months=3)
    assert r.granularity == "day"
    json.dumps(r.as_dict(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("pct", "text"),
    [
        (-60.0, "下降60%"),
        (-5.0, "下降5.0%"),
        (7.45, "上升7.5%"),
        (0.01, "基本持平"),
        (130, "上升130%"),
    ],
)
def test_format_change(pct, text):
    assert format_change(pct) == text


def test_format_p():
    assert format_p(0.0004) == "p<0.001" and format_p(0.0312) == "p=0.031"
