"""Reply and archive deadlines (民法典第二百零一、二百零三条; chinese-calendar for 调休)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.due_dates import (
    add_months,
    archive_due,
    default_reply_months,
    is_rest_day,
    next_working_day,
    reply_due,
)
from fengqiao.suggestions.letters import letter_content as build_letter
from fengqiao.suggestions.models import Category, State

SH = ZoneInfo("Asia/Shanghai")


# ---- pure ------------------------------------------------------------------------------------


def test_two_months_from_delivery_with_its_explanation():
    assert add_months(date(2025, 3, 10), 2) == date(2025, 5, 10)
    due = reply_due(date(2025, 3, 10), 2)
    # 2025-05-10 is a Saturday: the period ends on the next working day
    assert due.due_on == date(2025, 5, 12)
    assert due.explanation == (
        "送达 2025年3月10日 + 2个月 = 2025年5月10日，遇休息日顺延至 2025年5月12日"
    )


@pytest.mark.parametrize(
    "start,months,expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 12, 31), 2, date(2026, 2, 28)),  # across the year end
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 5, 15), 12, date(2026, 5, 15)),
    ],
)
def test_month_end_without_corresponding_day(start, months, expected):
    assert add_months(start, months) == expected


def test_month_end_explanations():
    feb = reply_due(date(2025, 1, 31), 1)
    assert (feb.due_on, feb.explanation) == (
        date(2025, 2, 28),
        "送达 2025年1月31日 + 1个月 = 2025年2月28日（到期月无对应日，取月末日）",
    )
    leap = reply_due(date(2024, 1, 31), 1)
    assert leap.due_on == date(2024, 2, 29)
    assert leap.explanation.endswith("= 2024年2月29日（到期月无对应日，取月末日）")
    # 2026-02-28 is a Saturday but a make-up working day (调休): not rolled over
    year_end = reply_due(date(2025, 12, 31), 2)
    assert (year_end.due_on, year_end.explanation) == (
        date(2026, 2, 28),
        "送达 2025年12月31日 + 2个月 = 2026年2月28日（到期月无对应日，取月末日）",
    )


def test_public_holiday_rolls_over_to_the_first_working_day():
    due = reply_due(date(2025, 8, 1), 2)  # 2025-10-01 国庆节, holidays until 10-08
    assert due.due_on == date(2025, 10, 9)
    assert due.explanation == (
        "送达 2025年8月1日 + 2个月 = 2025年10月1日，遇休息日顺延至 2025年10月9日"
    )
    weekend = reply_due(date(2025, 7, 13), 2)  # an ordinary Saturday
    assert weekend.due_on == date(2025, 9, 15)


@pytest.mark.parametrize(
    "delivered,saturday",
    [
        (date(2025, 8, 11), date(2025, 10, 11)),  # 国庆节调休
        (date(2024, 12, 8), date(2025, 2, 8)),  # 春节调休
        (date(2025, 12, 14), date(2026, 2, 14)),
    ],
)
def test_make_up_working_saturday_is_not_rolled_over(delivered, saturday):
    assert saturday.weekday() == 5 and not is_rest_day(saturday)
    due = reply_due(delivered, 2)
    assert due.due_on == saturday and "顺延" not in due.explanation


def test_years_the_calendar_does_not_know_fall_back_to_weekends():
    assert is_rest_day(date(2099, 1, 3))  # a Saturday
    assert not is_rest_day(date(2099, 1, 5))
    assert next_working_day(date(2099, 1, 3)) == date(2099, 1, 5)


def test_extensions_add_months_counted_from_the_delivery_date():
    one = reply_due(date(2025, 3, 10), 2, [1])
    assert one.due_on == date(2025, 6, 10)
    assert one.explanation == "送达 2025年3月10日 + 2个月 + 延长1个月 = 2025年6月10日"
    two = reply_due(date(2025, 3, 10), 2, [1, 2, 0])
    assert two.due_on == date(2025, 8, 11)  # 8-10 is a Sunday
    assert two.explanation == (
        "送达 2025年3月10日 + 2个月 + 延长1个月 + 延长2个月 = 2025年8月10日，"
        "遇休息日顺延至 2025年8月11日"
    )


def test_archive_due_is_three_months_after_completion():
    due = archive_due(date(2025, 11, 30))
    assert due.due_on == date(2026, 2, 28)
    assert due.explanation == "办结 2025年11月30日 + 3个月 = 2026年2月28日"


def test_minors_law_means_one_month():
    assert default_reply_months(minors_law=True) == 1
    assert default_reply_months(minors_law=False) == 2


@settings(max_examples=400, deadline=None, database=None)
@given(
    delivered=st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31)),
    months=st.integers(min_value=1, max_value=2),
    extensions=st.lists(st.integers(min_value=0, max_value=3), max_size=2),
)
def test_due_date_properties(delivered, months, extensions):
    due = reply_due(delivered, months, extensions)
    nominal = add_months(delivered, months + sum(extensions))
    assert due.due_on >= nominal
    assert not is_rest_day(due.due_on)
    assert (due.due_on - nominal) <= timedelta(days=10)
    assert due.explanation.startswith(f"送达 {delivered.year}年{delivered.month}月")
    # every day between the nominal and the due date was a rest day
    day = nominal
    while day < due.due_on:
        assert is_rest_day(day)
        day += timedelta(days=1)


# ---- through the services ---------------------------------------------------------------------


@time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=SH), tick=False)
def test_redelivery_and_extension_recompute_from_the_latest_delivery(world, make_suggestion):
    research = world.users[Role.RESEARCH]
    suggestion = make_suggestion(world, upto="delivered", delivered_on=date(2026, 1, 5))
    assert suggestion.reply_due_on == date(2026, 3, 5)
    assert suggestion.reply_due_explanation == "送达 2026年1月5日 + 2个月 = 2026年3月5日"

    services.delivery_record(
        actor=research,
        suggestion=suggestion,
        method="post",
        delivered_on=date(2026, 1, 20),
        note="首次送达地址有误，重新邮寄",
    )
    suggestion.refresh_from_db()
    assert suggestion.state == State.DELIVERED
    assert (suggestion.delivered_on, suggestion.reply_due_on) == (
        date(2026, 1, 20),
        date(2026, 3, 20),
    )
    assert suggestion.deliveries.count() == 2

    for months, reason in [(0, "x"), (4, "x"), (1, " ")]:
        with pytest.raises(ValidationError):
            services.extension_grant(
                actor=research, suggestion=suggestion, months=months, reason=reason
            )
    services.extension_grant(
        actor=research, suggestion=suggestion, months=1, reason="被建议单位申请延期：需报市政府研究"
    )
    suggestion.refresh_from_db()
    assert suggestion.reply_due_on == date(2026, 4, 20)
    assert suggestion.reply_due_explanation == (
        "送达 2026年1月20日 + 2个月 + 延长1个月 = 2026年4月20日"
    )
    # a further re-delivery keeps the extension and counts from the new date
    services.delivery_record(
        actor=research, suggestion=suggestion, method="in_person", delivered_on=date(2026, 2, 2)
    )
    suggestion.refresh_from_db()
    assert suggestion.reply_due_on == date(2026, 5, 6)  # 5-2 falls in the 劳动节 holiday
    assert "延长1个月" in suggestion.reply_due_explanation


@time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=SH), tick=False)
def test_minors_law_suggestion_has_one_month(world, advance, letter_content):
    judge = world.users[Role.JUDGE]
    content = letter_content(world.basic.name, topic="校园周边安全")
    suggestion = services.suggestion_create(
        actor=judge,
        title="校园周边安全",
        category=Category.GOVERNANCE,
        recipient=world.unit,
        minors_law=True,
        content=content,
    )
    assert suggestion.reply_months == 1
    letter = build_letter(suggestion, suggestion.latest_version().content)
    assert "在一个月内向我院书面反馈" in letter.reply_sentence
    with pytest.raises(ValidationError):
        services.draft_save(actor=judge, suggestion=suggestion, content=content, reply_months=2)

    suggestion = advance(world, suggestion, upto="delivered", delivered_on=date(2026, 1, 20))
    assert suggestion.reply_due_on == date(2026, 2, 24)  # 2-20 is in the 春节 holiday
    assert suggestion.reply_due_explanation == (
        "送达 2026年1月20日 + 1个月 = 2026年2月20日，遇休息日顺延至 2026年2月24日"
    )


def test_switching_on_minors_law_shortens_the_period(world, make_suggestion):
    suggestion = make_suggestion(world, category=Category.CLASS, upto="drafting")
    assert suggestion.reply_months == 2
    services.draft_save(
        actor=suggestion.drafter,
        suggestion=suggestion,
        content=suggestion.latest_version().content,
        minors_law=True,
    )
    suggestion.refresh_from_db()
    assert suggestion.reply_months == 1


def test_explanation_says_when_the_holiday_schedule_is_unknown():
    from fengqiao.suggestions.due_dates import calendar_knows, reply_due

    year = next(y for y in range(2026, 2100) if not calendar_knows(y))
    due = reply_due(date(year, 3, 10), 2)
    assert f"{year}年法定节假日安排尚未载入" in due.explanation
    assert due.due_on.weekday() < 5
