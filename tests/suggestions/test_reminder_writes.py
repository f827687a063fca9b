"""Marking reminders read goes through an audited service; the reminder job leaves one audit
entry per court it wrote to (or one saying nothing was due)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.suggestions.models import Notification
from fengqiao.suggestions.reminders import notifications_mark_read, notify, send_reply_reminders

SH = ZoneInfo("Asia/Shanghai")


def _at(time_machine, day: date) -> None:
    time_machine.move_to(datetime(day.year, day.month, day.day, 7, tzinfo=SH), tick=False)


def test_opening_the_page_marks_only_own_reminders_read_and_audits(world, client_for):
    clerk, other = world.users[Role.RESEARCH], world.users["judge_sibling"]
    for i in range(3):
        notify(user=clerk, suggestion=None, kind="test", key=str(i), message=f"提醒{i}")
    notify(user=other, suggestion=None, kind="test", key="x", message="他院提醒")

    page = client_for(clerk).get(reverse("suggestions:notifications"))
    assert page.status_code == 200 and "提醒0" in page.content.decode()
    assert not Notification.objects.filter(user=clerk, read_at__isnull=True).exists()
    assert Notification.objects.get(user=other).read_at is None
    entry = AuditEntry.objects.get(code="reminder.read")
    assert entry.actor_id == clerk.pk and entry.court_id == world.basic.pk
    assert entry.after["count"] == 3 and entry.action == "标记提醒已读"

    # nothing unread: nothing written, nothing audited
    client_for(clerk).get(reverse("suggestions:notifications"))
    assert AuditEntry.objects.filter(code="reminder.read").count() == 1


def test_mark_read_needs_a_signed_in_user(world, client):
    with pytest.raises(PermissionDenied):
        notifications_mark_read(actor=AnonymousUser())
    response = client.get(reverse("suggestions:notifications"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_reminder_job_runs_are_audited_per_court(world, make_suggestion, time_machine):
    _at(time_machine, date(2026, 1, 5))
    make_suggestion(world, upto="delivered")  # reply due 2026-03-05
    _at(time_machine, date(2026, 2, 1))
    assert send_reply_reminders() == 0
    quiet = AuditEntry.objects.get(code="reminder.send_run")
    assert quiet.court_id is None and quiet.after["sent"] == 0
    _at(time_machine, date(2026, 3, 6))
    assert send_reply_reminders() == 1
    run = AuditEntry.objects.filter(code="reminder.send_run").order_by("-id").first()
    assert run.court_id == world.basic.pk
    assert (run.after["overdue"], run.after["due_soon"], run.after["sent"]) == (1, 0, 1)
    assert run.after["date"] == "2026-03-06"
