"""Who may do what in 指导与统一标准 — the one place these rules live.

* **Guidance comments**: a user with ``guidance.comment`` (研究室, 上级法院督导) of a court that is a
  strict ancestor of the letter's court comments on an *issued* letter (numbered, not withdrawn:
  ``SuggestionQuerySet.issued``). The comment is seen by the commenting court's guidance users,
  by the letter court's research office and by the letter's drafter — nobody else (not a sister
  court, never the recipient). The letter court's research office or the drafter marks it read
  and responds.
* **Templates**: a court's research office (``template.manage``) keeps its own; it may adopt
  only what an ancestor court published.
* **Exchange meetings**: recorded by ``exchange.manage`` for the user's own court (the
  organiser); seen by every court user of the organiser's subtree.
* **Subtree figures**: ``guidance.figures``, over ``courts.selectors.visible_courts``.

Each ``*_reason`` function returns the Chinese reason for a refusal, or "" when allowed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from fengqiao.courts.models import Court, Role
from fengqiao.courts.permissions import has_permission


def ancestor_ids(court: Court) -> list[int]:
    """The ids of the court's ancestors (nearest last), read from its path (no query)."""
    ids = [int(part) for part in court.path.strip("/").split("/") if part]
    return [i for i in ids if i != court.pk]


def is_strict_ancestor(ancestor_id: int | None, court: Court) -> bool:
    return ancestor_id is not None and ancestor_id in ancestor_ids(court)


def _court_user(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "is_recipient", True)
        and user.court_id is not None
    )


def is_issued(suggestion) -> bool:
    """The same facts as ``SuggestionQuerySet.issued``: numbered and not withdrawn."""
    from fengqiao.suggestions.models import State

    return suggestion.number_seq is not None and suggestion.state != State.WITHDRAWN


def comment_reason(user, suggestion) -> str:
    if not _court_user(user) or not has_permission(user, "guidance.comment"):
        return "只有上级法院的研究室或督导人员可以提出指导意见。"
    if not is_strict_ancestor(user.court_id, suggestion.court):
        return "只能对本院下级法院的司法建议提出指导意见。"
    if not is_issued(suggestion):
        return "只能对已签发编号、未撤回的司法建议提出指导意见。"
    return ""


def may_comment(user, suggestion) -> bool:
    return not comment_reason(user, suggestion)


def may_see_comment(user, comment) -> bool:
    if not _court_user(user):
        return False
    if user.court_id == comment.author_court_id and has_permission(user, "guidance.comment"):
        return True
    return user.court_id == comment.suggestion.court_id and (
        user.has_role(Role.RESEARCH) or user.pk == comment.suggestion.drafter_id
    )


def respond_reason(user, comment) -> str:
    if not _court_user(user) or user.court_id != comment.suggestion.court_id:
        return "只有被指导法院的研究室或起草人可以办理指导意见。"
    if not (user.has_role(Role.RESEARCH) or user.pk == comment.suggestion.drafter_id):
        return "只有被指导法院的研究室或起草人可以办理指导意见。"
    return ""


def template_manage_reason(user, template=None) -> str:
    if not _court_user(user) or not has_permission(user, "template.manage"):
        return "只有研究室可以管理司法建议书模板。"
    if template is not None and template.court_id != user.court_id:
        return "只能管理本院的司法建议书模板。"
    return ""


def template_adopt_reason(user, source) -> str:
    reason = template_manage_reason(user)
    if reason:
        return reason
    if not source.shared or not is_strict_ancestor(source.court_id, user.court):
        return "只能采用上级法院已发布的模板。"
    return ""


def exchange_record_reason(user) -> str:
    if not _court_user(user) or not has_permission(user, "exchange.manage"):
        return "只有研究室或督导人员可以登记经验交流会。"
    return ""


def may_see_exchange(user, meeting) -> bool:
    """The organiser's subtree: the organiser itself or a court below it."""
    if not _court_user(user) or not has_permission(user, "guidance.view"):
        return False
    return meeting.organiser_id == user.court_id or is_strict_ancestor(
        meeting.organiser_id, user.court
    )


def require(reason: str) -> None:
    if reason:
        raise PermissionDenied(reason)
