"""Reply and archive deadlines, computed the way the law counts periods, and explained.

民法典第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
民法典第二百零三条：按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，
月末日为期间的最后一日。期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
So 2025-03-10 + 2个月 = 2025-05-10, 2025-01-31 + 1个月 = 2025-02-28 (2024: 02-29), and a due
date falling on a weekend or public holiday rolls to the next working day (chinese-calendar
knows the State Council's holidays and make-up workdays, 调休).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

DEFAULT_REPLY_MONTHS = 2  # 法释〔2023〕11号第八条：一般不超过两个月
MINORS_REPLY_MONTHS = 1  # 未成年人保护法第一百一十四条：一个月内书面回复
ARCHIVE_MONTHS = 3  # 新疆高院通知：办结后3个月内立卷归档


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def is_rest_day(day: date) -> bool:
    try:
        return not chinese_calendar.is_workday(day)
    except NotImplementedError:  # beyond the years the calendar knows: weekends only
        return day.weekday() >= 5


def calendar_knows(year: int) -> bool:
    """Whether the installed chinese-calendar has the State Council's schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def next_working_day(day: date) -> date:
    while is_rest_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class DueDate:
    due_on: date
    explanation: str


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def reply_due(delivered_on: date, months: int, extensions: list[int] | None = None) -> DueDate:
    extensions = [m for m in (extensions or []) if m]
    total = months + sum(extensions)
    nominal = add_months(delivered_on, total)
    due = next_working_day(nominal)
    parts = f"{months}个月" + "".join(f" + 延长{m}个月" for m in extensions)
    text = f"送达 {chinese_day(delivered_on)} + {parts} = {chinese_day(nominal)}"
    if nominal.day != delivered_on.day:
        text += "（到期月无对应日，取月末日）"
    if due != nominal:
        text += f"，遇休息日顺延至 {chinese_day(due)}"
    if not calendar_knows(nominal.year):
        text += f"（{nominal.year}年法定节假日安排尚未载入，暂仅按周末顺延）"
    return DueDate(due, text)


def archive_due(completed_on: date) -> DueDate:
    due = add_months(completed_on, ARCHIVE_MONTHS)
    return DueDate(
        due, f"办结 {chinese_day(completed_on)} + {ARCHIVE_MONTHS}个月 = {chinese_day(due)}"
    )


def default_reply_months(*, minors_law: bool) -> int:
    return MINORS_REPLY_MONTHS if minors_law else DEFAULT_REPLY_MONTHS
