"""Writes to a court's review and sign-off chains: define a chain, retire one.

Each function checks the permission, runs in one transaction and leaves an audit record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import User
from fengqiao.courts.permissions import require_permission
from fengqiao.suggestions.models import Category, Workflow, WorkflowStep


def _check_steps(*, court_id: int, category: str, steps: Sequence[dict[str, Any]]) -> None:
    if category and category not in Category.values:
        raise ValidationError("适用类别不正确。")
    if not steps:
        raise ValidationError("请至少填写一个步骤。")
    for i, step in enumerate(steps, start=1):
        if not str(step.get("name", "")).strip():
            raise ValidationError(f"第{i}步须填写名称。")
        user = step.get("user")
        if not step.get("role") and user is None:
            raise ValidationError(f"第{i}步须指定办理角色或人员。")
        if user is not None and (user.court_id != court_id or not user.is_active):
            raise ValidationError(f"第{i}步指定的人员不是本院在职人员。")
    if [bool(s.get("signs")) for s in steps].count(True) != 1 or not steps[-1].get("signs"):
        raise ValidationError("最后一步必须是签发步骤，且只能有一个签发步骤。")
    if category == Category.GOVERNANCE and not any(s.get("requires_meeting") for s in steps):
        raise ValidationError("综合治理类司法建议须经审判委员会审议（法释〔2023〕11号第七条）。")


@transaction.atomic
def workflow_create(
    *, actor: User, category: str, name: str, steps: Sequence[dict[str, Any]]
) -> Workflow:
    """Define the actor's court's chain for ``category`` ("" = every other category); the
    chain it replaces is retired, not deleted (suggestions under review keep their steps)."""
    require_permission(actor, "court.manage")
    court = actor.court
    if not name.strip():
        raise ValidationError("请填写流程名称。")
    _check_steps(court_id=court.pk, category=category, steps=steps)
    replaced = list(
        Workflow.objects.select_for_update()
        .filter(court=court, category=category, retired=False)
        .values_list("pk", flat=True)
    )
    Workflow.objects.filter(pk__in=replaced).update(retired=True)
    workflow = Workflow.objects.create(court=court, category=category, name=name.strip())
    WorkflowStep.objects.bulk_create(
        [
            WorkflowStep(
                workflow=workflow,
                position=i,
                name=str(step["name"]).strip(),
                role=step.get("role") or "",
                user=step.get("user"),
                requires_meeting=bool(step.get("requires_meeting")),
                signs=bool(step.get("signs")),
                # 第五条: after 征求意见 the signing step always repeats; others as set here
                repeat_after_precomm=bool(step.get("repeat_after_precomm")),
            )
            for i, step in enumerate(steps, start=1)
        ]
    )
    audit_record(
        code="workflow.create",
        actor=actor,
        obj=workflow,
        court=court,
        after={
            "category": category,
            "name": workflow.name,
            "replaced": replaced,
            "steps": [
                [
                    str(s["name"]).strip(),
                    s.get("role") or "",
                    getattr(s.get("user"), "pk", None),
                    bool(s.get("requires_meeting")),
                    bool(s.get("signs")),
                    bool(s.get("repeat_after_precomm")),
                ]
                for s in steps
            ],
        },
    )
    return workflow


@transaction.atomic
def workflow_retire(*, actor: User, workflow: Workflow) -> Workflow:
    """Retire one of the actor's court's chains; the court falls back to the default chain."""
    require_permission(actor, "court.manage")
    locked = Workflow.objects.select_for_update().get(pk=workflow.pk)
    if locked.court_id is None or locked.court_id != actor.court_id:
        raise PermissionDenied("只能停用本院自己配置的审批流程。")
    if locked.retired:
        raise ValidationError("该审批流程已停用。")
    Workflow.objects.filter(pk=locked.pk).update(retired=True)
    locked.retired = True
    audit_record(
        code="workflow.retire",
        actor=actor,
        obj=locked,
        court=locked.court_id,
        before={"retired": False},
        after={"retired": True, "category": locked.category},
    )
    return locked
