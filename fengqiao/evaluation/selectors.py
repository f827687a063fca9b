"""Every read of 考评, scoped: a court sees its own letters and its subtree's signed letters
(``suggestions_visible``); a judge who may not see rankings sees only the letters they drafted;
a recipient unit sees nothing of this.

Points are never stored: a letter's points are computed from its scores (the rubric) and from
the record (replies, latest-reply item outcomes, follow-ups, the measured effect), with the
rule rows of :mod:`fengqiao.evaluation.rules` printed beside each figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from fengqiao.courts.models import UnitKind
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.evaluation import rules
from fengqiao.evaluation.models import Score
from fengqiao.evaluation.periods import Period
from fengqiao.suggestions.models import FollowUp, ItemOutcome, State, Suggestion
from fengqiao.suggestions.selectors import latest_reply_items, suggestions_visible

BY = {"judge": "承办法官", "division": "庭室", "court": "法院", "recipient": "被建议单位"}
NOT_SCORED_STATES = (State.DRAFTING, State.IN_REVIEW, State.WITHDRAWN)


# ---- scope ---------------------------------------------------------------------------------


def may_see_rankings(user) -> bool:
    return has_permission(user, "evaluation.view")


def letters_for(user) -> QuerySet[Suggestion]:
    """The signed letters whose scores ``user`` may see."""
    if has_permission(user, "evaluation.view"):
        rows = suggestions_visible(user)
    elif has_permission(user, "evaluation.own"):
        rows = suggestions_visible(user).filter(drafter_id=user.pk)
    else:
        return Suggestion.objects.none()
    return rows.exclude(state__in=NOT_SCORED_STATES).filter(signed_at__isnull=False)


def _day_range(period: Period) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(period.start, time.min), tz)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), tz)
    return start, end


def letters_in_period(user, period: Period) -> QuerySet[Suggestion]:
    """Letters signed (成文日期) within the period."""
    start, end = _day_range(period)
    return letters_for(user).filter(signed_at__gte=start, signed_at__lt=end)


def scores_for(user, suggestion: Suggestion) -> list[Score]:
    if not letters_for(user).filter(pk=suggestion.pk).exists():
        return []
    return list(
        Score.objects.filter(suggestion=suggestion)
        .select_related("scorer", "rubric__court")
        .prefetch_related("parts__criterion")
    )


# ---- one letter's points -------------------------------------------------------------------


@dataclass
class Part:
    """One line of a breakdown: a rule, how often the record shows it, the points, and why."""

    key: str
    label: str
    count: float
    each: float
    reason: str

    @property
    def points(self) -> float:
        return round(self.count * self.each, 2)


@dataclass
class LetterPoints:
    suggestion: Suggestion
    quality: float | None  # the average rubric score (0–100) of the panel, None unscored
    scorers: int
    jian: float  # 谏: quality above the pass mark (rules.jian_points)
    parts: list[Part] = field(default_factory=list)  # 纳 (effect from the record)

    @property
    def na(self) -> float:
        return round(sum(p.points for p in self.parts), 2)

    @property
    def total(self) -> float:
        return round(self.jian + self.na, 2)

    def count(self, key: str) -> float:
        return sum(p.count for p in self.parts if p.key == key)


EffectOf = Callable[[Suggestion], object]


def _court_effects() -> EffectOf:
    """The measured effect of each letter, the court's day counts read once per court."""
    from fengqiao.mining.selectors import court_case_days, suggestion_effect

    days: dict[int, tuple] = {}

    def effect_of(suggestion: Suggestion):
        if suggestion.court_id not in days:
            days[suggestion.court_id] = court_case_days(suggestion.court_id)
        return suggestion_effect(suggestion, court_days=days[suggestion.court_id])

    return effect_of


def reply_status(s: Suggestion, today: date) -> str:
    """on_time / late / never (overdue, no reply) / waiting / not_delivered — from the model's
    stored dates and its overdue rule."""
    if s.replied_on is not None and s.reply_due_on is not None:
        return "on_time" if s.replied_on <= s.reply_due_on else "late"
    if s.replied_on is not None:
        return "on_time"
    if s.overdue_on(today):
        return "never"
    return "waiting" if s.delivered_on else "not_delivered"


REPLY_REASON = {
    "never": "答复期限已过，尚未回复，不计回复分。",
    "waiting": "尚在答复期限内，暂未回复。",
    "not_delivered": "尚未送达。",
}


def _effect_part(s: Suggestion, effect_of: EffectOf) -> Part:
    rule = rules.EFFECT_RULES["effect"]
    if s.delivered_on is None:
        return Part(rule.key, rule.label, 0, rule.points, "尚未送达，无从评估效果，不计效果分。")
    result = effect_of(s)
    if result is None:
        return Part(
            rule.key, rule.label, 0, rule.points, "建议未关联案件（无法确定同类案件），不计效果分。"
        )
    if not result.sufficient:
        return Part(
            rule.key, rule.label, 0, rule.points, f"{result.summary}（窗口不足，不计效果分）"
        )
    change = (
        result.adjusted_change_pct
        if result.adjusted_change_pct is not None
        else result.target_change_pct
    )
    if result.significant and change is not None and change < 0:
        return Part(rule.key, rule.label, 1, rule.points, result.summary)
    return Part(
        rule.key,
        rule.label,
        0,
        rule.points,
        f"{result.summary}（未见具有统计学意义的下降，不计效果分）",
    )


def letter_points(
    letters: list[Suggestion], *, today: date | None = None, effect_of: EffectOf | None = None
) -> dict[int, LetterPoints]:
    """Each letter's 谏 (rubric quality) and 纳 (the record) points, with their parts."""
    today = today or timezone.localdate()
    effect_of = effect_of or _court_effects()
    ids = [s.pk for s in letters]
    quality = {
        row["suggestion_id"]: (row["avg"], row["n"])
        for row in Score.objects.filter(suggestion_id__in=ids)
        .values("suggestion_id")
        .annotate(avg=Avg("total"), n=Count("id"))
    }
    outcomes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid, outcome in latest_reply_items(Suggestion.objects.filter(pk__in=ids)).values_list(
        "reply__suggestion_id", "outcome"
    ):
        outcomes[sid][outcome] += 1
    follow: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sid, kind, name, held_on in FollowUp.objects.filter(
        suggestion_id__in=ids, kind__in=[FollowUp.Kind.RULE, FollowUp.Kind.CAMPAIGN]
    ).values_list("suggestion_id", "kind", "rule_name", "held_on"):
        follow[sid][kind].append(name or f"{held_on:%Y-%m-%d}")

    from fengqiao.selection.selectors import awards_of  # 优秀司法建议评选 (h-selection)

    awards = awards_of(ids)
    out: dict[int, LetterPoints] = {}
    for s in letters:
        avg, n = quality.get(s.pk, (None, 0))
        avg = round(avg, 1) if avg is not None else None
        lp = LetterPoints(s, avg, n, rules.jian_points(avg))
        R = rules.EFFECT_RULES
        status = reply_status(s, today)
        on_time, late = R["reply_on_time"], R["reply_late"]
        if status == "on_time":
            lp.parts.append(
                Part(
                    on_time.key,
                    on_time.label,
                    1,
                    on_time.points,
                    f"{s.replied_on:%Y-%m-%d}回复，期限{s.reply_due_on or '—'}。",
                )
            )
        elif status == "late":
            lp.parts.append(
                Part(
                    late.key,
                    late.label,
                    1,
                    late.points,
                    f"{s.replied_on:%Y-%m-%d}回复，晚于期限{s.reply_due_on:%Y-%m-%d}。",
                )
            )
        else:
            lp.parts.append(
                Part(on_time.key, on_time.label, 0, on_time.points, REPLY_REASON[status])
            )
        counts = outcomes.get(s.pk, {})
        for key, outcome in (
            ("item_adopted", ItemOutcome.ADOPTED),
            ("item_partly", ItemOutcome.PARTLY),
        ):
            rule = R[key]
            n_items = counts.get(outcome, 0)
            total_items = sum(counts.values())
            reason = (
                f"最新一次回函逐条答复{total_items}条，其中{ItemOutcome(outcome).label}{n_items}条。"
                if total_items
                else "尚无逐条答复。"
            )
            lp.parts.append(Part(rule.key, rule.label, n_items, rule.points, reason))
        for key, kind in (("rule_made", FollowUp.Kind.RULE), ("campaign", FollowUp.Kind.CAMPAIGN)):
            rule = R[key]
            names = follow.get(s.pk, {}).get(kind, [])
            reason = (
                "：".join(["记录" + str(len(names)) + "项", "、".join(names)])
                if names
                else "无记录。"
            )
            lp.parts.append(Part(rule.key, rule.label, len(names), rule.points, reason))
        lp.parts.append(_effect_part(s, effect_of))
        for tier, round_name in awards.get(s.pk, []):
            rule = rules.AWARD_RULES[tier]
            lp.parts.append(
                Part("award", rule.label, 1, rule.points, f"{round_name}：{rule.basis}。")
            )
        out[s.pk] = lp
    return out


# ---- rankings --------------------------------------------------------------------------------


@dataclass
class RankRow:
    key: str
    label: str
    court: str = ""
    letters: int = 0
    scored: int = 0
    quality_sum: float = 0.0
    jian: float = 0.0
    na: float = 0.0
    parts: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    backtrace_cases: int | None = None
    reminders: int | None = None

    @property
    def quality(self) -> float | None:
        """Quality per letter: the average rubric score of the scored letters."""
        return round(self.quality_sum / self.scored, 1) if self.scored else None

    @property
    def total(self) -> float:
        return round(self.jian + self.na, 2)

    def add(self, lp: LetterPoints) -> None:
        self.letters += 1
        if lp.quality is not None:
            self.scored += 1
            self.quality_sum += lp.quality
        self.jian = round(self.jian + lp.jian, 2)
        self.na = round(self.na + lp.na, 2)
        for part in lp.parts:
            self.parts[part.key] += part.count


def _group(by: str, s: Suggestion) -> tuple[str, str, str]:
    court = s.court.short_name or s.court.name
    if by == "judge":
        return f"{s.court_id}:{s.drafter.display_name}", s.drafter.display_name, court
    if by == "division":
        name = s.division.name if s.division_id else "未指定庭室"
        return f"{s.court_id}:{s.division_id or 0}", name, court
    return str(s.court_id), s.court.name, court


def ranking(
    user,
    period: Period,
    by: str = "court",
    *,
    effect_of: EffectOf | None = None,
    today: date | None = None,
) -> list[RankRow]:
    """Points per judge, division or court for the period, best first (total, then quality per
    letter). Judges also carry their back-tracing counts (shown, not scored)."""
    if by == "recipient":
        raise ValueError("use recipient_rows")
    letters = list(letters_in_period(user, period).select_related("court", "drafter", "division"))
    points = letter_points(letters, today=today, effect_of=effect_of)
    rows: dict[str, RankRow] = {}
    for s in letters:
        key, label, court = _group(by, s)
        row = rows.setdefault(key, RankRow(key, label, court))
        row.add(points[s.pk])
    if by == "judge":
        _add_backtrace_counts(user, period, rows)
    return sorted(rows.values(), key=lambda r: (-r.total, -(r.quality or 0), r.label))


def _add_backtrace_counts(user, period: Period, rows: dict[str, RankRow]) -> None:
    """Closed cases of the period that reverse tracing found should have produced a suggestion,
    and the reminder talks recorded — per judge, as counts."""
    from fengqiao.courts.models import Court
    from fengqiao.mining.models import BacktraceHit, BacktraceReminder

    if may_see_rankings(user):
        courts = visible_court_ids(user)
        only = None
    else:
        courts, only = [user.court_id], user.display_name
    hits = (
        BacktraceHit.objects.filter(
            run__court_id__in=courts,
            case__decided_on__gte=period.start,
            case__decided_on__lte=period.end,
        )
        .values_list(
            "run__court_id", "judge_name", "judge__full_name", "judge__username", "case_id"
        )
        .distinct()
    )
    cases: dict[str, set[int]] = defaultdict(set)
    for court_id, name, full, username, case_id in hits:
        cases[f"{court_id}:{full or username or name}"].add(case_id)
    talks: dict[str, int] = defaultdict(int)
    for court_id, name in BacktraceReminder.objects.filter(
        run__court_id__in=courts, talked_on__gte=period.start, talked_on__lte=period.end
    ).values_list("run__court_id", "judge_name"):
        talks[f"{court_id}:{name}"] += 1
    names = dict(Court.objects.filter(pk__in=courts).values_list("pk", "short_name"))
    for key in set(cases) | set(talks):
        court_id, _, name = key.partition(":")
        if not name or (only is not None and name != only):
            continue
        row = rows.get(key) or rows.setdefault(
            key, RankRow(key, name, names.get(int(court_id), ""))
        )
        row.backtrace_cases = len(cases.get(key, ()))
        row.reminders = talks.get(key, 0)
    for row in rows.values():
        if row.backtrace_cases is None:
            row.backtrace_cases, row.reminders = 0, 0


def row_letters(
    user, period: Period, by: str, key: str, *, effect_of: EffectOf | None = None
) -> list[LetterPoints]:
    """The letters behind one ranking row (the breakdown one click away)."""
    related = ("court", "drafter", "division", "recipient")
    if by == "recipient":
        unit = int(key) if key.isdigit() and len(key) < 19 else 0
        letters = list(letters_received(user, period, [unit]).select_related(*related))
    else:
        letters = list(letters_in_period(user, period).select_related(*related))
        letters = [s for s in letters if _group(by, s)[0] == key]
    points = letter_points(letters, effect_of=effect_of)
    return [points[s.pk] for s in letters]


# ---- 纳: recipient units ---------------------------------------------------------------------


@dataclass
class RecipientRow:
    key: str
    name: str
    kind: str
    received: int = 0
    on_time: int = 0
    late: int = 0
    never: int = 0
    waiting: int = 0
    adopted: int = 0
    partly: int = 0
    not_adopted: int = 0
    explained: int = 0
    rules: int = 0

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label if self.kind in UnitKind.values else self.kind

    @property
    def items(self) -> int:
        return self.adopted + self.partly + self.not_adopted + self.explained

    @property
    def adoption_rate(self) -> float | None:
        """Adopted or partly adopted among the items answered (latest reply of each letter)."""
        return round((self.adopted + self.partly) / self.items * 100, 1) if self.items else None

    @property
    def parts(self) -> list[Part]:
        R = rules.RECIPIENT_RULES
        return [
            Part(key, R[key].label, getattr(self, attr), R[key].points, R[key].basis)
            for key, attr in (
                ("on_time", "on_time"),
                ("late", "late"),
                ("never", "never"),
                ("adopted", "adopted"),
                ("partly", "partly"),
                ("explained", "explained"),
                ("not_adopted", "not_adopted"),
                ("rules", "rules"),
            )
        ]

    @property
    def points(self) -> float:
        return round(sum(p.points for p in self.parts), 2)

    def merge(self, other: RecipientRow) -> None:
        for name in (
            "received",
            "on_time",
            "late",
            "never",
            "waiting",
            "adopted",
            "partly",
            "not_adopted",
            "explained",
            "rules",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


OUTCOME_FIELD = {
    ItemOutcome.ADOPTED: "adopted",
    ItemOutcome.PARTLY: "partly",
    ItemOutcome.NOT_ADOPTED: "not_adopted",
    ItemOutcome.EXPLAINED: "explained",
}


def letters_received(user, period: Period, unit_ids: list[int] | None = None):
    """Letters delivered (送达) to recipient units within the period — for users who may see
    rankings."""
    if not may_see_rankings(user):
        return Suggestion.objects.none()
    rows = suggestions_visible(user).filter(
        delivered_on__gte=period.start, delivered_on__lte=period.end
    )
    if unit_ids:
        rows = rows.filter(recipient_id__in=unit_ids)
    return rows.exclude(state=State.WITHDRAWN)


def recipient_rows(
    user, period: Period, unit_ids: list[int] | None = None, *, today: date | None = None
) -> list[RecipientRow]:
    """Per recipient unit: letters received, replied on time / late / never; items adopted /
    partly / not / explained (latest reply of each letter); rules made; the points."""
    today = today or timezone.localdate()
    letters = list(letters_received(user, period, unit_ids).select_related("recipient"))
    rows: dict[int, RecipientRow] = {}
    for s in letters:
        row = rows.setdefault(
            s.recipient_id, RecipientRow(str(s.recipient_id), s.recipient.name, s.recipient.kind)
        )
        row.received += 1
        status = reply_status(s, today)
        if status in ("on_time", "late", "never", "waiting"):
            setattr(row, status, getattr(row, status) + 1)
    ids = Suggestion.objects.filter(pk__in=[s.pk for s in letters])
    for unit_id, outcome in latest_reply_items(ids).values_list(
        "reply__suggestion__recipient_id", "outcome"
    ):
        field_name = OUTCOME_FIELD[outcome]
        setattr(rows[unit_id], field_name, getattr(rows[unit_id], field_name) + 1)
    for unit_id, n in (
        FollowUp.objects.filter(suggestion__in=ids, kind=FollowUp.Kind.RULE)
        .values_list("suggestion__recipient_id")
        .annotate(n=Count("id"))
    ):
        rows[unit_id].rules = n
    return sorted(rows.values(), key=lambda r: (-r.points, r.name))


def recipient_kind_rows(rows: list[RecipientRow]) -> list[RecipientRow]:
    """The same figures per kind of unit (党政机关, 企业 …)."""
    kinds: dict[str, RecipientRow] = {}
    for row in rows:
        label = row.kind_label
        kinds.setdefault(row.kind, RecipientRow(row.kind, label, row.kind)).merge(row)
    return sorted(kinds.values(), key=lambda r: (-r.points, r.name))


def my_letters(user, period: Period, *, effect_of: EffectOf | None = None) -> list[LetterPoints]:
    """The signed-in judge's own letters with their points (the scores' comments: scores_for)."""
    letters = list(
        letters_in_period(user, period)
        .filter(drafter_id=user.pk)
        .select_related("court", "drafter", "recipient")
    )
    points = letter_points(letters, effect_of=effect_of)
    return [points[s.pk] for s in letters]
