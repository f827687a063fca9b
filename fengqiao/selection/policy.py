"""Who may do what in a selection round — one place for every rule (services call the
``require_*`` functions; pages and the API use the ``may_*`` answers).

- The round belongs to the organiser court's subtree: users of courts outside it see nothing
  (404), recipient users nothing at all (403).
- The organiser court's research office (研究室) opens the round and runs it (reviewers,
  starting the review, publishing); the court must have subordinate courts.
- Each court's research office in the subtree (the organiser's own included) nominates its own
  court's letters.
- A reviewer sees only the entries assigned to them, under their codes.
- Results are visible to everyone in the subtree once published; the organiser sees the
  provisional ranking before.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from fengqiao.courts.models import Court
from fengqiao.courts.permissions import has_permission, require_permission


def ancestor_ids(court: Court) -> list[int]:
    """The court and every court above it (from the materialised path)."""
    return [int(part) for part in court.path.strip("/").split("/") if part.isdigit()]


def in_scope(user, round_) -> bool:
    court = getattr(user, "court", None)
    return court is not None and round_.organiser_id in ancestor_ids(court)


def may_see(user, round_) -> bool:
    return has_permission(user, "selection.view") and in_scope(user, round_)


def may_open(user) -> bool:
    return (
        has_permission(user, "selection.organise")
        and user.court_id is not None
        and Court.objects.filter(parent_id=user.court_id).exists()
    )


def is_organiser(user, round_) -> bool:
    return has_permission(user, "selection.organise") and user.court_id == round_.organiser_id


def may_nominate(user, round_) -> bool:
    return has_permission(user, "selection.nominate") and in_scope(user, round_)


def may_see_results(user, round_) -> bool:
    if is_organiser(user, round_):
        return True
    return may_see(user, round_) and round_.state == round_.State.FINISHED


def require_open(user) -> None:
    require_permission(user, "selection.organise")
    if not may_open(user):
        raise PermissionDenied("只有有下级法院的法院研究室可以发起优秀司法建议评选。")


def require_organiser(user, round_) -> None:
    require_permission(user, "selection.organise")
    if not is_organiser(user, round_):
        raise PermissionDenied("只有组织本次评选的法院研究室可以进行该操作。")


def require_nominator(user, round_) -> None:
    require_permission(user, "selection.nominate")
    if not in_scope(user, round_):
        raise PermissionDenied("本院不在本次评选的范围内。")


def require_reviewer(user, review) -> None:
    if review.reviewer_id != getattr(user, "pk", None):
        raise PermissionDenied("这不是您的评审任务。")
