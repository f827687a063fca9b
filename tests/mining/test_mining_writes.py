"""Mining writes go through audited, permission-checked services (hotspot → clue, refresh
request, entity decisions), and the jobs that write (back-tracing, imports, refresh) leave an
audit entry for their run."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.mining import backtrace, services
from fengqiao.mining.models import HotspotRecord, MiningRefresh
from fengqiao.suggestions.models import Clue
from tests.mining.test_backtrace import _signed_suggestion, corpus, generated_dir  # noqa: F401
from tests.mining.test_entity_scope import _case


@pytest.fixture
def hotspot(world):
    refresh = MiningRefresh.objects.create(status=MiningRefresh.Status.FINISHED)
    cases = [_case(world.basic, n, "连云港市住建局") for n in range(3)]
    return HotspotRecord.objects.create(
        refresh=refresh,
        court=world.basic,
        key="cause:房屋征收|q",
        kind="spike",
        family="cause_court",
        grain="quarter",
        period_label="2024年第3季度",
        dimensions={"cause": "房屋征收", "domain": "行政"},
        labels={"cause": "房屋征收"},
        observed=12,
        expected=3.0,
        ratio=4.0,
        q_value=0.001,
        score=9.0,
        explanation="房屋征收案件激增",
        evidence_case_ids=[c.pk for c in cases],
    )


def test_hotspot_to_clue_is_audited_once(world, hotspot, client_for):
    clerk = client_for(world.users["research"])
    response = clerk.post(reverse("mining:hotspot_clue", args=[hotspot.pk]))
    clue = Clue.objects.get()
    assert response.status_code == 302 and clue.cases.count() == 3
    entry = AuditEntry.objects.get(code="hotspot.to_clue")
    assert entry.object_id == str(hotspot.pk) and entry.after["clue"] == clue.pk
    assert entry.actor_id == world.users["research"].pk and entry.court_id == world.basic.pk
    assert AuditEntry.objects.filter(code="clue.raise").count() <= 1  # the clue's own record
    # twice: the same clue, no second record
    clerk.post(reverse("mining:hotspot_clue", args=[hotspot.pk]))
    assert Clue.objects.count() == 1
    assert AuditEntry.objects.filter(code="hotspot.to_clue").count() == 1


def test_hotspot_to_clue_refuses_outsiders(world, hotspot, client_for):
    # another court's judge cannot see the hotspot at all
    outsider = client_for(world.users["judge_other"])
    assert outsider.post(reverse("mining:hotspot_clue", args=[hotspot.pk])).status_code == 404
    # a sister court's research clerk (who may raise clues) may not raise the basic court's
    with pytest.raises(PermissionDenied, match="本院"):
        services.hotspot_to_clue(actor=_research_clerk(world.basic_sibling), hotspot=hotspot)
    # the superior court's supervisor sees the hotspot but raises no clues
    supervisor = client_for(world.users["supervisor_mid"])
    assert supervisor.get(reverse("mining:hotspot_detail", args=[hotspot.pk])).status_code == 200
    assert supervisor.post(reverse("mining:hotspot_clue", args=[hotspot.pk])).status_code == 403
    # a role without clue.create
    with pytest.raises(PermissionDenied):
        services.hotspot_to_clue(actor=world.users["admin"], hotspot=hotspot)
    assert not Clue.objects.exists()
    assert not AuditEntry.objects.filter(code="hotspot.to_clue").exists()


def test_refresh_request_is_audited_and_limited_to_research(world, client_for, monkeypatch):
    queued = []
    monkeypatch.setattr(services, "_enqueue_refresh", lambda: queued.append(1))
    with pytest.raises(PermissionDenied):
        services.mining_refresh_request(actor=world.users["judge"])
    judge = client_for(world.users["judge"])
    assert judge.post(reverse("mining:hotspots")).status_code == 403
    assert not AuditEntry.objects.filter(code="mining.refresh").exists()
    clerk = client_for(world.users["research"])
    assert clerk.post(reverse("mining:hotspots")).status_code == 302
    entry = AuditEntry.objects.get(code="mining.refresh")
    assert entry.actor_id == world.users["research"].pk and entry.court_id == world.basic.pk


def test_entity_decision_service_checks_permission_and_visibility(world):
    _case(world.basic, 1, "连云港市住建局")
    with pytest.raises(PermissionDenied):  # a judge may view, not decide
        services.entity_decide(
            actor=world.users["judge"],
            entity_key="k",
            entity_name="连云港市住房和城乡建设局",
            name="连云港市住建局",
            action="reject",
        )
    sibling_clerk = _research_clerk(world.basic_sibling)
    with pytest.raises(PermissionDenied):  # the name is not in the sister court's cases
        services.entity_decide(
            actor=sibling_clerk,
            entity_key="k",
            entity_name="连云港市住房和城乡建设局",
            name="连云港市住建局",
            action="reject",
        )
    with pytest.raises(ValidationError):
        services.entity_decide(
            actor=world.users["research"],
            entity_key="k",
            entity_name="x",
            name="连云港市住建局",
            action="merge-everything",
        )
    services.entity_decide(
        actor=world.users["research"],
        entity_key="k",
        entity_name="连云港市住房和城乡建设局",
        name="连云港市住建局",
        action="reject",
    )
    entry = AuditEntry.objects.get(code="entity.decide")
    assert entry.court_id == world.basic.pk and entry.after["action"] == "reject"
    assert entry.before is None and entry.object_label == "连云港市住建局"


def _research_clerk(court):
    from fengqiao.courts import services as court_services
    from fengqiao.courts.models import Role
    from tests.conftest import PASSWORD

    return court_services.user_create(
        username=f"u_research_{court.pk}",
        password=PASSWORD,
        full_name="研究室",
        court=court,
        roles=[Role.RESEARCH],
    )


def test_backtrace_and_import_runs_leave_audit_entries(world, corpus):  # noqa: F811
    imports = AuditEntry.objects.filter(code__startswith="cases.import_").order_by("id")
    assert [e.code for e in imports] == ["cases.import_start", "cases.import_finish"]
    assert imports.last().after["imported"] > 0 and imports.last().court_id == world.basic.pk

    suggestion, *_ = _signed_suggestion(world, corpus)
    run = backtrace.backtrace_start(
        actor=world.users["research"],
        suggestion=suggestion,
        period_from=date(2000, 1, 1),
        period_to=date(2100, 1, 1),
    )
    found = backtrace.backtrace_execute(run)
    start = AuditEntry.objects.get(code="backtrace.start")
    done = AuditEntry.objects.get(code="backtrace.run")
    assert start.object_id == done.object_id == str(run.pk)
    assert done.actor_id is None and done.court_id == world.basic.pk
    assert done.after["hits"] == found and done.after["candidates"] >= found > 0
    # the run's record is visible on the court's audit page, filtered by its code
    from django.test import Client

    client = Client()
    client.force_login(world.users["research"])
    page = client.get(reverse("audit:list"), {"code": "backtrace.run"})
    assert [e.code for e in page.context["listing"]] == ["backtrace.run"]
