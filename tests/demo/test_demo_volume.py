"""``fengqiao demo --cases N``: the demo's case-management records look like a real court's —
every record with its 承办法官 and 承办部门, consistent with the case type — so back-tracing on
the demo attributes every hit to a judge."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from fengqiao.cases.models import Case
from fengqiao.courts.models import Role, User
from fengqiao.demo import cases as demo_cases
from fengqiao.demo.courts import division_for
from fengqiao.demo.mining import load_demo_mining
from fengqiao.mining import backtrace
from fengqiao.suggestions import services
from fengqiao.suggestions.models import Category, State, Suggestion

SMALL_MINING = 1000  # make_planted needs about this many to place its hotspots


class _NoRegister:
    def line(self) -> str:
        return "（本测试不载入司法建议台账）"


@pytest.fixture
def small_demo(monkeypatch, settings, tmp_path):
    """The demo command with --cases 50, a small planted corpus and no suggestion register
    (tested in test_demo.py): what the command wires together, at test speed."""
    settings.DATA_DIR = tmp_path
    module = "fengqiao.core.management.commands.demo"
    monkeypatch.setattr(f"{module}.load_demo_mining", lambda: load_demo_mining(SMALL_MINING))
    monkeypatch.setattr(f"{module}.load_demo_suggestions", lambda: _NoRegister())
    out = io.StringIO()
    call_command("demo", "--cases", "50", stdout=out)
    return out.getvalue()


def _expected_division(case: Case) -> str:
    return division_for(case.type_code, case.cause)


def test_demo_cases_n_every_record_has_judge_and_division(db, small_demo):
    assert "裁判文书 50 件" in small_demo
    generated = Case.objects.filter(source__endswith=".jsonl")
    assert generated.count() == 50
    assert {c: n for c, n in demo_cases.shares(50).items()} == {
        code: generated.filter(owner__code=code).count() for code in demo_cases.DEMO_CASES
    }
    records = Case.objects.exclude(source__endswith=".jsonl")
    assert records.count() >= SMALL_MINING * 0.9
    # every record: a judge of its own court, in the division of its case type
    assert not Case.objects.filter(judge__isnull=True).exists()
    assert not Case.objects.filter(division__isnull=True).exists()
    for case in Case.objects.select_related("judge__division", "division", "owner"):
        assert case.judge.court_id == case.owner_id
        assert case.judge_name == case.judge.full_name
        assert case.division == case.judge.division and case.division_name == case.division.name
        assert case.division.name == _expected_division(case), case.case_no
        assert case.judge.role_grants.filter(role__in=[Role.JUDGE, Role.DIVISION_HEAD]).exists()
    # the generated judgment is signed by its 承办法官
    for case in generated:
        assert case.judges and case.judges[0][1] == case.judge_name
        assert case.judge_name in case.full_text
    # searchable: the index was built once at the end
    assert not Case.objects.filter(needs_index=True).exists()

    again = io.StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert "已经载入" in again.getvalue()
    assert Case.objects.filter(source__endswith=".jsonl").count() == 50


def test_demo_cases_rejects_negative(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不能为负数"):
        call_command("demo", "--cases", "-1")


def test_backtrace_on_demo_attributes_every_hit_to_a_judge(db, small_demo):
    court_judge = User.objects.get(username="faguan")
    case = (
        Case.objects.filter(owner=court_judge.court, cause="物业服务合同纠纷")
        .order_by("id")
        .first()
    )
    suggestion = services.suggestion_create(
        actor=court_judge,
        title="物业服务合同纠纷多发",
        category=Category.CLASS,
        recipient=court_judge.court.recipient_units.first(),
        domain=case.domain,
        cases=[case],
    )
    # only the sample matters to back-tracing, not the way the letter got signed
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.SIGNED)
    suggestion.refresh_from_db()
    run = backtrace.backtrace_start(
        actor=User.objects.get(username="yanjiushi"),
        suggestion=suggestion,
        period_from=date(2000, 1, 1),
        period_to=date(2100, 1, 1),
    )
    found = backtrace.backtrace_execute(run)
    assert found >= 50
    hits = list(run.hits.select_related("judge", "case"))
    assert all(h.judge is not None and h.judge_name == h.judge.full_name for h in hits)
    assert all(h.division_name == h.case.division_name for h in hits)
    assert len({h.judge_name for h in hits}) >= 2


def test_a_case_added_after_the_demo_gets_a_fresh_id(db, small_demo):
    """The demo's records are stored with their ids; PostgreSQL's id sequence is moved past
    them, so the next imported case is not refused with a duplicate key."""
    highest = Case.objects.order_by("-id").values_list("id", flat=True).first()
    court = Case.objects.get(pk=highest).owner
    added = Case.objects.create(
        owner=court,
        case_no="（2026）苏0791民初99999号",
        court_key="test-after-demo",
        court_name=court.name,
        content_hash="after-demo",
    )
    assert added.pk > highest
