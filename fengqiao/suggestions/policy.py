"""Who may do what, and when, in the suggestion lifecycle — the one place these rules live.

Read the tables below to answer "who may sign, and when?": the ``review`` row says a
suggestion must be 审核中 and the user must be the one the active review step waits for (a
named person, or the step's role — a 庭长 only for the drafting division); the signing step is
simply the last step of that chain (``WorkflowStep.signs``).

Every row has:

* ``states`` — the states of the object in which the action is possible (None: any state);
* ``permission`` — an action of :mod:`fengqiao.courts.permissions` (the role lists live there);
  None when the object check alone decides (e.g. a named reviewer needs no particular role);
* ``check`` — an object check (e.g. "is the drafter", "may act on this review step"); returns
  the Chinese reason for a refusal, or "" when the user may act;
* ``recipient`` — the officer of the unit the letter was sent to may also do it (portal).

Scoping, for every row: court staff act only on their own court's objects. A supervisor of a
superior court reads its subtree (``selectors.suggestions_visible``) but acts on nothing there;
a recipient acts only on letters sent to its own unit, and only on ``recipient`` rows.

``require`` raises ``PermissionDenied`` (who) or ``TransitionError`` (when), in that order:
scope, role, state, object. ``available_actions`` is what pages and the API show.

Creating something new (a clue, a meeting, a suggestion) has no object yet: those are plain
role permissions (``clue.create``, ``meeting.manage``, ``suggestion.draft``) checked with
``courts.permissions.require_permission``.

Adding an action: add a :class:`Rule` to ``SUGGESTION_RULES`` (or ``CLUE_RULES``); if it needs
a new role list, add it to ``courts.permissions.ACTION_ROLES``; call ``require(user, obj,
"name")`` first thing in the service; show it in the page under ``{% if can.name %}`` — the
permission-matrix test (tests/suggestions/test_policy_matrix.py) then covers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from fengqiao.courts.permissions import has_permission
from fengqiao.suggestions.models import AgendaItem, Clue, Meeting, State, Suggestion


class TransitionError(ValidationError):
    """The object is not in a state that allows this action."""


Check = Callable[[object, object], str]


@dataclass(frozen=True)
class Rule:
    action: str
    label: str
    states: tuple[str, ...] | None
    permission: str | None = None
    check: Check | None = None
    recipient: bool = False
    model: type = Suggestion


# ---- object checks --------------------------------------------------------------------------


def _is_drafter_or_editor(user, suggestion: Suggestion) -> str:
    """The drafter, the current holder, or an editor role (庭长, 研究室) of the court."""
    if user.pk in {suggestion.drafter_id, suggestion.holder_id}:
        return ""
    if has_permission(user, "suggestion.edit_any"):
        return ""
    return "只有起草人、当前承办人、庭长或研究室可以修改或提交文稿。"


def _may_draft_and_edit(user, suggestion: Suggestion) -> str:
    if not has_permission(user, "suggestion.draft"):
        return "您没有起草司法建议的权限。"
    return _is_drafter_or_editor(user, suggestion)


def _may_act_on_review_step(user, suggestion: Suggestion) -> str:
    """The active step's named person, or (no one named) a holder of the step's role."""
    from fengqiao.suggestions.selectors import active_step
    from fengqiao.suggestions.workflows import may_act_on_step

    step_run = active_step(suggestion)
    if step_run is None or not may_act_on_step(user, step_run):
        return "您不是当前审批步骤的办理人。"
    return ""


def _drafter_or_withdrawer(user, suggestion: Suggestion) -> str:
    if user.pk == suggestion.drafter_id or has_permission(user, "suggestion.withdraw_any"):
        return ""
    return "只有起草人或研究室可以撤回。"


def _numbered(user, suggestion: Suggestion) -> str:
    if not suggestion.doc_number:
        return "尚未签发编号，不能送达；征求意见稿请通过告知函发出。"
    return ""


def _not_completed(user, suggestion: Suggestion) -> str:
    return "已经办结。" if suggestion.completed_on is not None else ""


def _completed(user, suggestion: Suggestion) -> str:
    return "请先办结，再归档。" if suggestion.completed_on is None else ""


# ---- the suggestion table -------------------------------------------------------------------

REGISTER = "suggestion.register"  # 研究室: the clerk's register of the letter's life

SUGGESTION_RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in [
        Rule("edit", "修改文稿", (State.DRAFTING,), None, _may_draft_and_edit),
        Rule("submit", "提交审核", (State.DRAFTING,), None, _is_drafter_or_editor),
        # Review and sign-off: the chain (workflows.py) says who; signing is its last step.
        Rule("review", "审批 / 签发", (State.IN_REVIEW,), None, _may_act_on_review_step),
        # 事前沟通 (art. 5): the 征求意见稿 with a 告知函 (or a visit) from the deliberation
        # decision on — while drafting, during review (which pauses) or after signing.
        Rule(
            "communicate",
            "征求意见（事前沟通）",
            (State.DRAFTING, State.IN_REVIEW, State.SIGNED, State.PRE_COMMUNICATION),
            REGISTER,
        ),
        # the recipient answers in the portal; the 研究室 records an answer given on paper
        Rule("opinion", "提出/登记意见", (State.PRE_COMMUNICATION,), REGISTER, recipient=True),
        Rule("revise", "根据意见退回修改", (State.SIGNED, State.PRE_COMMUNICATION), REGISTER),
        Rule("proceed", "征求意见结束，继续办理", (State.PRE_COMMUNICATION,), REGISTER),
        Rule(
            "deliver",
            "送达",
            (State.SIGNED, State.PRE_COMMUNICATION, State.DELIVERED),
            REGISTER,
            _numbered,
        ),
        Rule("extend", "延长答复期限", (State.DELIVERED,), REGISTER),
        Rule(
            "reply",
            "登记回函",
            (State.DELIVERED, State.REPLIED, State.FOLLOW_UP),
            REGISTER,
            recipient=True,
        ),
        Rule("follow_up", "跟踪落实", (State.DELIVERED, State.REPLIED, State.FOLLOW_UP), REGISTER),
        # 反馈分析: the clerk classifies why an item was not (fully) adopted or a letter got no
        # reply (which items/letters qualify: suggestions/reply_reasons.py), also after archiving
        Rule(
            "classify_reply",
            "分析未采纳原因",
            (State.DELIVERED, State.REPLIED, State.FOLLOW_UP, State.ARCHIVED),
            REGISTER,
        ),
        Rule("complete", "办结", (State.REPLIED, State.FOLLOW_UP), REGISTER, _not_completed),
        Rule("archive", "归档", (State.REPLIED, State.FOLLOW_UP), REGISTER, _completed),
        # 更正: a recorded date (signing, delivery, reply, follow-up, 办结) corrected with a reason,
        # until the file is archived
        Rule(
            "correct_date",
            "更正日期",
            tuple(st for st in State.values if st not in (State.WITHDRAWN, State.ARCHIVED)),
            REGISTER,
        ),
        # 考评 (h-score): the 研究室 scores a letter once it is signed (a panel: each member once)
        Rule(
            "score",
            "考评打分",
            (
                State.SIGNED,
                State.PRE_COMMUNICATION,
                State.DELIVERED,
                State.REPLIED,
                State.FOLLOW_UP,
                State.ARCHIVED,
            ),
            "evaluation.score",
        ),
        Rule(
            "withdraw",
            "撤回",
            (State.DRAFTING, State.SIGNED, State.PRE_COMMUNICATION),
            None,
            _drafter_or_withdrawer,
        ),
    ]
}


# ---- clues, meetings and agenda items -------------------------------------------------------


def _clue_not_on_open_agenda(user, clue: Clue) -> str:
    if clue.agenda_items.filter(decision=AgendaItem.Decision.PENDING).exists():
        return "该线索已列入议程、尚待决定，不能重复列入。"
    return ""


CLUE_RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in [
        Rule("clue.triage", "研判线索", (Clue.State.NEW,), "clue.triage", model=Clue),
        Rule(
            "agenda.add_clue",
            "列入议程",
            (Clue.State.ACCEPTED,),
            "meeting.manage",
            _clue_not_on_open_agenda,
            model=Clue,
        ),
        Rule("meeting.edit", "管理议程", None, "meeting.manage", model=Meeting),
        Rule(
            "agenda.decide",
            "会议决定",
            (AgendaItem.Decision.PENDING,),
            "meeting.manage",
            model=AgendaItem,
        ),
    ]
}

RULES: dict[str, Rule] = {**SUGGESTION_RULES, **CLUE_RULES}
# Object checks that are about the object's progress (→ TransitionError), not about the user.
STATE_CHECKS: tuple[Check, ...] = (_numbered, _not_completed, _completed, _clue_not_on_open_agenda)

# Which states the recipient unit may see: the letter has left the court (告知函 or delivery).
SENT_STATES: tuple[str, ...] = (
    State.PRE_COMMUNICATION,
    State.DELIVERED,
    State.REPLIED,
    State.FOLLOW_UP,
    State.ARCHIVED,
)
# Delivered (送达) and everything after it.
DELIVERED_STATES: tuple[str, ...] = (
    State.DELIVERED,
    State.REPLIED,
    State.FOLLOW_UP,
    State.ARCHIVED,
)
REPLY_STATES: tuple[str, ...] = SUGGESTION_RULES["reply"].states or ()
OPINION_STATES: tuple[str, ...] = SUGGESTION_RULES["opinion"].states or ()
# While the recipient can still act (answer the 告知函, reply): the single-letter link is offered.
RECIPIENT_ACTION_STATES: tuple[str, ...] = tuple(
    state
    for state in State.values
    if any(rule.recipient and state in (rule.states or ()) for rule in SUGGESTION_RULES.values())
)


# ---- answering ------------------------------------------------------------------------------


def _court_id(obj) -> int | None:
    if isinstance(obj, AgendaItem):
        return obj.meeting.court_id
    return getattr(obj, "court_id", None)


def _state(obj) -> str | None:
    if isinstance(obj, AgendaItem):
        return obj.decision
    return getattr(obj, "state", None)


def _state_label(obj, value: str) -> str:
    if isinstance(obj, AgendaItem):
        return AgendaItem.Decision(value).label
    if isinstance(obj, Clue):
        return Clue.State(value).label
    return State(value).label


def refusal(user, obj, action: str) -> tuple[type[Exception], str] | None:
    """Why ``user`` may not do ``action`` on ``obj`` now (exception class, message), or None."""
    rule = RULES[action]
    if getattr(user, "is_recipient", False):
        # (the unit's link account is inactive by design: the signed link is its credential)
        if not rule.recipient or getattr(obj, "recipient_id", None) != user.recipient_unit_id:
            return PermissionDenied, "只能办理发给本单位的司法建议。"
    elif not getattr(user, "is_authenticated", False) or not user.is_active:
        return PermissionDenied, "请先登录。"
    else:
        if user.court_id is None or user.court_id != _court_id(obj):
            return PermissionDenied, "只能办理本院的司法建议工作。"
        if rule.permission and not has_permission(user, rule.permission):
            return PermissionDenied, f"您没有“{rule.label}”的权限。"
    state = _state(obj)
    if rule.states is not None and state not in rule.states:
        allowed = "、".join(_state_label(obj, s) for s in rule.states)
        return (
            TransitionError,
            f"当前状态为“{_state_label(obj, state)}”，“{rule.label}”只能在“{allowed}”状态下进行。",
        )
    if rule.check is not None and not user.is_recipient:
        reason = rule.check(user, obj)
        if reason:
            return (TransitionError if rule.check in STATE_CHECKS else PermissionDenied), reason
    return None


def allowed(user, obj, action: str) -> bool:
    return refusal(user, obj, action) is None


def require(user, obj, action: str) -> None:
    """Raise PermissionDenied or TransitionError (with a Chinese message) unless allowed."""
    refused = refusal(user, obj, action)
    if refused is not None:
        error, message = refused
        raise error(message)


def available_actions(user, obj) -> list[str]:
    """The actions ``user`` may take on ``obj`` now, in lifecycle order."""
    return [
        name
        for name, rule in RULES.items()
        if isinstance(obj, rule.model) and allowed(user, obj, name)
    ]


def labelled(actions: list[str]) -> list[dict[str, str]]:
    return [{"action": name, "label": RULES[name].label} for name in actions]
