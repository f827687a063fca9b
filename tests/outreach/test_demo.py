"""The outreach demo: an association, a relay that opens through its link, a research export."""

from __future__ import annotations

from django.test import Client

from fengqiao.demo.cases import load_demo_cases
from fengqiao.demo.courts import load_demo
from fengqiao.demo.outreach import load_demo_outreach
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.outreach import services
from fengqiao.outreach.models import Association, Relay, ResearchExport


def test_demo_outreach(db):
    load_demo()
    load_demo_cases()
    load_demo_suggestions()
    line = load_demo_outreach()
    assert line.startswith("对外协同")
    assert Association.objects.count() == 2
    relay = Relay.objects.get()
    assert Client().get(f"/outreach/r/{relay.token}/").status_code == 200
    export = ResearchExport.objects.get()
    assert export.scope == ResearchExport.Scope.SUBTREE and export.letters >= 3
    assert services.export_intact(export)
    # idempotent
    assert load_demo_outreach() == ""
    assert Relay.objects.count() == 1 and ResearchExport.objects.count() == 1
