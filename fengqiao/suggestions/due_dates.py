"""Reply and archive deadlines, computed the way the law counts periods, and explained.

民法典第二百零一条：按照年、月、日、小时计算期间的，开始的当日不计入，自下一日开始计算。
民法典第二百零二条：按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，
月末日为期间的最后一日。
民法典第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
So 2025-03-10 + 2个月 = 2025-05-10, 2025-01-31 + 1个月 = 2025-02-28 (2024: 02-29), and a due
date falling on a weekend or public holiday rolls to the next working day.

Which days are rest days, for one year, in this order of precedence:
1. the schedule a system administrator entered for that year (系统管理 → 节假日安排), copied
   from the State Council's published notice (holidays and make-up working days, 调休);
2. the State Council's schedule as the installed ``chinese-calendar`` knows it;
3. otherwise the statutory holidays of 《全国年节及纪念日放假办法》 (国务院令第795号修订，
   2025年1月1日起施行，第二条): 元旦1天（1月1日）、春节4天（农历除夕、正月初一至初三）、
   清明节1天（农历清明当日）、劳动节2天（5月1日、2日）、端午节1天（农历端午当日）、
   中秋节1天（农历中秋当日）、国庆节3天（10月1日至3日）, plus Saturdays and Sundays.  Lunar
   dates and the 清明 solar term come from ``lunar_python``.  The explanation says so, since
   the published schedule (with its 调休) may still move the date.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from lunar_python import Lunar

DEFAULT_REPLY_MONTHS = 2  # 法释〔2023〕11号第八条：一般不超过两个月
MINORS_REPLY_MONTHS = 1  # 未成年人保护法第一百一十四条：一个月内书面回复
ARCHIVE_MONTHS = 3  # 新疆高院通知：办结后3个月内立卷归档

SOURCE_ADMIN = "administrator"
SOURCE_STATE_COUNCIL = "state_council"
SOURCE_STATUTORY = "statutory"


@dataclass(frozen=True)
class YearSchedule:
    """One year's published holiday schedule: extra rest days and make-up working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]  # weekend days that are working days (调休上班)


Schedules = Mapping[int, YearSchedule]


def add_months(start: date, months: int) -> date:
    """民法典第二百零二条: the corresponding day of the month, or that month's last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> frozenset[date]:
    """The days 《全国年节及纪念日放假办法》第二条 gives all citizens off, for ``year``."""
    spring = Lunar.fromYmd(year, 1, 1).getSolar()
    new_year = date(spring.getYear(), spring.getMonth(), spring.getDay())
    days = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2)}
    days |= {new_year + timedelta(days=k) for k in range(-1, 3)}  # 除夕、初一至初三
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days.add(date(qingming.getYear(), qingming.getMonth(), qingming.getDay()))
    for month, day in ((5, 5), (8, 15)):  # 端午、中秋
        solar = Lunar.fromYmd(year, month, day).getSolar()
        days.add(date(solar.getYear(), solar.getMonth(), solar.getDay()))
    days |= {date(year, 10, d) for d in (1, 2, 3)}
    return frozenset(d for d in days if d.year == year)


def calendar_knows(year: int) -> bool:
    """Whether the installed chinese-calendar has the State Council's schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def schedule_source(year: int, schedules: Schedules | None = None) -> str:
    if schedules and year in schedules:
        return SOURCE_ADMIN
    return SOURCE_STATE_COUNCIL if calendar_knows(year) else SOURCE_STATUTORY


def is_rest_day(day: date, schedules: Schedules | None = None) -> bool:
    entered = (schedules or {}).get(day.year)
    if entered is not None:
        if day in entered.workdays:
            return False
        return day in entered.holidays or day.weekday() >= 5
    try:
        return not chinese_calendar.is_workday(day)
    except NotImplementedError:  # no published schedule known: the statutory holidays
        return day.weekday() >= 5 or day in statutory_holidays(day.year)


def next_working_day(day: date, schedules: Schedules | None = None) -> date:
    while is_rest_day(day, schedules):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class DueDate:
    due_on: date
    explanation: str


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _source_notes(years: list[int], schedules: Schedules | None) -> str:
    notes = []
    for year in years:
        source = schedule_source(year, schedules)
        if source == SOURCE_ADMIN:
            notes.append(f"（按系统管理员录入的{year}年国务院节假日安排）")
        elif source == SOURCE_STATUTORY:
            notes.append(
                f"（{year}年法定节假日安排尚未载入，暂按《全国年节及纪念日放假办法》"
                "规定的法定节假日和周末顺延，未计调休）"
            )
    return "".join(notes)


def reply_due(
    delivered_on: date,
    months: int,
    extensions: list[int] | None = None,
    *,
    schedules: Schedules | None = None,
) -> DueDate:
    """The reply period's last day; ``schedules``: administrator-entered years (precedence)."""
    extensions = [m for m in (extensions or []) if m]
    total = months + sum(extensions)
    nominal = add_months(delivered_on, total)
    due = next_working_day(nominal, schedules)
    parts = f"{months}个月" + "".join(f" + 延长{m}个月" for m in extensions)
    text = f"送达 {chinese_day(delivered_on)} + {parts} = {chinese_day(nominal)}"
    if nominal.day != delivered_on.day:
        text += "（到期月无对应日，取月末日）"
    if due != nominal:
        text += f"，遇休息日顺延至 {chinese_day(due)}"
    text += _source_notes(sorted({nominal.year, due.year}), schedules)
    return DueDate(due, text)


def archive_due(completed_on: date) -> DueDate:
    due = add_months(completed_on, ARCHIVE_MONTHS)
    return DueDate(
        due, f"办结 {chinese_day(completed_on)} + {ARCHIVE_MONTHS}个月 = {chinese_day(due)}"
    )


def default_reply_months(*, minors_law: bool) -> int:
    return MINORS_REPLY_MONTHS if minors_law else DEFAULT_REPLY_MONTHS


def entered_schedules() -> dict[int, YearSchedule]:
    """The schedules system administrators entered (系统管理 → 节假日安排), by year."""
    from fengqiao.administration.models import HolidaySchedule

    return {row.year: row.as_schedule() for row in HolidaySchedule.objects.all()}
