"""Review and sign-off chains as data, and who may act at a step.

Defaults (created by a data migration, editable per court):
* 综合治理类 (法释〔2023〕11号第七条): 部门负责人核稿 → 研究室审核 → 审委会审议 → 院长签发
* other kinds (common practice under 法〔2012〕74号, e.g. 泸水法院规定): 部门负责人核稿 → 研究室审核 →
  分管院领导签发
"""

from __future__ import annotations

from django.db.models import Q

from fengqiao.courts.models import Court, Role
from fengqiao.suggestions.models import Category, StepRun, Workflow, WorkflowStep

DEFAULT_CHAINS: dict[str, list[tuple[str, str, bool, bool]]] = {
    # category ("" = every other category): [(step name, role, requires_meeting, signs)]
    Category.GOVERNANCE: [
        ("部门负责人核稿", Role.DIVISION_HEAD, False, False),
        ("研究室审核", Role.RESEARCH, False, False),
        ("审委会审议", Role.COMMITTEE, True, False),
        ("院长签发", Role.PRESIDENT, False, True),
    ],
    "": [
        ("部门负责人核稿", Role.DIVISION_HEAD, False, False),
        ("研究室审核", Role.RESEARCH, False, False),
        ("分管院领导签发", Role.VICE_PRESIDENT, False, True),
    ],
}
DEFAULT_NAMES = {Category.GOVERNANCE: "综合治理类默认审批流程", "": "其他司法建议默认审批流程"}


def create_default_workflows(workflow_model=Workflow, step_model=WorkflowStep) -> None:
    for category, steps in DEFAULT_CHAINS.items():
        lookup = {"court": None, "category": category}
        if any(f.name == "retired" for f in workflow_model._meta.get_fields()):
            lookup["retired"] = False  # (the data migration sees the model before this field)
        workflow, created = workflow_model.objects.get_or_create(
            **lookup, defaults={"name": DEFAULT_NAMES[category]}
        )
        if created:
            for position, (name, role, meeting, signs) in enumerate(steps, start=1):
                step_model.objects.create(
                    workflow=workflow,
                    position=position,
                    name=name,
                    role=role,
                    requires_meeting=meeting,
                    signs=signs,
                )


def workflow_for(court: Court, category: str) -> Workflow:
    """The most specific chain: this court and category, this court's default, then global."""
    candidates = (
        Workflow.objects.filter(Q(court=court) | Q(court__isnull=True), retired=False)
        .filter(Q(category=category) | Q(category=""))
        .prefetch_related("steps")
    )
    ranked = sorted(candidates, key=lambda w: (w.court_id is None, w.category != category))
    if not ranked:
        raise LookupError("没有可用的审批流程，请先配置。")
    return ranked[0]


def may_act_on_step(user, step_run: StepRun) -> bool:
    """The object check behind the policy's ``review`` row (suggestions/policy.py): the step's
    named person if one is set (whatever their roles), else a holder of the step's role in the
    suggestion's court — a 庭长 only for the drafting division."""
    if step_run.state != StepRun.State.ACTIVE:
        return False
    suggestion = step_run.run.suggestion
    if user.court_id != suggestion.court_id:
        return False
    if suggestion.state != "in_review":  # paused while the draft is out for 征求意见 (第五条)
        return False
    step = step_run.step
    if step.user_id is not None:
        return step.user_id == user.pk
    if not user.has_role(step.role):
        return False
    if step.role == Role.DIVISION_HEAD and suggestion.division_id is not None:
        return user.division_id == suggestion.division_id
    return True
