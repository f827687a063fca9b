"""The dates of a suggestion's life are a chronology: each event falls in its place.

A court's register is evidence, and its dates drive deadlines (reply due, alerts, archive due).
So every date a person enters is checked here, in one table, before a service records it:

* a sane range — not before 2000, and never years ahead;
* the present — an event that has happened (a delivery, a reply, 办结) is not in the future;
  only a plan (the 告知函's reply-by date; a meeting put on the calendar) may lie ahead, within
  its horizon;
* the order — each event follows the event(s) it depends on (delivery after signing, a reply
  after delivery, 办结 after the last reply and follow-up …) and precedes those that depend on
  it (which matters when a recorded date is corrected, see ``corrections.py``).

``check_event_date(suggestion, event, day)`` raises :class:`ChronologyError` (a Django
``ValidationError``: pages show it as a form error, the API answers 400 ``{"detail", "code"}``) with a Chinese
message naming both dates, e.g. “送达日期（2026-03-01）早于签发日期（2026-03-05）……”.

Events whose time the system stamps itself (drafts and versions, review steps, archiving) need
no check; they serve only as anchors where they are true events (signing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

FIRST_DAY = date(2000, 1, 1)
PLAN_HORIZON_DAYS = 366  # a plan (reply-by date) lies at most a year ahead
MEETING_HORIZON_DAYS = 180  # a meeting may be put on the calendar up to half a year ahead


class ChronologyError(ValidationError):
    """A date that does not fit the suggestion's chronology."""

    code = "chronology"

    def __init__(self, messages: str | list[str]) -> None:
        super().__init__(messages, code="chronology")


@dataclass(frozen=True)
class Anchor:
    label: str
    day: date
    advice: str = ""  # what to do when a date falls on the wrong side of this anchor


AnchorFn = Callable[[Any, Any], list[Anchor]]


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    horizon: int = 0  # days after today the date may lie; 0 = it has happened
    after: tuple[AnchorFn, ...] = ()  # on or after each anchor
    before: tuple[AnchorFn, ...] = ()  # on or before each anchor
    strictly_after: tuple[AnchorFn, ...] = ()  # later than each anchor (never the same day)
    hint: str = ""  # what to do when the date lies in the future
    extra: tuple[Callable[[Any, Any, date], list[str]], ...] = field(default=())


def _cn(day: date) -> str:
    return day.isoformat()


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


# ---- anchors: the recorded dates an event is compared with ------------------------------------
# Each takes (suggestion, record) where ``record`` is the object whose date is being checked
# (None when a new one is recorded), so a correction is not compared with its own old date.


def _excluding(queryset, record):
    if record is not None and isinstance(record, queryset.model):
        return queryset.exclude(pk=record.pk)
    return queryset


def _recorded(related: str, field: str, label: str, *, latest: bool = False) -> AnchorFn:
    """The earliest (or latest) date of the suggestion's recorded ``related`` rows — deliveries,
    replies, follow-ups — leaving out the record being checked."""

    def anchor(suggestion, record) -> list[Anchor]:
        if suggestion is None or suggestion.pk is None:
            return []
        day = (
            _excluding(getattr(suggestion, related).all(), record)
            .order_by(f"-{field}" if latest else field)
            .values_list(field, flat=True)
            .first()
        )
        return [Anchor(label, day)] if day else []

    return anchor


first_delivery = _recorded("deliveries", "delivered_on", "送达日期")
first_reply = _recorded("replies", "received_on", "回函日期")
last_reply = _recorded("replies", "received_on", "回函日期", latest=True)
last_follow_up = _recorded("follow_ups", "held_on", "跟踪落实日期", latest=True)


def decision(suggestion, record) -> list[Anchor]:
    """The deliberation decision that sent the clue on to a draft (its meeting's date)."""
    from fengqiao.suggestions.models import AgendaItem

    if suggestion is None or suggestion.clue_id is None:
        return []
    held = (
        AgendaItem.objects.filter(
            clue_id=suggestion.clue_id,
            decision=AgendaItem.Decision.SEND,
            meeting__court_id=suggestion.court_id,
        )
        .order_by("meeting__held_on")
        .values_list("meeting__held_on", flat=True)
        .first()
    )
    return [Anchor("会议决定日期", held)] if held else []


def review_meetings(suggestion, record) -> list[Anchor]:
    """The 审委会 meetings the latest review run of the letter relied on."""
    from fengqiao.suggestions.models import StepRun

    if suggestion is None:
        return []
    run = suggestion.runs.order_by("-id").first()
    if run is None:
        return []
    days = StepRun.objects.filter(run=run, meeting__isnull=False).values_list(
        "meeting__held_on", flat=True
    )
    latest = max(days, default=None)
    return [Anchor("审委会会议日期", latest)] if latest else []


def signing(suggestion, record) -> list[Anchor]:
    if suggestion is None or suggestion.signed_at is None:
        return []
    return [Anchor("签发日期", _local_day(suggestion.signed_at))]


def first_follow_up_if_earliest_delivery(suggestion, record) -> list[Anchor]:
    """A delivery may not move past the first follow-up unless another delivery precedes it."""
    day = suggestion.follow_ups.order_by("held_on").values_list("held_on", flat=True).first()
    if day is None:
        return []
    others = _excluding(suggestion.deliveries.all(), record)
    if others.filter(delivered_on__lte=day).exists():
        return []
    return [Anchor("跟踪落实日期", day)]


def completion(suggestion, record) -> list[Anchor]:
    if suggestion is None or suggestion.completed_on is None:
        return []
    return [
        Anchor(
            "办结日期",
            suggestion.completed_on,
            "本件已办结，办结后不再登记新的回函或跟踪情况；确属办结日期有误的，"
            "由法院研究室先更正办结日期",
        )
    ]


def archiving(suggestion, record) -> list[Anchor]:
    if suggestion is None or suggestion.archived_on is None:
        return []
    return [Anchor("归档日期", suggestion.archived_on)]


def communication_day(suggestion, record) -> list[Anchor]:
    """The date of the 告知函 / visit the record (a PreCommunication) belongs to."""
    held = getattr(record, "held_on", None)
    if held is None:
        return []
    label = f"{record.get_kind_display()}日期" if hasattr(record, "get_kind_display") else "日期"
    return [Anchor(label, held)]


def _signing_year(suggestion, record, day: date) -> list[str]:
    year = getattr(suggestion, "number_year", None)
    if year and day.year != year:
        return [
            f"签发日期（{_cn(day)}）与文号年度（{year}年）不一致：跨年更正会使文号与成文日期不符，"
            "请核对；确需改动的，应撤回后重新签发编号。"
        ]
    return []


def _respond_by_period(suggestion, record, day: date) -> list[str]:
    held = getattr(record, "held_on", None)
    if held is not None and day > held + timedelta(days=PLAN_HORIZON_DAYS):
        return [f"反馈期限（{_cn(day)}）距告知函日期（{_cn(held)}）超过一年，请核对年份。"]
    return []


# ---- the table ----------------------------------------------------------------------------------

EVENTS: dict[str, Event] = {
    e.key: e
    for e in (
        Event(
            "meeting",
            "会议日期",
            horizon=MEETING_HORIZON_DAYS,
            hint="会议最多提前半年登记",
        ),
        Event(
            "decision",
            "会议日期",
            hint="会议召开后才能记录会议决定",
        ),
        Event(
            "review_meeting",
            "审委会会议日期",
            after=(decision,),
            hint="审委会会议召开后才能据其审批",
        ),
        Event(
            "communication",
            "事前沟通日期",
            after=(decision,),
            before=(first_delivery,),
            hint="请在告知函发出、走访或座谈之后再登记",
        ),
        Event(
            "respond_by",
            "反馈期限",
            horizon=PLAN_HORIZON_DAYS,
            strictly_after=(communication_day,),
            extra=(_respond_by_period,),
        ),
        Event(
            "opinion",
            "意见日期",
            after=(communication_day,),
            hint="请在收到被建议单位意见后登记",
        ),
        Event(
            "signing",
            "签发日期",
            after=(decision, review_meetings),
            before=(first_delivery,),
            extra=(_signing_year,),
        ),
        Event(
            "delivery",
            "送达日期",
            after=(signing,),
            before=(first_reply, first_follow_up_if_earliest_delivery, completion),
            hint="请在实际送达后登记",
        ),
        Event(
            "reply",
            "回函日期",
            after=(first_delivery,),
            before=(completion,),
            hint="请在收到回函后登记",
        ),
        Event(
            "follow_up",
            "跟踪落实日期",
            after=(first_delivery,),
            before=(completion,),
            hint="跟踪落实记录已经开展的工作",
        ),
        Event(
            "completion",
            "办结日期",
            after=(first_delivery, last_reply, last_follow_up),
            before=(archiving,),
        ),
    )
}


def problems(
    suggestion,
    event: str,
    day: date | None,
    *,
    record: Any = None,
    label: str = "",
    today: date | None = None,
) -> list[str]:
    """Every way ``day`` does not fit as ``event`` of ``suggestion`` (empty when it fits)."""
    spec = EVENTS[event]
    if day is None:
        return []
    label = label or spec.label
    today = today or timezone.localdate()
    if day < FIRST_DAY:
        return [f"{label}（{_cn(day)}）早于 {_cn(FIRST_DAY)}，请核对年份。"]
    if day > today + timedelta(days=spec.horizon):
        if spec.horizon == 0:
            hint = f"；{spec.hint}" if spec.hint else ""
            return [f"{label}（{_cn(day)}）不能晚于今天（{_cn(today)}）{hint}。"]
        limit = today + timedelta(days=spec.horizon)
        return [
            f"{label}（{_cn(day)}）超出可预先安排的范围（最晚 {_cn(limit)}），请核对年份。"
            + (f"{spec.hint}。" if spec.hint else "")
        ]
    found: list[str] = []
    for anchor_fn in spec.after:
        for anchor in anchor_fn(suggestion, record):
            if day < anchor.day:
                found.append(
                    f"{label}（{_cn(day)}）早于{anchor.label}（{_cn(anchor.day)}）；"
                    f"{label}应在{anchor.label}当日或之后，请核对。"
                )
    for anchor_fn in spec.strictly_after:
        for anchor in anchor_fn(suggestion, record):
            if day <= anchor.day:
                found.append(
                    f"{label}（{_cn(day)}）不晚于{anchor.label}（{_cn(anchor.day)}）；"
                    f"{label}应在{anchor.label}之后，留出合理的期间。"
                )
    for anchor_fn in spec.before:
        for anchor in anchor_fn(suggestion, record):
            if day > anchor.day:
                advice = anchor.advice or "请核对"
                found.append(
                    f"{label}（{_cn(day)}）晚于{anchor.label}（{_cn(anchor.day)}）；"
                    f"{label}应在{anchor.label}当日或之前。{advice}。"
                )
    for check in spec.extra:
        found.extend(check(suggestion, record, day))
    return found


def check_event_date(
    suggestion,
    event: str,
    day: date | None,
    *,
    record: Any = None,
    label: str = "",
    today: date | None = None,
) -> None:
    """Raise :class:`ChronologyError` unless ``day`` fits as ``event`` of ``suggestion``."""
    found = problems(suggestion, event, day, record=record, label=label, today=today)
    if found:
        raise ChronologyError(found)


def check_communication(
    suggestion, *, kind: str, held_on: date, respond_by: date | None = None
) -> None:
    """A 告知函 / visit / 座谈: its own date, and the reply-by date it asks for (a plan)."""
    from fengqiao.suggestions.models import PreCommunication

    kind_label = dict(PreCommunication.Kind.choices).get(kind, "事前沟通")
    found = problems(suggestion, "communication", held_on, label=f"{kind_label}日期")
    if respond_by is not None:
        draft = PreCommunication(kind=kind, held_on=held_on)
        found += problems(suggestion, "respond_by", respond_by, record=draft)
    if found:
        raise ChronologyError(found)
