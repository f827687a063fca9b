"""Defect 12 (issue 11): entity merge/split decisions belong to the court that made them.

A court's grouping applies its own decisions and its superior courts' (the nearer court wins),
never a sister's or a subordinate's — on the entities page, in the health-check report, in the
command-line report and in the refresh that counts hotspots."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.cases.models import Case, CaseParty
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.mining.cluster import Decisions, refresh, write_raw_parts
from fengqiao.mining.entity_scope import decisions_by_owner, decisions_for_court
from fengqiao.mining.features import case_row
from fengqiao.mining.models import EntityDecision
from fengqiao.mining.refresh import run_refresh
from tests.conftest import PASSWORD

SHORT = "连云港市住建局"
FULL = "连云港市住房和城乡建设局"
KEY = "连云港市住房和城乡建设局"  # the rule key both spellings resolve to


def _case(owner, n: int, name: str) -> Case:
    case = Case.objects.create(
        owner=owner,
        case_no=f"（2024）{owner.code}行初{n}号",
        court_key=owner.code,
        court_code=owner.code,
        court_name=owner.name,
        year=2024,
        type_code="行初",
        cause="房屋征收",
        domain="行政",
        outcome="驳回",
        decided_on=date(2024, 1 + n % 12, 10),
        sections={"facts": "原告诉称房屋征收补偿不公。"},
        full_text="原告诉称房屋征收补偿不公。",
        content_hash=f"h{owner.pk}-{n}",
        needs_index=False,
    )
    CaseParty.objects.create(case=case, position=0, name="张某", role="原告", kind="person")
    CaseParty.objects.create(case=case, position=1, name=name, role="被告", kind="government")
    return case


@pytest.fixture
def corpus(world, settings, tmp_path):
    """Both spellings in the cases of two sister courts (basic, basic_sibling), refreshed;
    a research clerk in each, and one in their common superior (mid) who oversees both."""
    settings.DATA_DIR = tmp_path
    for court in (world.basic, world.basic_sibling):
        for n in range(6):
            _case(court, n, SHORT if n % 2 else FULL)
    clerks = {
        "basic": world.users["research"],
        "sibling": court_services.user_create(
            username="u_research_sib",
            password=PASSWORD,
            full_name="海州研究室",
            court=world.basic_sibling,
            roles=[Role.RESEARCH],
        ),
        "mid": court_services.user_create(
            username="u_research_mid",
            password=PASSWORD,
            full_name="中院研究室",
            court=world.mid,
            roles=[Role.RESEARCH, Role.SUPERVISOR],
        ),
    }
    run_refresh()
    return clerks


def _grouping(client) -> dict[str, list[str]]:
    """Entity key → members, as the entities page gives them to this user."""
    page = client.get(reverse("mining:entities"))
    assert page.status_code == 200
    return {e.key: sorted(e.members) for e in page.context["listing"]}


def _decide(client, name: str, action: str, key: str = KEY):
    return client.post(
        reverse("mining:entity_decide"), {"key": key, "name": name, "action": action}
    )


def test_a_courts_split_leaves_its_sister_merged(world, corpus, client):
    client.force_login(corpus["sibling"])
    assert _grouping(client)[KEY] == sorted([SHORT, FULL])
    client.force_login(corpus["basic"])
    assert _grouping(client)[KEY] == sorted([SHORT, FULL])

    assert _decide(client, SHORT, "reject").status_code == 302
    decision = EntityDecision.objects.get()
    assert (decision.court, decision.action) == (world.basic, "reject")
    basic_view = _grouping(client)
    assert basic_view[KEY] == [FULL] and [SHORT] in basic_view.values()

    client.force_login(corpus["sibling"])
    assert _grouping(client)[KEY] == sorted([SHORT, FULL])  # the sister is not affected
    # the sister court's report still covers both spellings; the deciding court's only one
    client.get(
        reverse("mining:entity_report"), {"key": KEY, "from": "2024-01-01", "to": "2024-12-31"}
    )
    client.force_login(corpus["basic"])
    client.get(
        reverse("mining:entity_report"), {"key": KEY, "from": "2024-01-01", "to": "2024-12-31"}
    )
    reports = {e.court_id: e.after for e in AuditEntry.objects.filter(code="report.health_check")}
    assert reports[world.basic_sibling.pk]["members"] == 2
    assert reports[world.basic_sibling.pk]["cases"] == 6
    assert reports[world.basic.pk]["members"] == 1 and reports[world.basic.pk]["cases"] == 3


def test_a_superiors_decision_applies_to_its_subtree_and_the_nearer_court_wins(
    world, corpus, client
):
    client.force_login(corpus["mid"])
    assert _decide(client, SHORT, "reject").status_code == 302
    assert EntityDecision.objects.get().court == world.mid
    for who in ("basic", "sibling", "mid"):
        client.force_login(corpus[who])
        assert _grouping(client)[KEY] == [FULL], who
    # a court in another branch of the tree is not under the intermediate court's decision
    assert decisions_for_court(world.basic_other.pk) == Decisions()
    assert decisions_for_court(world.high.pk) == Decisions()

    # the basic court confirms the spelling for itself: its own decision is nearer
    client.force_login(corpus["basic"])
    split_key = next(k for k, members in _grouping(client).items() if members == [SHORT])
    assert _decide(client, SHORT, "confirm", key=split_key).status_code == 302
    assert EntityDecision.objects.get(court=world.basic).entity_key == KEY
    assert _grouping(client)[KEY] == sorted([SHORT, FULL])
    client.force_login(corpus["sibling"])
    assert _grouping(client)[KEY] == [FULL]
    # a subordinate's decision never reaches its superior
    client.force_login(corpus["mid"])
    assert _grouping(client)[KEY] == [FULL]

    # undo removes only the deciding court's own decision
    client.force_login(corpus["basic"])
    _decide(client, SHORT, "undo")
    assert list(EntityDecision.objects.values_list("court_id", flat=True)) == [world.mid.pk]
    assert _grouping(client)[KEY] == [FULL]
    # undoing a superior's decision is not this court's to do: a clear message, nothing changes
    response = _decide(client, SHORT, "undo")
    assert response.status_code == 302
    assert EntityDecision.objects.count() == 1


def test_refresh_keys_each_courts_cases_with_its_own_decisions(world, corpus, client):
    client.force_login(corpus["basic"])
    _decide(client, SHORT, "reject")
    scoped = decisions_by_owner()
    assert set(scoped) == {world.basic.pk}
    assert scoped[world.basic.pk].rejections == (SHORT,)

    record = run_refresh()
    run = AuditEntry.objects.filter(code="mining.refresh_run").order_by("-id").first()
    assert run.object_id == str(record.pk) and run.after["courts_with_entity_decisions"] == 1
    assert run.after["cases"] == Case.objects.count()
    # the stored entities stay undecided; each court's view replays its decisions
    stored = record.entities.get(key=KEY)
    assert sorted(stored.members) == sorted([SHORT, FULL])
    assert stored.counts == {SHORT: 6, FULL: 6}


def test_refresh_rekeys_parties_per_owner(tmp_path):
    """The pure refresh: a decision for owner 1 re-keys owner 1's cases only."""
    rows = [
        case_row(
            case_id=i,
            owner_id=1 + i % 2,
            court_code="苏0791" if i % 2 == 0 else "苏0706",
            decided_on=date(2024, 1 + i % 12, 1),
            cause="房屋征收",
            parties=[(SHORT if i % 4 < 2 else FULL, "被告", "government")],
        )
        for i in range(40)
    ]
    raw = write_raw_parts(rows, tmp_path / "raw")
    result = refresh(
        raw,
        tmp_path / "out",
        decisions_by_owner={1: Decisions(rejections=(SHORT,))},
    )
    features = pl.concat([pl.read_parquet(p) for p in result.features])
    keys = (
        features.explode("parties")
        .unnest("parties")
        .select("owner_id", "name", "key")
        .unique()
        .sort(["owner_id", "name"])
    )
    by_owner = {
        (o, n): k
        for o, n, k in zip(
            keys["owner_id"].to_list(), keys["name"].to_list(), keys["key"].to_list(), strict=True
        )
    }
    assert by_owner[(2, SHORT)] == by_owner[(2, FULL)] == KEY  # untouched court: merged
    assert by_owner[(1, FULL)] == KEY
    assert by_owner[(1, SHORT)] != KEY  # the deciding court's cases: split off
    assert [sorted(c.members) for c in result.entities if c.key == KEY] == [sorted([SHORT, FULL])]


def test_command_line_report_uses_the_courts_grouping(world, corpus, client, tmp_path):
    from django.core.management import call_command

    client.force_login(corpus["basic"])
    _decide(client, SHORT, "reject")
    for code in (world.basic.code, world.basic_sibling.code):
        call_command(
            "report",
            "health-check",
            "--entity",
            FULL,
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--out",
            str(tmp_path / f"{code}.docx"),
            "--court",
            code,
        )
    runs = {e.court_id: e.after for e in AuditEntry.objects.filter(code="report.health_check")}
    assert runs[world.basic.pk]["members"] == 1 and runs[world.basic.pk]["cases"] == 3
    assert (
        runs[world.basic_sibling.pk]["members"] == 2 and runs[world.basic_sibling.pk]["cases"] == 6
    )


def test_existing_decisions_go_to_the_deciders_court(world, corpus):
    """The data migration's rule, replayed: a global decision becomes its decider's court's."""
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("fengqiao.mining.migrations.0003_entity_decision_per_court")
    clerk = corpus["sibling"]
    EntityDecision.objects.create(
        court=world.high, name=SHORT, entity_key="", action="reject", decided_by=clerk
    )
    migration.assign_courts(global_apps, None)
    assert EntityDecision.objects.get().court == world.basic_sibling


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_decisions_to_their_courts():
    """Migrate back to global decisions, store one, migrate forward: it is its decider's."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("mining", "0002_miningrefresh_entitydecision_hotspotrecord_and_more")])
    old = executor.loader.project_state(
        [("mining", "0002_miningrefresh_entitydecision_hotspotrecord_and_more")]
    ).apps
    # Only the mining app goes back: the court tables keep today's columns, so today's models
    # write them.
    from fengqiao.courts.models import Court, User

    court = Court.objects.create(name="测试基层法院", code="测01", level="basic", path="/")
    clerk = User.objects.create(username="old_clerk", court=court)
    old.get_model("mining", "EntityDecision").objects.create(
        name=SHORT, entity_key="", action="reject", decided_by_id=clerk.pk
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    decision = EntityDecision.objects.get()
    assert decision.court_id == court.pk and decision.action == "reject"
