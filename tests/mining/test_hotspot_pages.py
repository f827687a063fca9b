"""Class-case mining in the product: refresh from the database, hotspot pages, clue from a
hotspot, entities with a clerk's decisions, the health-check report."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from fengqiao.cases.models import Case, CaseParty
from fengqiao.demo.planted import make_planted
from fengqiao.mining.models import EntityDecision, HotspotRecord, MiningRefresh
from fengqiao.mining.refresh import run_refresh
from fengqiao.suggestions.models import Clue


@pytest.fixture
def mined(world, settings, tmp_path):
    """A planted corpus (known hotspots) stored as the basic court's cases, then refreshed."""
    settings.DATA_DIR = tmp_path
    corpus = make_planted(3000, seed=1, start=(2023, 1), end=(2025, 12), n_courts=2)
    cases, parties = [], []
    for row in corpus.rows:
        cases.append(
            Case(
                id=row["case_id"],
                owner=world.basic,
                case_no=f"（{row['year']}）苏0791民初{row['case_id']}号",
                court_key=row["court_code"],
                court_code=row["court_code"],
                court_name="测试法院",
                year=row["year"],
                type_code=row["type_code"],
                cause=row["cause"],
                domain=row["domain"],
                outcome=row["outcome"],
                decided_on=row["decided_on"],
                amounts=[row["amount_max"]] if row["amount_max"] else [],
                sections={"facts": row["facts"]},
                full_text=row["facts"],
                content_hash="x",
                needs_index=False,
            )
        )
        for position, party in enumerate(p for p in row["parties"] if p["name"]):
            parties.append(
                CaseParty(
                    case_id=row["case_id"],
                    position=position,
                    name=party["name"],
                    role=party["role"],
                    kind=party["kind"],
                )
            )
    Case.objects.bulk_create(cases, batch_size=1000)
    CaseParty.objects.bulk_create(parties, batch_size=2000)
    refresh = run_refresh()
    return refresh


def test_refresh_stores_hotspots_patterns_and_entities(mined):
    assert mined.status == MiningRefresh.Status.FINISHED and mined.n_cases == Case.objects.count()
    assert mined.hotspots.exists() and mined.entities.exists()
    top = mined.hotspots.order_by("-score").first()
    assert top.observed >= 10 and top.ratio >= 2 and top.explanation
    assert set(top.evidence_case_ids) <= set(Case.objects.values_list("id", flat=True))
    assert top.chart["series"]


def test_hotspot_pages_and_clue(world, mined, client_for):
    clerk = client_for(world.users["research"])
    listing = clerk.get(reverse("mining:hotspots")).content.decode()
    hotspot = HotspotRecord.objects.filter(refresh=mined).order_by("-score").first()
    assert reverse("mining:hotspot_detail", args=[hotspot.pk]) in listing
    detail = clerk.get(reverse("mining:hotspot_detail", args=[hotspot.pk])).content.decode()
    assert "转为线索" in detail and "hotspot-chart" in detail
    response = clerk.post(reverse("mining:hotspot_clue", args=[hotspot.pk]))
    clue = Clue.objects.get()
    assert response.status_code == 302 and clue.source == Clue.Source.MINING
    assert clue.cases.count() == min(200, len(hotspot.evidence_case_ids))
    assert clue.evidence["observed"] == hotspot.observed
    # twice → the same clue
    clerk.post(reverse("mining:hotspot_clue", args=[hotspot.pk]))
    assert Clue.objects.count() == 1
    outsider = client_for(world.users["judge_other"])
    assert outsider.get(reverse("mining:hotspot_detail", args=[hotspot.pk])).status_code == 404
    assert client_for(world.users["recipient"]).get(reverse("mining:hotspots")).status_code == 403


def test_entities_decisions_and_health_check_report(world, mined, client_for):
    clerk = client_for(world.users["research"])
    entity = next(e for e in mined.entities.all() if len(e.members) > 1)
    page = clerk.get(reverse("mining:entities")).content.decode()
    assert entity.canonical_name in page
    clerk.post(
        reverse("mining:entity_decide"),
        {"key": entity.key, "name": entity.members[1], "action": "reject"},
    )
    decision = EntityDecision.objects.get()
    assert decision.action == "reject" and decision.court == world.basic
    judge = client_for(world.users["judge"])
    assert (
        judge.post(
            reverse("mining:entity_decide"),
            {"key": entity.key, "name": entity.members[0], "action": "reject"},
        ).status_code
        == 403
    )
    report = clerk.get(
        reverse("mining:entity_report"),
        {"key": entity.key, "from": "2023-01-01", "to": "2025-12-31"},
    )
    assert report.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    assert "涉诉法治体检报告" in text and "基本情况" in text


def test_health_check_and_refresh_commands(world, mined, tmp_path, capsys):
    from django.core.management import call_command

    entity = next(e for e in mined.entities.all() if len(e.members) > 1)
    out = tmp_path / "report.docx"
    call_command(
        "report",
        "health-check",
        "--entity",
        entity.members[0],
        "--from",
        "2023-01-01",
        "--to",
        "2025-12-31",
        "--out",
        str(out),
        "--court",
        world.basic.code,
    )
    from docx import Document

    assert "涉诉法治体检报告" in "\n".join(p.text for p in Document(out).paragraphs)
    call_command("mining", "refresh", "--json")
    assert '"hotspots"' in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "report",
            "health-check",
            "--entity",
            "不存在的单位",
            "--from",
            "2023-01-01",
            "--to",
            "2025-12-31",
            "--out",
            str(out),
            "--court",
            world.basic.code,
        )


def test_dashboard_shows_newest_hotspots(world, mined, client_for):
    page = client_for(world.users["research"]).get(reverse("dashboard:home")).content.decode()
    top = HotspotRecord.objects.filter(refresh=mined).order_by("-score").first()
    assert "最新类案热点" in page and reverse("mining:hotspot_detail", args=[top.pk]) in page


def test_suggestion_page_measures_the_effect(world, mined, client_for):
    from datetime import date

    from fengqiao.suggestions.models import Suggestion
    from tests.suggestions.conftest import make

    s = make(world, upto="delivered", delivered_on=date(2024, 6, 1))
    cause = Case.objects.values_list("cause", flat=True).first()
    s.cases.set(Case.objects.filter(cause=cause)[:3])
    page = client_for(world.users["research"]).get(reverse("suggestions:detail", args=[s.pk]))
    effect = page.context["effect"]
    assert effect is not None and "送达" in effect.summary
    assert Suggestion.objects.filter(pk=s.pk).exists()


def test_entities_of_other_courts_cases_stay_hidden(world, mined, client_for):
    entity = next(e for e in mined.entities.all() if len(e.members) > 1)
    outsider = client_for(world.users["judge_other"])
    page = outsider.get(reverse("mining:entities")).content.decode()
    assert entity.canonical_name not in page
    report = outsider.get(reverse("mining:entity_report"), {"key": entity.key})
    assert report.status_code == 404
