"""Reply reminders: 7 days before the due date, on the first overdue day, then weekly;
idempotent (the daily job may run any number of times)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from fengqiao.courts.models import Role
from fengqiao.suggestions.models import Notification
from fengqiao.suggestions.reminders import send_reply_reminders

SH = ZoneInfo("Asia/Shanghai")


def _at(time_machine, day: date) -> None:
    time_machine.move_to(datetime(day.year, day.month, day.day, 7, tzinfo=SH), tick=False)


@pytest.fixture
def delivered(world, make_suggestion, time_machine):
    """Delivered 2026-01-05, reply due 2026-03-05 (a Thursday)."""
    _at(time_machine, date(2026, 1, 5))
    suggestion = make_suggestion(world, upto="delivered")
    assert suggestion.reply_due_on == date(2026, 3, 5)
    return suggestion


def _kinds(suggestion) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(suggestion=suggestion).order_by("id").values_list("kind", "key")
    )


def test_due_soon_then_overdue_then_weekly(world, delivered, time_machine):
    clerk = world.users[Role.RESEARCH]
    expected_per_day = {
        date(2026, 2, 20): 0,
        date(2026, 2, 25): 0,  # 8 days before
        date(2026, 2, 26): 1,  # 7 days before: due soon
        date(2026, 2, 27): 0,
        date(2026, 3, 5): 0,  # the due day itself: not overdue yet
        date(2026, 3, 6): 1,  # first overdue day
        date(2026, 3, 7): 0,
        date(2026, 3, 11): 0,
        date(2026, 3, 12): 1,  # one week overdue
        date(2026, 3, 18): 0,
        date(2026, 3, 19): 1,  # two weeks overdue
    }
    for day, count in expected_per_day.items():
        _at(time_machine, day)
        assert send_reply_reminders() == count, day
        assert send_reply_reminders() == 0, day  # second run the same day sends nothing
    assert _kinds(delivered) == [
        ("due_soon", "2026-03-05"),
        ("overdue", "2026-03-05#w0"),
        ("overdue", "2026-03-05#w1"),
        ("overdue", "2026-03-05#w2"),
    ]
    notes = list(Notification.objects.filter(suggestion=delivered).order_by("id"))
    assert {n.user for n in notes} == {clerk}
    assert notes[0].message == (
        "连开法建〔2026〕1号（连云港市住房和城乡建设局）答复期限将于 2026-03-05 届满，还有 7 天"
    )
    assert notes[1].message.startswith("连开法建〔2026〕1号（连云港市住房和城乡建设局）已逾期 1 天")
    assert "已逾期 7 天" in notes[2].message


def test_explicit_today_argument(delivered):
    assert send_reply_reminders(date(2026, 2, 28)) == 1
    assert send_reply_reminders(date(2026, 2, 28)) == 0
    assert Notification.objects.count() == 1


def test_nothing_for_replied_or_archived_letters(world, make_suggestion, advance, time_machine):
    _at(time_machine, date(2026, 1, 5))
    replied = make_suggestion(world, upto="replied")
    archived = make_suggestion(world, upto="archived")
    signed = make_suggestion(world, upto="signed")
    for day in (date(2026, 2, 26), date(2026, 3, 6), date(2026, 4, 30)):
        _at(time_machine, day)
        assert send_reply_reminders() == 0
    assert not Notification.objects.filter(suggestion__in=[replied, archived, signed]).exists()


def test_a_reply_stops_the_alerts(world, delivered, advance, time_machine):
    _at(time_machine, date(2026, 3, 6))
    assert send_reply_reminders() == 1
    advance(world, delivered, upto="replied")
    _at(time_machine, date(2026, 3, 12))
    assert send_reply_reminders() == 0


def test_extension_moves_the_reminders(world, delivered, time_machine):
    from fengqiao.suggestions import services

    _at(time_machine, date(2026, 2, 26))
    assert send_reply_reminders() == 1
    services.extension_grant(
        actor=world.users[Role.RESEARCH], suggestion=delivered, months=1, reason="申请延期"
    )
    delivered.refresh_from_db()
    assert delivered.reply_due_on == date(2026, 4, 7)  # 4-5 is 清明节 (holiday 4-4 … 4-6)
    _at(time_machine, date(2026, 3, 6))
    assert send_reply_reminders() == 0  # no longer overdue
    _at(time_machine, date(2026, 3, 31))
    assert send_reply_reminders() == 1
    assert _kinds(delivered)[-1] == ("due_soon", "2026-04-07")


def test_email_sent_when_a_mail_server_is_configured(world, delivered, time_machine, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_HOST = "smtp.court.example"
    clerk = world.users[Role.RESEARCH]
    clerk.email = "yanjiushi@court.example"
    clerk.save()
    _at(time_machine, date(2026, 2, 26))
    assert send_reply_reminders() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yanjiushi@court.example"]
    assert message.subject.startswith("【枫桥】连开法建〔2026〕1号")
    assert "还有 7 天" in message.body
    assert Notification.objects.get().emailed_at is not None
    assert send_reply_reminders() == 0 and len(mail.outbox) == 1  # never mailed twice


def test_no_email_without_mail_server_or_address(world, delivered, time_machine, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_HOST = ""
    clerk = world.users[Role.RESEARCH]
    clerk.email = "yanjiushi@court.example"
    clerk.save()
    _at(time_machine, date(2026, 2, 26))
    assert send_reply_reminders() == 1
    settings.EMAIL_HOST = "smtp.court.example"
    clerk.email = ""
    clerk.save()
    _at(time_machine, date(2026, 3, 6))
    assert send_reply_reminders() == 1
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


def test_reminders_show_in_the_app_and_are_marked_read(world, client_for):
    from django.urls import reverse

    from fengqiao.suggestions.models import Notification
    from fengqiao.suggestions.reminders import notify

    clerk = world.users["research"]
    notify(user=clerk, suggestion=None, kind="test", key="1", message="连开法建〔2026〕3号已逾期")
    client = client_for(clerk)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="notifications"' in home and 'text-bg-warning ms-1">1<' in home
    page = client.get(reverse("suggestions:notifications")).content.decode()
    assert "连开法建〔2026〕3号已逾期" in page
    assert not Notification.objects.filter(user=clerk, read_at__isnull=True).exists()
    other = client_for(world.users["judge"]).get(reverse("suggestions:notifications"))
    assert "已逾期" not in other.content.decode()
