"""The year's figures of a court's judicial-suggestion work, for its annual report to the
People's Congress (2023 规定 art. 11): what the register and the API say, counted once.

Definitions (printed in the report's notes):

* **The year's letters**: letters numbered (文号) in the year — numbering happens at signing —
  by the court (or its subtree); 撤回 letters are counted apart and left out of every other
  figure.
* **Delivered** (送达): in a delivered state or later. **Replied on time**: the reply date is on or
  before the reply due date; **late**: after it; **not replied**: no reply at all, the due date
  passed or the letter taken on without one (:func:`~fengqiao.suggestions.models.no_reply_q`);
  still within the period: **awaiting**.
* **Adoption** per suggestion item, by the latest reply of each letter
  (:func:`fengqiao.suggestions.selectors.adoption_counts`).
* **Rules made / joint campaigns**: 建章立制 / 联合专项整治 follow-ups held in the year, for any
  letter of the court.
* **Scoring**: the year's letters scored by the rubric (考评), each letter's quality the panel's
  average, and how many reach the pass mark (:data:`fengqiao.evaluation.rules.PASS_MARK`);
  **awards**: the year's letters awarded a tier in a selection round whose results are published
  (the letters that carry the 优秀 label in the library), counted per tier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from fengqiao.courts.models import Court, UnitKind
from fengqiao.courts.selectors import court_subtree
from fengqiao.suggestions.models import (
    Category,
    FollowUp,
    State,
    Suggestion,
    no_reply_q,
    replied_late_q,
    replied_on_time_q,
)
from fengqiao.suggestions.policy import DELIVERED_STATES
from fengqiao.suggestions.selectors import adoption_counts


@dataclass(frozen=True)
class Row:
    label: str
    count: int


@dataclass
class AnnualFigures:
    court: Court
    year: int
    subtree: bool
    as_of: date
    numbered: int = 0
    withdrawn: int = 0
    issued: int = 0  # numbered, not withdrawn
    delivered: int = 0
    replied_on_time: int = 0
    replied_late: int = 0
    not_replied: int = 0  # no reply: due date passed, or taken on without one
    awaiting: int = 0  # delivered, still within the reply period
    items: dict[str, int] = field(default_factory=dict)
    by_category: list[Row] = field(default_factory=list)
    by_domain: list[Row] = field(default_factory=list)
    by_recipient_kind: list[Row] = field(default_factory=list)
    by_court: list[Row] = field(default_factory=list)
    by_month: list[int] = field(default_factory=list)  # 12 values, by signing month
    rules_made: int = 0
    rule_names: list[str] = field(default_factory=list)
    campaigns: int = 0
    previous_issued: int = 0
    scored: int = 0  # letters with at least one rubric score
    quality_mean: float | None = None  # mean of the letters' panel averages (0–100)
    quality_passed: int = 0  # letters whose panel average is above the pass mark
    awards: list[Row] = field(default_factory=list)  # per tier, the year's letters awarded

    @property
    def replied(self) -> int:
        return self.replied_on_time + self.replied_late

    @property
    def adoption_rate(self) -> float | None:
        total = self.items.get("total", 0)
        return self.items.get("adopted", 0) / total if total else None

    @property
    def on_time_rate(self) -> float | None:
        due = self.replied + self.not_replied
        return self.replied_on_time / due if due else None


def scope_courts(court: Court, subtree: bool) -> QuerySet[Court]:
    return court_subtree(court) if subtree else Court.objects.filter(pk=court.pk)


def year_letters(court: Court, year: int, *, subtree: bool = False) -> QuerySet[Suggestion]:
    """The year's letters of the court (or its subtree): ``SuggestionQuerySet.issued`` —
    numbered in ``year``, not withdrawn (the definition the dashboard and the register use)."""
    return Suggestion.objects.filter(court__in=scope_courts(court, subtree)).issued(year)


def _rows(pairs: Iterable[tuple[str, int]]) -> list[Row]:
    return [Row(label or "未填写", n) for label, n in sorted(pairs, key=lambda p: (-p[1], p[0]))]


def annual_figures(
    court: Court, year: int, *, subtree: bool = False, today: date | None = None
) -> AnnualFigures:
    """Every figure of the annual report, from a handful of aggregate queries."""
    today = today or timezone.localdate()
    letters = year_letters(court, year, subtree=subtree)
    fig = AnnualFigures(court=court, year=year, subtree=subtree, as_of=today)
    fig.withdrawn = Suggestion.objects.filter(
        court__in=scope_courts(court, subtree),
        number_year=year,
        number_seq__isnull=False,
        state=State.WITHDRAWN,
    ).count()
    counts = letters.aggregate(
        issued=Count("id"),
        delivered=Count("id", filter=Q(state__in=DELIVERED_STATES)),
        on_time=Count("id", filter=replied_on_time_q()),
        late=Count("id", filter=replied_late_q()),
        not_replied=Count("id", filter=no_reply_q(today)),
        awaiting=Count("id", filter=Q(state=State.DELIVERED, reply_due_on__gte=today)),
    )
    fig.issued = counts["issued"]
    fig.numbered = fig.issued + fig.withdrawn
    fig.delivered = counts["delivered"]
    fig.replied_on_time, fig.replied_late = counts["on_time"], counts["late"]
    fig.not_replied, fig.awaiting = counts["not_replied"], counts["awaiting"]
    fig.items = adoption_counts(letters)
    labels = dict(Category.choices)
    fig.by_category = _rows(
        (labels.get(r["category"], r["category"]), r["n"])
        for r in letters.order_by().values("category").annotate(n=Count("id"))
    )
    fig.by_domain = _rows(
        (r["domain"], r["n"]) for r in letters.order_by().values("domain").annotate(n=Count("id"))
    )
    kinds = dict(UnitKind.choices)
    fig.by_recipient_kind = _rows(
        (kinds.get(r["recipient__kind"], "未登记单位"), r["n"])
        for r in letters.order_by().values("recipient__kind").annotate(n=Count("id"))
    )
    if subtree:
        fig.by_court = _rows(
            (r["court__name"], r["n"])
            for r in letters.order_by().values("court__name").annotate(n=Count("id"))
        )
    months = dict(
        letters.filter(signed_at__isnull=False)
        .order_by()
        .values_list("signed_at__month")
        .annotate(n=Count("id"))
        .values_list("signed_at__month", "n")
    )
    fig.by_month = [months.get(m, 0) for m in range(1, 13)]
    follow_ups = FollowUp.objects.filter(
        suggestion__court__in=scope_courts(court, subtree), held_on__year=year
    )
    rules = follow_ups.filter(kind=FollowUp.Kind.RULE)
    fig.rules_made = rules.count()
    fig.rule_names = [n for n in rules.order_by("held_on").values_list("rule_name", flat=True) if n]
    fig.campaigns = follow_ups.filter(kind=FollowUp.Kind.CAMPAIGN).count()
    fig.previous_issued = year_letters(court, year - 1, subtree=subtree).count()
    _add_scoring(fig, letters)
    return fig


def _add_scoring(fig: AnnualFigures, letters: QuerySet[Suggestion]) -> None:
    from fengqiao.evaluation.models import Score
    from fengqiao.evaluation.rules import PASS_MARK
    from fengqiao.selection.models import Nomination, Round, Tier

    averages = [
        avg
        for avg in Score.objects.filter(suggestion__in=letters)
        .order_by()
        .values("suggestion")
        .annotate(avg=Avg("total"))
        .values_list("avg", flat=True)
    ]
    fig.scored = len(averages)
    fig.quality_mean = round(sum(averages) / len(averages), 1) if averages else None
    fig.quality_passed = sum(1 for a in averages if a > PASS_MARK)
    tiers = dict(Tier.choices)
    awarded = (
        Nomination.objects.filter(suggestion__in=letters, round__state=Round.State.FINISHED)
        .exclude(tier="")
        .order_by()
        .values("tier")
        .annotate(n=Count("id"))
    )
    by_tier = {r["tier"]: r["n"] for r in awarded}
    fig.awards = [Row(tiers[t], by_tier[t]) for t in Tier.values if by_tier.get(t)]


@dataclass(frozen=True)
class TypicalLetter:
    doc_number: str
    title: str  # the shared version's title
    recipient: str
    problems: list[str]  # the shared version's problem headings
    measures: list[str]  # what the recipient did per adopted item, from the shared reply
    effect: str  # the measured effect's summary, "" when the window is too short
    excellent: bool  # labelled 优秀 by a selection round


_ADOPTED_LINE = re.compile(r"^第\d+条：(?:采纳|部分采纳)（(.+)）$")


def _headings(text: str, limit: int = 3) -> list[str]:
    """The first clause of each numbered item of a shared section ("一、……。……")."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^[一二三四五六七八九十]+、", "", line.strip())
        if line:
            out.append(re.split(r"[。；;]", line, maxsplit=1)[0][:60])
    return out[:limit]


def typical_letters(court: Court, year: int, *, subtree: bool = False, limit: int = 3):
    """The year's typical suggestions, from the library's shared versions: letters whose entry
    has been reviewed and released, with the most adopted items in their latest reply (ties:
    the earlier 文号); what the recipient did and the measured effect travel with them. The
    report prints the shared (anonymised) text only, as other courts read it."""
    from fengqiao.library.models import LibraryEntry
    from fengqiao.mining.selectors import suggestion_effect
    from fengqiao.suggestions.models import ItemOutcome

    letters = (
        year_letters(court, year, subtree=subtree)
        .filter(
            replies__isnull=False,
            library_entry__status=LibraryEntry.Status.RELEASED,
        )
        .distinct()
        .select_related("recipient", "court", "library_entry")
        .prefetch_related("replies__items")
    )
    ranked = []
    for letter in letters:
        reply = max(letter.replies.all(), key=lambda r: (r.received_on, r.id))
        adopted = sum(
            1 for i in reply.items.all() if i.outcome in (ItemOutcome.ADOPTED, ItemOutcome.PARTLY)
        )
        if adopted:
            ranked.append((-adopted, letter.number_seq or 0, letter.pk, letter))
    out = []
    for *_, letter in sorted(ranked, key=lambda r: r[:3])[:limit]:
        entry = letter.library_entry
        measures = [
            m.group(1)
            for line in entry.text("reply").splitlines()
            if (m := _ADOPTED_LINE.match(line.strip()))
        ]
        effect = suggestion_effect(letter)
        out.append(
            TypicalLetter(
                doc_number=letter.doc_number,
                title=entry.title,
                recipient=letter.recipient.name,
                problems=_headings(entry.text("problems")),
                measures=measures,
                effect=effect.summary if effect is not None and effect.sufficient else "",
                excellent=entry.excellent,
            )
        )
    return out
