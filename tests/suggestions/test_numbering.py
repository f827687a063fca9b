"""文号: ``{地名简称}法建〔YYYY〕N号`` per court per year — format, restart, no gaps, concurrency."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from fengqiao.audit.services import audit_verify
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Court, CourtLevel, Role, UnitKind, User
from fengqiao.suggestions import services
from fengqiao.suggestions.models import Category, NumberCounter, State, Suggestion
from fengqiao.suggestions.numbering import court_doc_number, take_number
from fengqiao.suggestions.workflows import create_default_workflows
from tests.conftest import PASSWORD

SH = ZoneInfo("Asia/Shanghai")


def _sign(world, suggestion, **kwargs) -> Suggestion:
    signer = Role.PRESIDENT if suggestion.category == Category.GOVERNANCE else Role.VICE_PRESIDENT
    return services.review_act(
        actor=world.users[signer], suggestion=suggestion, approve=True, **kwargs
    )


# ---- format -----------------------------------------------------------------------------------


def test_format_per_court(world):
    assert court_doc_number(world.basic, 2026, 1) == "连开法建〔2026〕1号"
    assert court_doc_number(world.basic_sibling, 2026, 7) == "连海法建〔2026〕7号"
    assert court_doc_number(world.high, 2025, 12) == "苏高法建〔2025〕12号"
    number = court_doc_number(world.basic, 2026, 10)
    assert number == "连开法建〔2026〕10号"  # no leading zeros, no 第
    assert "第" not in number and "〔2026〕0" not in number
    supreme = Court.objects.create(
        name="最高人民法院", code="最高法", short_name="", level=CourtLevel.SUPREME
    )
    assert court_doc_number(supreme, 2026, 3) == "法建〔2026〕3号"
    supreme.short_name = "最高"  # even with a short name set, the supreme court has none
    assert court_doc_number(supreme, 2026, 3) == "法建〔2026〕3号"


@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SH), tick=False)
def test_signed_numbers_count_per_court(world, make_suggestion, letter_content):
    first = make_suggestion(world, upto="signed")
    second = make_suggestion(world, category=Category.CLASS, upto="signed")
    assert [first.doc_number, second.doc_number] == ["连开法建〔2026〕1号", "连开法建〔2026〕2号"]

    # the sibling court has its own counter
    sibling = world.basic_sibling
    division = court_services.division_create(court=sibling, name="民事审判第一庭")
    staff = {
        role: court_services.user_create(
            username=f"hz_{role}",
            password=PASSWORD,
            full_name=f"海州{role}",
            court=sibling,
            division=division if role in (Role.JUDGE, Role.DIVISION_HEAD) else None,
            roles=[role],
        )
        for role in (Role.JUDGE, Role.DIVISION_HEAD, Role.RESEARCH, Role.VICE_PRESIDENT)
    }
    suggestion = services.suggestion_create(
        actor=staff[Role.JUDGE],
        title="预付式消费",
        category=Category.CLASS,
        recipient=world.unit_sibling,
        content=letter_content(sibling.name, topic="预付式消费"),
    )
    services.review_submit(actor=staff[Role.JUDGE], suggestion=suggestion)
    for role in (Role.DIVISION_HEAD, Role.RESEARCH, Role.VICE_PRESIDENT):
        suggestion = services.review_act(actor=staff[role], suggestion=suggestion, approve=True)
    assert suggestion.doc_number == "连海法建〔2026〕1号"


@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SH), tick=False)
def test_supreme_court_letter_is_numbered_without_place_and_passes_the_check(world, letter_content):
    supreme = court_services.court_create(
        name="最高人民法院", code="最高法", short_name="", level=CourtLevel.SUPREME
    )
    division = court_services.division_create(court=supreme, name="民事审判第一庭")
    staff = {
        role: court_services.user_create(
            username=f"zgf_{role}",
            password=PASSWORD,
            full_name=f"最高法{role}",
            court=supreme,
            division=division if role in (Role.JUDGE, Role.DIVISION_HEAD) else None,
            roles=[role],
        )
        for role in (
            Role.JUDGE,
            Role.DIVISION_HEAD,
            Role.RESEARCH,
            Role.COMMITTEE,
            Role.PRESIDENT,
        )
    }
    unit = court_services.recipient_unit_create(
        court=supreme, name="国家市场监督管理总局", kind=UnitKind.GOVERNMENT
    )
    meeting = services.meeting_create(
        actor=staff[Role.RESEARCH], kind="committee", held_on=datetime(2026, 3, 2).date()
    )
    suggestion = services.suggestion_create(
        actor=staff[Role.JUDGE],
        title="预付式消费治理",
        category=Category.GOVERNANCE,
        recipient=unit,
        content=letter_content("最高人民法院", topic="预付式消费治理"),
    )
    services.review_submit(actor=staff[Role.JUDGE], suggestion=suggestion)
    for role in (Role.DIVISION_HEAD, Role.RESEARCH, Role.COMMITTEE, Role.PRESIDENT):
        suggestion = services.review_act(
            actor=staff[role], suggestion=suggestion, approve=True, meeting=meeting
        )
    assert suggestion.state == State.SIGNED
    assert suggestion.doc_number == "法建〔2026〕1号"
    assert suggestion.format_override_reason == ""


def test_numbers_restart_each_year(world, make_suggestion):
    with time_machine.travel(datetime(2026, 12, 31, 16, tzinfo=SH), tick=False):
        a = make_suggestion(world, upto="signed")
        b = make_suggestion(world, upto="signed")
    with time_machine.travel(datetime(2027, 1, 4, 9, tzinfo=SH), tick=False):
        c = make_suggestion(world, upto="signed")
        d = make_suggestion(world, category=Category.CLASS, upto="signed")
    assert [s.doc_number for s in (a, b, c, d)] == [
        "连开法建〔2026〕1号",
        "连开法建〔2026〕2号",
        "连开法建〔2027〕1号",
        "连开法建〔2027〕2号",
    ]
    assert [(s.number_year, s.number_seq) for s in (a, c)] == [(2026, 1), (2027, 1)]
    counters = NumberCounter.objects.filter(court=world.basic).order_by("year")
    assert [(c.year, c.last) for c in counters] == [(2026, 2), (2027, 2)]


def test_the_year_is_the_courts_local_year(world, make_suggestion):
    # 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Beijing
    with time_machine.travel(datetime(2026, 12, 31, 17, tzinfo=ZoneInfo("UTC")), tick=False):
        s = make_suggestion(world, upto="signed")
    assert s.doc_number == "连开法建〔2027〕1号"


@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SH), tick=False)
def test_a_failed_signature_returns_its_number(world, make_suggestion, letter_content):
    bad = make_suggestion(
        world,
        upto="ready_to_sign",
        content=letter_content(world.basic.name, contact_phone="另行通知"),
    )
    good = make_suggestion(world, upto="ready_to_sign")
    with pytest.raises(ValidationError):
        _sign(world, bad)
    bad.refresh_from_db()
    assert (bad.state, bad.doc_number, bad.number_seq) == (State.IN_REVIEW, "", None)
    assert _sign(world, good).doc_number == "连开法建〔2026〕1号"
    overridden = _sign(world, bad, override_reason="联系电话以送达时告知为准")
    assert overridden.doc_number == "连开法建〔2026〕2号"
    assert NumberCounter.objects.get(court=world.basic, year=2026).last == 2


def test_take_number_refuses_to_run_outside_a_transaction(world):
    from unittest import mock

    with mock.patch.object(connection, "in_atomic_block", False):
        with pytest.raises(RuntimeError):
            take_number(world.basic, 2026)


# ---- concurrency ------------------------------------------------------------------------------


def _sign_concurrently(world, make_suggestion, *, count: int, threads: int) -> list[Suggestion]:
    create_default_workflows()  # a flushed transactional database may have lost them
    ready = [
        make_suggestion(
            world,
            category=Category.GOVERNANCE if i % 2 else Category.CLASS,
            upto="ready_to_sign",
        ).pk
        for i in range(count)
    ]
    signer_for = {
        Category.GOVERNANCE: world.users[Role.PRESIDENT].pk,
        Category.CLASS: world.users[Role.VICE_PRESIDENT].pk,
    }
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(pks: list[int]) -> None:
        try:
            barrier.wait(timeout=30)
            for pk in pks:
                suggestion = Suggestion.objects.get(pk=pk)
                actor = User.objects.get(pk=signer_for[suggestion.category])
                services.review_act(actor=actor, suggestion=suggestion, approve=True)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    pool = [
        threading.Thread(target=worker, args=(ready[i::threads],), name=f"signer-{i}")
        for i in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in pool), "a signing thread hung"
    assert errors == []
    return list(Suggestion.objects.filter(pk__in=ready))


def _assert_gap_free(world, signed: list[Suggestion], count: int) -> None:
    assert {s.state for s in signed} == {State.SIGNED}
    assert sorted(s.number_seq for s in signed) == list(range(1, count + 1))
    numbers = [s.doc_number for s in signed]
    assert len(set(numbers)) == count
    assert set(numbers) == {
        f"连开法建〔{signed[0].number_year}〕{n}号" for n in range(1, count + 1)
    }
    counter = NumberCounter.objects.get(court=world.basic, year=signed[0].number_year)
    assert counter.last == count
    assert audit_verify()[1] == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_signatures_get_unique_gap_free_numbers_postgresql(world, make_suggestion):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks (SELECT … FOR UPDATE) are only exercised on PostgreSQL; "
            "run with DATABASE_URL=postgres://…"
        )
    signed = _sign_concurrently(world, make_suggestion, count=30, threads=10)
    _assert_gap_free(world, signed, 30)


@pytest.mark.django_db(transaction=True)
def test_concurrent_signatures_get_unique_gap_free_numbers_sqlite(world, make_suggestion):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant (BEGIN IMMEDIATE serialises the writers)")
    signed = _sign_concurrently(world, make_suggestion, count=12, threads=4)
    _assert_gap_free(world, signed, 12)
