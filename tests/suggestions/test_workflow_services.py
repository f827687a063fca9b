"""Review chains are written by an audited, permission-checked service, not by the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.suggestions.models import Category, Workflow
from fengqiao.suggestions.workflow_services import workflow_create, workflow_retire
from tests.conftest import PASSWORD


def _steps(world) -> list[dict]:
    return [
        {"name": "研究室审核", "role": Role.RESEARCH, "user": None},
        {"name": "院长签发", "role": "", "user": world.users["president"], "signs": True},
    ]


@pytest.fixture
def other_admin(world):
    return court_services.user_create(
        username="u_admin_sib",
        password=PASSWORD,
        full_name="海州管理员",
        court=world.basic_sibling,
        roles=[Role.ADMIN],
    )


def test_create_replaces_and_audits(world):
    admin = world.users["admin"]
    first = workflow_create(
        actor=admin, category=Category.CLASS, name="本院类案审批", steps=_steps(world)
    )
    second = workflow_create(
        actor=admin, category=Category.CLASS, name="本院类案审批（二）", steps=_steps(world)
    )
    first.refresh_from_db()
    assert first.retired and not second.retired
    entries = list(AuditEntry.objects.filter(code="workflow.create").order_by("id"))
    assert [e.object_id for e in entries] == [str(first.pk), str(second.pk)]
    last = entries[-1]
    assert last.actor_id == admin.pk and last.court_id == world.basic.pk
    assert last.action == "配置审批流程" and last.after["replaced"] == [first.pk]
    assert last.after["steps"][1][2] == world.users["president"].pk


def test_create_checks_permission_and_input(world):
    with pytest.raises(PermissionDenied):
        workflow_create(
            actor=world.users["research"], category="", name="越权", steps=_steps(world)
        )
    with pytest.raises(ValidationError, match="签发步骤"):
        workflow_create(
            actor=world.users["admin"],
            category="",
            name="无签发",
            steps=[{"name": "研究室审核", "role": Role.RESEARCH}],
        )
    with pytest.raises(ValidationError, match="本院在职人员"):
        workflow_create(
            actor=world.users["admin"],
            category="",
            name="他院人员",
            steps=[{"name": "签发", "user": world.users["judge_other"], "signs": True}],
        )
    with pytest.raises(ValidationError, match="审判委员会"):
        workflow_create(
            actor=world.users["admin"],
            category=Category.GOVERNANCE,
            name="无审委会",
            steps=_steps(world),
        )
    assert not Workflow.objects.filter(court__isnull=False).exists()
    assert not AuditEntry.objects.filter(code="workflow.create").exists()


def test_retire_is_audited_and_limited_to_the_own_court(world, other_admin, client_for):
    workflow = workflow_create(
        actor=world.users["admin"],
        category=Category.CLASS,
        name="本院类案审批",
        steps=_steps(world),
    )
    with pytest.raises(PermissionDenied):
        workflow_retire(actor=other_admin, workflow=workflow)
    with pytest.raises(PermissionDenied):
        workflow_retire(actor=world.users["research"], workflow=workflow)
    default = Workflow.objects.filter(court__isnull=True).first()
    with pytest.raises(PermissionDenied):  # the defaults are nobody's to retire
        workflow_retire(actor=world.users["admin"], workflow=default)
    # the page: another court's admin cannot even find the chain
    outsider = client_for(other_admin)
    assert (
        outsider.post(reverse("suggestions:workflow_delete", args=[workflow.pk])).status_code == 404
    )
    workflow.refresh_from_db()
    assert not workflow.retired and not AuditEntry.objects.filter(code="workflow.retire").exists()

    admin = client_for(world.users["admin"])
    assert admin.post(reverse("suggestions:workflow_delete", args=[workflow.pk])).status_code == 302
    workflow.refresh_from_db()
    entry = AuditEntry.objects.get(code="workflow.retire")
    assert workflow.retired and entry.object_id == str(workflow.pk)
    assert entry.actor_id == world.users["admin"].pk and entry.after["retired"] is True
    with pytest.raises(ValidationError):
        workflow_retire(actor=world.users["admin"], workflow=workflow)


def test_page_saves_through_the_service(world, client_for):
    admin = client_for(world.users["admin"])
    response = admin.post(
        reverse("suggestions:workflows"),
        {
            "category": "class",
            "name": "本院类案审批",
            "step_1_name": "研究室审核",
            "step_1_role": "research",
            "step_2_name": "院长签发",
            "step_2_user": world.users["president"].pk,
            "step_2_signs": "on",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(code="workflow.create")
    assert entry.object_id == str(Workflow.objects.get(court=world.basic).pk)
