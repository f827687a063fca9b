"""What a publicity draft may say: the structured content of one suggestion, read only from its
released library entry (the shared, anonymised, reviewed version), the reply items, the
follow-up events and the measured effect — each figure with where it came from.

The publication gate: nothing goes out unless the library entry of the letter is released
(已发布 after the research office's review); :func:`gather` refuses otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from fengqiao.courts.models import UnitKind
from fengqiao.library import sharing
from fengqiao.library.models import LibraryEntry
from fengqiao.suggestions.models import FollowUp, ItemOutcome, Suggestion

GATE_MESSAGE = (
    "该司法建议的案例库共享版本尚未审核发布，不能生成宣传稿。"
    "请先由研究室在“案例库”中审核去标识化后的共享版本并发布。"
)
NEWS_KINDS = (FollowUp.Kind.CAMPAIGN, FollowUp.Kind.PUBLICITY, FollowUp.Kind.RULE)
_ITEM_LINE = re.compile(r"^第(\d+)条：([^（]+)(?:（(.*)）)?$")


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class Item:
    index: int
    text: str  # the suggestion as shared (masked)
    outcome: str = ""  # label, "" without a reply
    measures: str = ""  # as shared (masked)


@dataclass
class Event:
    pk: int
    kind: str
    kind_label: str
    held_on: date
    description: str  # anonymised
    rule_name: str


@dataclass
class Effect:
    window: int
    subject: str
    before: int
    after: int
    change_pct: float | None  # (after − before) / before, in per cent
    significant: bool | None
    labels: list[str]
    target: list[int]
    comparison: list[int] | None
    delivery_index: int


@dataclass
class Record:
    suggestion: Suggestion
    entry: LibraryEntry
    court_name: str
    court_short: str
    topic: str
    title: str
    recipient_kind: str
    delivered_on: date | None
    replied_on: date | None
    background: list[str]
    problems: list[str]
    items: list[Item]
    reply_opening: str
    outcome_label: str
    adopted: int  # items adopted in full
    partly: int  # items partly adopted
    case_count: int
    causes: list[str]
    events: list[Event]
    effect: Effect | None
    sources: list[dict] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)

    def source(self, value, label: str, where: str) -> str:
        """Register a figure and return it as text (``value`` is what the draft prints)."""
        text = str(value)
        if not any(s["value"] == text and s["label"] == label for s in self.sources):
            self.sources.append({"value": text, "label": label, "source": where})
        return text

    def quote(self, text: str) -> str:
        """A text taken from the shared version (numbers in it are the record's own)."""
        if text and text not in self.quoted:
            self.quoted.append(text)
        return text


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _strip_ordinal(line: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", line).strip()


def check_gate(suggestion: Suggestion) -> LibraryEntry:
    entry = LibraryEntry.objects.filter(suggestion=suggestion).first()
    if entry is None or entry.status != LibraryEntry.Status.RELEASED:
        raise ValidationError(GATE_MESSAGE)
    return entry


def _effect(suggestion: Suggestion) -> Effect | None:
    from fengqiao.mining.selectors import suggestion_effect

    result = suggestion_effect(suggestion)
    if result is None or not result.sufficient or result.series is None:
        return None
    found = re.match(r"^送达后\d+个月(.+?)\d+件", result.summary)
    subject = found.group(1) if found else ""
    return Effect(
        window=result.window_months,
        subject=subject or "同类案件",
        before=result.target_before,
        after=result.target_after,
        change_pct=result.target_change_pct,
        significant=result.significant,
        labels=list(result.series.labels),
        target=list(result.series.target),
        comparison=list(result.series.comparison) if result.series.comparison else None,
        delivery_index=result.series.delivery_index,
    )


def anonymised_event_text(entry: LibraryEntry, text: str) -> str:
    """A follow-up's description masked like the shared version (policy + reviewer masks)."""
    part = sharing.anonymised(text)
    for original, replacement in sharing.manual_masks(entry.sections):
        sharing.add_mask(part, original, replacement)
    return sharing.masked(part)


def gather(suggestion: Suggestion) -> Record:
    entry = check_gate(suggestion)
    court = suggestion.court
    doc = entry.doc_number or "（无文号）"
    shared = entry.shared
    problems = [_strip_ordinal(x) for x in _lines(shared.get("problems", ""))]
    suggestions = [_strip_ordinal(x) for x in _lines(shared.get("suggestions", ""))]
    reply_lines = _lines(shared.get("reply", ""))
    measures: dict[int, tuple[str, str]] = {}
    opening = []
    for line in reply_lines:
        m = _ITEM_LINE.match(line)
        if m:
            measures[int(m.group(1))] = (m.group(2), m.group(3) or "")
        else:
            opening.append(line)
    items = [
        Item(i, text, *measures.get(i, ("", ""))) for i, text in enumerate(suggestions, start=1)
    ]
    reply = sharing.latest_reply(suggestion)
    adopted = partly = 0
    if reply is not None:
        outcomes = [it.outcome for it in reply.items.all()]
        adopted = outcomes.count(ItemOutcome.ADOPTED)
        partly = outcomes.count(ItemOutcome.PARTLY)
    causes = sorted({c for c in suggestion.cases.values_list("cause", flat=True) if c})
    events = [
        Event(
            f.pk,
            f.kind,
            f.get_kind_display(),
            f.held_on,
            anonymised_event_text(entry, f.description),
            f.rule_name,
        )
        for f in suggestion.follow_ups.order_by("held_on", "pk")
    ]
    record = Record(
        suggestion=suggestion,
        entry=entry,
        court_name=court.name,
        court_short=court.short_name or court.name,
        topic=suggestion.title,
        title=entry.title,
        recipient_kind=dict(UnitKind.choices).get(entry.recipient_kind, "有关单位"),
        delivered_on=entry.issued_on,
        replied_on=entry.replied_on,
        background=_lines(shared.get("background", "")),
        problems=problems,
        items=items,
        reply_opening="".join(opening),
        outcome_label=entry.get_outcome_display(),
        adopted=adopted,
        partly=partly,
        case_count=suggestion.cases.count(),
        causes=causes,
        events=events,
        effect=_effect(suggestion),
    )
    for text in [*record.background, *problems, *suggestions, *reply_lines, entry.title]:
        record.quote(text)
    for e in events:
        record.quote(e.description)
        record.quote(e.rule_name)
    count = max(len(problems), len(items))
    if count:
        record.source(
            "、".join(str(i) for i in range(1, count + 1)),
            "序号",
            "“存在的问题”“司法建议”及回函逐条的编号",
        )
    record.source(len(problems), "存在的问题条数", f"案例库共享版本“存在的问题”（{doc}）")
    record.source(len(items), "建议条数", f"案例库共享版本“司法建议”（{doc}）")
    if reply is not None:
        where = f"回函（{cn_date(reply.received_on)}）逐条采纳情况"
        record.source(adopted, "采纳条数", where)
        if partly:
            record.source(partly, "部分采纳条数", where)
    if record.case_count:
        record.source(record.case_count, "关联案件数", f"司法建议 {doc} 关联的案件")
    return record
