"""Who may do what to a publicity draft, in which state — one place for the rules.

Roles come from ``courts/permissions.py`` (``publicity.*``); here: the court (only the draft's
own court writes; superior courts read), the state and the approval step's role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from fengqiao.courts.models import Role
from fengqiao.courts.permissions import has_permission, require_permission
from fengqiao.publicity.models import ApprovalStep, PublicityDraft

DEFAULT_CHAIN = [
    {"position": 1, "name": "研究室审核", "role": Role.RESEARCH},
    {"position": 2, "name": "分管院领导审批", "role": Role.VICE_PRESIDENT},
]
APPROVER_ROLES = (Role.RESEARCH, Role.DIVISION_HEAD, Role.VICE_PRESIDENT, Role.PRESIDENT)
S = PublicityDraft.State

# action → (permission, states it may be taken in)
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "edit": ("publicity.draft", (S.DRAFT, S.RETURNED)),
    "submit": ("publicity.draft", (S.DRAFT, S.RETURNED)),
    "approve": ("publicity.approve", (S.IN_APPROVAL,)),
    "return": ("publicity.approve", (S.IN_APPROVAL,)),
    "publish": ("publicity.publish", (S.APPROVED,)),
    "reach": ("publicity.publish", (S.PUBLISHED,)),
}
STATE_MESSAGES = {
    "edit": "只有草稿或被退回的宣传稿可以修改。",
    "submit": "该宣传稿已送审或已批准。",
    "approve": "该宣传稿不在审批中。",
    "return": "该宣传稿不在审批中。",
    "publish": "只有审批通过的宣传稿才能登记发布。",
    "reach": "宣传稿发布后才能录入传播数据。",
}


def chain_for(court_id: int) -> list[dict]:
    steps = ApprovalStep.objects.filter(court_id=court_id).order_by("position")
    rows = [{"position": s.position, "name": s.name, "role": s.role} for s in steps]
    return rows or [dict(step) for step in DEFAULT_CHAIN]


def current_step(draft: PublicityDraft) -> dict | None:
    for step in draft.chain:
        if step["position"] == draft.step_position:
            return step
    return None


def allowed(user, draft: PublicityDraft, action: str) -> bool:
    permission, states = ACTIONS[action]
    if not has_permission(user, permission) or user.court_id != draft.court_id:
        return False
    if draft.state not in states:
        return False
    if action in ("approve", "return"):
        step = current_step(draft)
        return step is not None and user.has_role(step["role"])
    return True


def require(user, draft: PublicityDraft, action: str) -> None:
    permission, states = ACTIONS[action]
    require_permission(user, permission)
    if user.court_id != draft.court_id:
        raise PermissionDenied("只能办理本院的宣传稿。")
    if draft.state not in states:
        raise ValidationError(STATE_MESSAGES[action])
    if action in ("approve", "return"):
        step = current_step(draft)
        if step is None or not user.has_role(step["role"]):
            label = dict(Role.choices).get(step["role"], step["role"]) if step else ""
            raise PermissionDenied(f"当前审批步骤须由{label}办理。")


def available_actions(user, draft: PublicityDraft) -> list[str]:
    return [a for a in ACTIONS if allowed(user, draft, a)]
