"""Reply and archive deadlines (民法典第二百零一至二百零三条; chinese-calendar for 调休; the
statutory holidays when a year's schedule is unknown; administrator-entered schedules first)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.due_dates import (
    YearSchedule,
    add_months,
    archive_due,
    calendar_knows,
    default_reply_months,
    is_rest_day,
    next_working_day,
    reply_due,
    statutory_holidays,
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


def test_years_the_calendar_does_not_know_fall_back_to_statutory_holidays():
    assert is_rest_day(date(2099, 1, 3))  # a Saturday
    assert not is_rest_day(date(2099, 1, 5))
    assert next_working_day(date(2099, 1, 3)) == date(2099, 1, 5)
    assert is_rest_day(date(2099, 1, 1)) and is_rest_day(date(2099, 10, 2))  # 元旦, 国庆


def test_statutory_holidays_of_2027_from_the_lunar_calendar():
    days = statutory_holidays(2027)
    # 元旦1、春节4（除夕2-5至初三2-8）、清明1、劳动节2、端午1、中秋1、国庆3
    assert len(days) == 13
    assert {date(2027, 2, 5), date(2027, 2, 8), date(2027, 4, 5)} <= days
    assert {date(2027, 6, 9), date(2027, 9, 15), date(2027, 10, 3)} <= days
    assert date(2027, 2, 9) not in days and date(2027, 10, 4) not in days


UNKNOWN = "2027年法定节假日安排尚未载入，暂按《全国年节及纪念日放假办法》"


@pytest.mark.parametrize(
    "delivered,months,nominal,expected",
    [
        (date(2026, 12, 1), 1, date(2027, 1, 1), date(2027, 1, 4)),  # 元旦 (Fri) + weekend
        (date(2026, 12, 5), 2, date(2027, 2, 5), date(2027, 2, 9)),  # 除夕 to 初三 + 0
        (date(2027, 8, 1), 2, date(2027, 10, 1), date(2027, 10, 4)),  # 国庆 1-3日
        (date(2027, 7, 15), 2, date(2027, 9, 15), date(2027, 9, 16)),  # 中秋
    ],
)
def test_2027_due_dates_skip_statutory_holidays(delivered, months, nominal, expected):
    assert not calendar_knows(2027)
    due = reply_due(delivered, months)
    assert add_months(delivered, months) == nominal
    assert due.due_on == expected
    assert f"顺延至 {expected.year}年{expected.month}月{expected.day}日" in due.explanation
    assert UNKNOWN in due.explanation


def test_an_entered_schedule_takes_precedence():
    # a hypothetical published 2027 schedule: 春节 2-5 to 2-11, 2-20 (Sat) a working day
    entered = {
        2027: YearSchedule(
            2027,
            frozenset(date(2027, 2, 5) + timedelta(days=k) for k in range(7)),
            frozenset({date(2027, 2, 20)}),
        )
    }
    due = reply_due(date(2026, 12, 5), 2, schedules=entered)
    assert due.due_on == date(2027, 2, 12)
    assert "按系统管理员录入的2027年国务院节假日安排" in due.explanation
    assert UNKNOWN not in due.explanation
    # 2027-02-20 is a Saturday: a make-up working day only in the entered schedule
    assert reply_due(date(2026, 12, 20), 2, schedules=entered).due_on == date(2027, 2, 20)
    assert not is_rest_day(date(2027, 2, 20), entered)
    assert reply_due(date(2026, 12, 20), 2).due_on == date(2027, 2, 22)
    # 元旦 is not in the entered schedule, which replaces the fallback whole
    assert reply_due(date(2026, 12, 1), 1, schedules=entered).due_on == date(2027, 1, 1)


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
    year = next(y for y in range(2026, 2100) if not calendar_knows(y))
    due = reply_due(date(year, 3, 10), 2)
    assert f"{year}年法定节假日安排尚未载入，暂按《全国年节及纪念日放假办法》" in due.explanation
    assert due.due_on.weekday() < 5


# ---- the administrator's schedule page ----------------------------------------------------------


@time_machine.travel(datetime(2027, 1, 10, 10, tzinfo=SH), tick=False)
def test_entering_a_schedule_recomputes_open_due_dates_audited(world, make_suggestion, client_for):
    from fengqiao.administration.models import HolidaySchedule
    from fengqiao.audit.models import AuditEntry

    suggestion = make_suggestion(world, upto="delivered", delivered_on=date(2026, 12, 5))
    assert suggestion.reply_due_on == date(2027, 2, 9)
    assert UNKNOWN in suggestion.reply_due_explanation

    admin = world.users[Role.ADMIN]
    client = client_for(admin)
    page = client.get("/admin-console/holidays/")
    assert page.status_code == 200 and "尚未公布" in page.content.decode()
    bad = client.post(
        "/admin-console/holidays/", {"year": 2027, "holidays": "2027-02-30", "workdays": ""}
    )
    assert bad.status_code == 200 and "无法识别" in bad.content.decode()
    weekday = client.post(
        "/admin-console/holidays/",
        {"year": 2027, "holidays": "2027-02-05 至 2027-02-11", "workdays": "2027-02-17"},
    )
    assert "不是周末" in weekday.content.decode()
    assert not HolidaySchedule.objects.exists()

    response = client.post(
        "/admin-console/holidays/",
        {
            "year": 2027,
            "holidays": "2027-01-01\n2027年2月5日 至 2027年2月11日",
            "workdays": "2027-02-20",
            "source": "国务院办公厅关于2027年部分节假日安排的通知",
        },
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.reply_due_on == date(2027, 2, 12)
    assert "按系统管理员录入的2027年国务院节假日安排" in suggestion.reply_due_explanation
    saved = AuditEntry.objects.get(code="holiday_schedule.save")
    assert saved.after["holidays"][0] == "2027-01-01" and len(saved.after["holidays"]) == 8
    recomputed = AuditEntry.objects.get(code="delivery.due_recompute")
    assert recomputed.object_id == str(suggestion.pk)
    assert recomputed.after["reply_due_on"] == "2027-02-12"

    # saving the same schedule again changes no due date and audits no recomputation
    client.post(
        "/admin-console/holidays/",
        {
            "year": 2027,
            "holidays": "2027-01-01\n2027-02-05 至 2027-02-11",
            "workdays": "2027-02-20",
        },
    )
    assert AuditEntry.objects.filter(code="delivery.due_recompute").count() == 1
    assert AuditEntry.objects.filter(code="holiday_schedule.save").count() == 2


def test_only_system_administrators_reach_the_schedule_page(world, client_for):
    from fengqiao.administration.models import HolidaySchedule

    for who in (Role.JUDGE, "recipient"):
        client = client_for(world.users[who])
        assert client.get("/admin-console/holidays/").status_code in (302, 403, 404)
        response = client.post("/admin-console/holidays/", {"year": 2027, "holidays": "2027-01-01"})
        assert response.status_code in (302, 403, 404)
    assert not HolidaySchedule.objects.exists()
    with pytest.raises(PermissionDenied):
        services.due_dates_recompute(actor=world.users[Role.JUDGE], reason="x")
