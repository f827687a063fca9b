"""Who may do what: one table of actions → roles, used by views, the API and services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from fengqiao.courts.models import Role

COURT_STAFF = frozenset(Role.values)

# action → roles that may perform it (within the courts the user can see).
ACTION_ROLES: dict[str, frozenset[str]] = {
    "court.view": COURT_STAFF,
    "court.manage": frozenset({Role.ADMIN}),
    "user.manage": frozenset({Role.ADMIN}),
    "recipient.view": COURT_STAFF,
    "recipient.manage": frozenset({Role.RESEARCH, Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.RESEARCH, Role.SUPERVISOR}),
    "case.view": COURT_STAFF,
    "suggestion.view": COURT_STAFF,
    "clue.create": frozenset(
        {
            Role.JUDGE,
            Role.DIVISION_HEAD,
            Role.RESEARCH,
            Role.COMMITTEE,
            Role.VICE_PRESIDENT,
            Role.PRESIDENT,
        }
    ),
    "clue.triage": frozenset({Role.DIVISION_HEAD, Role.RESEARCH}),
    "meeting.manage": frozenset(
        {Role.DIVISION_HEAD, Role.RESEARCH, Role.VICE_PRESIDENT, Role.PRESIDENT}
    ),
    "suggestion.draft": frozenset({Role.JUDGE, Role.DIVISION_HEAD, Role.RESEARCH}),
    "suggestion.register": frozenset({Role.RESEARCH}),
    "mining.view": frozenset(
        {
            Role.RESEARCH,
            Role.DIVISION_HEAD,
            Role.JUDGE,
            Role.VICE_PRESIDENT,
            Role.PRESIDENT,
            Role.COMMITTEE,
            Role.SUPERVISOR,
        }
    ),
    "mining.manage": frozenset({Role.RESEARCH}),
    "backtrace.view": frozenset(
        {Role.RESEARCH, Role.DIVISION_HEAD, Role.VICE_PRESIDENT, Role.PRESIDENT}
    ),
    "backtrace.manage": frozenset({Role.RESEARCH}),
    "publicity.review": frozenset({Role.RESEARCH, Role.VICE_PRESIDENT, Role.PRESIDENT}),
    "publicity.override": frozenset({Role.VICE_PRESIDENT, Role.PRESIDENT}),
    "case.quarantine.view": frozenset({Role.RESEARCH, Role.ADMIN, Role.SUPERVISOR}),
    # the national court registry (法院名录): browse/search, and correct within reach
    "registry.view": frozenset({Role.ADMIN}),
    "registry.manage": frozenset({Role.ADMIN}),
}


def has_permission(user, action: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_recipient:
        return action.startswith("portal.")
    roles = ACTION_ROLES.get(action)
    if roles is None:
        raise KeyError(f"unknown action {action!r}")
    return user.court_id is not None and user.has_role(*roles)


def require_permission(user, action: str) -> None:
    if not has_permission(user, action):
        raise PermissionDenied("您没有执行该操作的权限。")
