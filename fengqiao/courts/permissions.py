"""Who may do what: one table of actions → roles, used by views, the API and services.

The lifecycle's rules of *when* (states) and *on what* (own court, the drafter, the active review
step) are in ``fengqiao/suggestions/policy.py``, which refers to the role lists here."""

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
    # the annual report to the People's Congress (2023 规定 art. 11)
    "report.annual": frozenset(
        {Role.RESEARCH, Role.VICE_PRESIDENT, Role.PRESIDENT, Role.SUPERVISOR}
    ),
    # edit or submit any draft of the court (besides its drafter and current holder)
    "suggestion.edit_any": frozenset({Role.DIVISION_HEAD, Role.RESEARCH}),
    # withdraw any letter of the court (besides its drafter)
    "suggestion.withdraw_any": frozenset({Role.RESEARCH}),
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
    # 考评 (h-score): rankings and every score of the court subtree; a judge's own scores;
    # scoring letters and keeping the rubric (研究室)
    "evaluation.view": frozenset(
        {
            Role.RESEARCH,
            Role.DIVISION_HEAD,
            Role.VICE_PRESIDENT,
            Role.PRESIDENT,
            Role.COMMITTEE,
            Role.SUPERVISOR,
        }
    ),
    "evaluation.own": frozenset(
        {
            Role.JUDGE,
            Role.RESEARCH,
            Role.DIVISION_HEAD,
            Role.VICE_PRESIDENT,
            Role.PRESIDENT,
            Role.COMMITTEE,
            Role.SUPERVISOR,
        }
    ),
    "evaluation.score": frozenset({Role.RESEARCH}),
    "rubric.manage": frozenset({Role.RESEARCH}),
    # the shared 司法建议案例库: every court user reads; the research office shares and reviews
    "library.view": COURT_STAFF,
    "library.review": frozenset({Role.RESEARCH}),
    # h-selection: 优秀司法建议评选 — every court user of the organiser's subtree sees the
    # round (what each sees is in selection/policy.py); a superior court's research office
    # organises, each court's research office nominates its own letters
    "selection.view": COURT_STAFF,
    "selection.organise": frozenset({Role.RESEARCH}),
    "selection.nominate": frozenset({Role.RESEARCH}),
    # h-guidance: 上级法院指导与统一标准 (rules on objects in fengqiao/guidance/policy.py)
    "guidance.view": COURT_STAFF,
    "guidance.comment": frozenset({Role.RESEARCH, Role.SUPERVISOR}),
    "guidance.figures": frozenset(
        {Role.RESEARCH, Role.SUPERVISOR, Role.VICE_PRESIDENT, Role.PRESIDENT}
    ),
    "template.manage": frozenset({Role.RESEARCH}),
    "exchange.manage": frozenset({Role.RESEARCH, Role.SUPERVISOR}),
    # h-outreach: research exports (own court; a superior court also its subtree) and the
    # associations and relays kept by the research office
    "outreach.export": frozenset({Role.RESEARCH, Role.SUPERVISOR}),
    "outreach.manage": frozenset({Role.RESEARCH}),
    # h-publicity: channel drafts (宣传稿), their approval chain, publication records
    "publicity.view": frozenset(
        {Role.RESEARCH, Role.VICE_PRESIDENT, Role.PRESIDENT, Role.SUPERVISOR}
    ),
    "publicity.draft": frozenset({Role.RESEARCH}),
    "publicity.approve": frozenset({Role.RESEARCH, Role.VICE_PRESIDENT, Role.PRESIDENT}),
    "publicity.publish": frozenset({Role.RESEARCH}),
    "publicity.configure": frozenset({Role.RESEARCH}),
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
