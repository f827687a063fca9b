"""反馈分析: what the replies say, over the letters the user may see.

Definitions (shown on the page):

* The letters analysed are the delivered ones (送达 and after) the user may see
  (``suggestions_visible``: own court, and a superior court's subtree once signed), filtered
  by court (with its subtree) and by 编号年度.
* Adoption is counted **per item, in the latest reply** of each letter
  (``suggestions.selectors.latest_reply_items``); the rate is (采纳 + 部分采纳) / items answered —
  the dashboard's rate.
* A letter is *adopted* when its latest reply adopts (fully or partly) at least one item; the
  *others* are the replied letters adopting none and the letters with no reply
  (``no_reply_q``: overdue, or taken on without one). Letters still within their reply period
  are in neither group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fengqiao.core.params import id_param, year_param
from fengqiao.courts.models import Court, UnitKind
from fengqiao.courts.selectors import can_see_court
from fengqiao.feedback import stats
from fengqiao.feedback.measures import specific_share
from fengqiao.suggestions.letters import letter_items
from fengqiao.suggestions.models import (
    REASON_OUTCOMES,
    Category,
    ItemOutcome,
    OutcomeReason,
    PreCommunication,
    Suggestion,
    SuggestionVersion,
)
from fengqiao.suggestions.policy import DELIVERED_STATES
from fengqiao.suggestions.selectors import latest_reply_items, suggestions_visible

ADOPTING = (ItemOutcome.ADOPTED, ItemOutcome.PARTLY)
UNCLASSIFIED = "未分析"


@dataclass
class AnalysisFilters:
    court: int | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_query(cls, params) -> AnalysisFilters:
        return cls(
            court=id_param(params, "court"),
            year_from=year_param(params, "year_from"),
            year_to=year_param(params, "year_to"),
        )

    def querystring(self) -> str:
        from urllib.parse import urlencode

        pairs = {"court": self.court, "year_from": self.year_from, "year_to": self.year_to}
        return urlencode({k: v for k, v in pairs.items() if v})


def letters_in_scope(user, filters: AnalysisFilters) -> QuerySet[Suggestion]:
    """The delivered letters the user may see, filtered; a court the user may not see → 404."""
    rows = suggestions_visible(user).filter(state__in=DELIVERED_STATES)
    if filters.court:
        if not can_see_court(user, filters.court):
            raise Http404("没有该法院或无权查看。")
        court = Court.objects.get(pk=filters.court)
        rows = rows.filter(court__path__startswith=court.path)
    if filters.year_from:
        rows = rows.filter(number_year__gte=filters.year_from)
    if filters.year_to:
        rows = rows.filter(number_year__lte=filters.year_to)
    return rows


# ---- per-letter facts ------------------------------------------------------------------------


@dataclass
class LetterFacts:
    pk: int
    title: str
    doc_number: str
    court: str
    category: str
    domain: str
    recipient: str
    recipient_kind: str
    year: int | None
    outcomes: Counter = field(default_factory=Counter)  # latest reply, per item
    reasons: Counter = field(default_factory=Counter)  # reason label → items (non-adopted)
    item_reasons: Counter = field(default_factory=Counter)  # (reason label, outcome) → items
    replied: bool = False
    no_reply: bool = False
    no_reply_reason: str = ""
    precomm: bool = False
    n_items: int = 0
    specific: float | None = None
    cases: int = 0
    days_to_send: int | None = None
    reply_days: int | None = None

    @property
    def answered(self) -> int:
        return sum(self.outcomes.values())

    @property
    def adopting(self) -> int:
        return sum(self.outcomes[o] for o in ADOPTING)

    @property
    def group(self) -> str | None:
        """ "adopted", "others" or None (still within the reply period)."""
        if self.replied:
            return "adopted" if self.adopting else "others"
        return "others" if self.no_reply else None

    @property
    def url(self) -> str:
        return reverse("suggestions:detail", args=[self.pk])

    @property
    def label(self) -> str:
        return self.doc_number or self.title


def _created_day(value) -> date | None:
    return timezone.localdate(value) if value else None


def letter_facts(letters: QuerySet[Suggestion], today: date | None = None) -> list[LetterFacts]:
    """One row of facts per letter, in a fixed number of queries."""
    today = today or timezone.localdate()
    rows = list(
        letters.select_related("court", "recipient", "clue")
        .annotate(
            n_cases=Count("cases", distinct=True),
            first_delivered=Min("deliveries__delivered_on"),
        )
        .order_by("pk")
    )
    if not rows:
        return []
    ids = [s.pk for s in rows]
    scope = Suggestion.objects.filter(pk__in=ids)
    items = latest_reply_items(scope).values_list("reply__suggestion_id", "outcome", "reason")
    no_reply = set(scope.no_reply(today).values_list("pk", flat=True))
    precomm = set(
        PreCommunication.objects.filter(suggestion_id__in=ids).values_list(
            "suggestion_id", flat=True
        )
    )
    newest = SuggestionVersion.objects.filter(suggestion=OuterRef("suggestion")).order_by("-number")
    contents = dict(
        SuggestionVersion.objects.filter(
            suggestion_id__in=ids, pk=Subquery(newest.values("pk")[:1])
        ).values_list("suggestion_id", "content")
    )
    reason_label = dict(OutcomeReason.choices)
    facts: dict[int, LetterFacts] = {}
    for s in rows:
        texts = [
            f"{i.heading}{i.body}"
            for i in letter_items(contents.get(s.pk, {}).get("suggestions", []))
        ]
        start = _created_day(s.clue.created_at) if s.clue else _created_day(s.created_at)
        sent = s.first_delivered or s.delivered_on
        facts[s.pk] = LetterFacts(
            pk=s.pk,
            title=s.title,
            doc_number=s.doc_number,
            court=s.court.name,
            category=s.get_category_display(),
            domain=s.domain or "未填",
            recipient=s.recipient.name,
            recipient_kind=s.recipient.get_kind_display(),
            year=s.number_year,
            replied=s.replied_on is not None,
            no_reply=s.pk in no_reply,
            no_reply_reason=reason_label.get(s.no_reply_reason, UNCLASSIFIED),
            precomm=s.pk in precomm,
            n_items=len(texts),
            specific=specific_share(texts),
            cases=s.n_cases,
            days_to_send=(sent - start).days if sent and start else None,
            reply_days=(s.replied_on - sent).days if s.replied_on and sent else None,
        )
    for suggestion_id, outcome, reason in items:
        fact = facts[suggestion_id]
        fact.replied = True  # (a reply registered without items still counts as a reply)
        fact.outcomes[outcome] += 1
        if outcome in REASON_OUTCOMES:
            label = reason_label.get(reason, UNCLASSIFIED)
            fact.reasons[label] += 1
            fact.item_reasons[(label, outcome)] += 1
    return list(facts.values())


# ---- tables --------------------------------------------------------------------------------


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    note: str = ""
    links: list[str] = field(default_factory=list)  # per row (typical letters), else empty

    @property
    def linked_rows(self) -> list[tuple[str, list]]:
        return [(self.links[i] if self.links else "", row) for i, row in enumerate(self.rows)]


ADOPTION_HEADERS = [
    "分组",
    "送达件数",
    "已回复件数",
    "未回复件数",
    "答复条数",
    "采纳",
    "部分采纳",
    "未采纳",
    "说明理由",
    "采纳率（含部分采纳）",
]


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.1%}" if denominator else "—"


def _adoption_row(label: str, letters: list[LetterFacts]) -> list:
    outcomes: Counter = Counter()
    for f in letters:
        outcomes.update(f.outcomes)
    answered = sum(outcomes.values())
    adopting = outcomes[ItemOutcome.ADOPTED] + outcomes[ItemOutcome.PARTLY]
    return [
        label,
        len(letters),
        sum(1 for f in letters if f.replied),
        sum(1 for f in letters if f.no_reply),
        answered,
        outcomes[ItemOutcome.ADOPTED],
        outcomes[ItemOutcome.PARTLY],
        outcomes[ItemOutcome.NOT_ADOPTED],
        outcomes[ItemOutcome.EXPLAINED],
        _rate(adopting, answered),
    ]


DIMENSIONS: list[tuple[str, str, Callable[[LetterFacts], object], list | None]] = [
    ("category", "按类别", lambda f: f.category, [label for _, label in Category.choices]),
    ("domain", "按专业领域", lambda f: f.domain, None),
    (
        "recipient_kind",
        "按被建议单位类型",
        lambda f: f.recipient_kind,
        [label for _, label in UnitKind.choices],
    ),
    ("court", "按法院", lambda f: f.court, None),
    ("year", "按编号年度", lambda f: f.year or "未编号", None),
]


def adoption_table(key: str, title: str, facts: list[LetterFacts], by, order) -> Table:
    groups: dict[object, list[LetterFacts]] = defaultdict(list)
    for f in facts:
        groups[by(f)].append(f)
    keys = [k for k in order if k in groups] if order else sorted(groups, key=str)
    rows = [_adoption_row(str(k), groups[k]) for k in keys]
    if facts:
        rows.append(_adoption_row("合计", facts))
    return Table(key, f"采纳情况{title}", ADOPTION_HEADERS, rows)


def _describe_share(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)}（{_rate(sum(values), len(values))}）" if values else "—"


def _describe_median(values: list[float], unit: str) -> str:
    m = stats.median(values)
    if m is None:
        return "—"
    shown = f"{m:.0%}" if unit == "%" else f"{m:g}{unit}"
    return f"中位数 {shown}（{len(values)}件）"


def comparison_table(facts: list[LetterFacts]) -> Table:
    adopted = [f for f in facts if f.group == "adopted"]
    others = [f for f in facts if f.group == "others"]
    rows: list[list] = []

    def yes_no(label: str, test: Callable[[LetterFacts], bool]) -> None:
        a = [test(f) for f in adopted]
        b = [test(f) for f in others]
        result = stats.table_test(sum(a), len(a) - sum(a), sum(b), len(b) - sum(b))
        rows.append(
            [
                label,
                _describe_share(a),
                _describe_share(b),
                result.method,
                result.p_text,
                result.verdict,
            ]
        )

    def figure(
        label: str,
        value: Callable[[LetterFacts], float | None],
        unit: str,
        pool_b: list[LetterFacts] | None = None,
    ) -> None:
        a = [v for f in adopted if (v := value(f)) is not None]
        b = [v for f in (others if pool_b is None else pool_b) if (v := value(f)) is not None]
        result = stats.rank_test(a, b)
        rows.append(
            [
                label,
                _describe_median(a, unit),
                _describe_median(b, unit),
                result.method,
                result.p_text,
                result.verdict,
            ]
        )

    yes_no("进行了事前沟通", lambda f: f.precomm)
    yes_no("附有案例", lambda f: f.cases > 0)
    figure("建议条数", lambda f: f.n_items or None, "条")
    figure("具体建议占比", lambda f: f.specific, "%")
    figure("附案例数", lambda f: f.cases, "件")
    figure("制发用时（线索/立项至送达，天）", lambda f: f.days_to_send, "天")
    figure(
        "答复用时（送达至回复，天；仅已回复）",
        lambda f: f.reply_days,
        "天",
        pool_b=[f for f in others if f.replied],
    )
    return Table(
        "comparison",
        f"采纳的建议书与其余建议书的比较（采纳 {len(adopted)} 件，其余 {len(others)} 件）",
        ["指标", "采纳（含部分采纳）", "其余（未采纳或未回复）", "检验方法", "p值", "结论"],
        rows,
        note=stats.RULE_TEXT,
    )


REASON_HEADERS = [
    "原因",
    "部分采纳（条）",
    "未采纳（条）",
    "说明理由（条）",
    "未回复（件）",
    "合计",
]


def reasons_table(facts: list[LetterFacts]) -> Table:
    per: dict[str, Counter] = defaultdict(Counter)
    for f in facts:
        for (label, outcome), n in f.item_reasons.items():
            per[label][outcome] += n
        if f.no_reply:
            per[f.no_reply_reason]["no_reply"] += 1
    labels = [label for _, label in OutcomeReason.choices] + [UNCLASSIFIED]
    rows = []
    for label in labels:
        c = per.get(label, Counter())
        row = [
            label,
            c[ItemOutcome.PARTLY],
            c[ItemOutcome.NOT_ADOPTED],
            c[ItemOutcome.EXPLAINED],
            c["no_reply"],
        ]
        rows.append([*row, sum(row[1:])])
    total = ["合计", *[sum(r[i] for r in rows) for i in range(1, 6)]]
    return Table(
        "reasons",
        "未采纳、部分采纳和未回复的原因",
        REASON_HEADERS,
        [*rows, total],
        note="按最新回函逐条统计；未回复按件统计。原因由研究室从列表中选定，“未分析”为尚未选定。",
    )


def typical_tables(facts: list[LetterFacts], limit: int = 5) -> list[Table]:
    adopted = sorted(
        (f for f in facts if f.group == "adopted"),
        key=lambda f: (-f.adopting / max(f.answered, 1), -f.adopting, -f.pk),
    )[:limit]
    failed = sorted(
        (f for f in facts if f.group == "others"),
        key=lambda f: (not f.no_reply, -f.answered, -f.pk),
    )[:limit]
    headers = ["建议书", "法院", "被建议单位", "领域", "采纳情况", "原因"]

    def outcome_text(f: LetterFacts) -> str:
        if not f.replied:
            return "未回复"
        return f"采纳或部分采纳 {f.adopting}/{f.answered} 条"

    def reason_text(f: LetterFacts) -> str:
        if not f.replied:
            return f.no_reply_reason
        return "、".join(f"{label}{n}条" for label, n in f.reasons.most_common())

    def table(key: str, title: str, rows: list[LetterFacts]) -> Table:
        return Table(
            key,
            title,
            headers,
            [
                [f.label, f.court, f.recipient, f.domain, outcome_text(f), reason_text(f)]
                for f in rows
            ],
            links=[f.url for f in rows],
        )

    return [
        table("successes", "典型成功：采纳比例最高的建议书", adopted),
        table("failures", "典型未采纳：未回复或未采纳的建议书", failed),
    ]


@dataclass
class Analysis:
    facts: list[LetterFacts]
    adoption: list[Table]
    comparison: Table
    reasons: Table
    typical: list[Table]

    @property
    def tables(self) -> list[Table]:
        return [*self.adoption, self.comparison, self.reasons, *self.typical]

    def charts(self) -> list[dict]:
        """ECharts options (data only; drawn by static/fengqiao/charts.js)."""
        charts = []
        for table in self.adoption:
            rows = [r for r in table.rows if r[0] != "合计"]
            charts.append(
                {
                    "id": f"chart-{table.key}",
                    "source_id": f"chart-{table.key}-data",
                    "title": table.title,
                    "option": {
                        "tooltip": {"trigger": "axis"},
                        "legend": {},
                        "grid": {"left": 40, "right": 40, "bottom": 90},
                        "xAxis": {
                            "type": "category",
                            "data": [r[0] for r in rows],
                            "axisLabel": {"interval": 0, "rotate": 30},
                        },
                        "yAxis": [
                            {"type": "value", "name": "条", "minInterval": 1},
                            {"type": "value", "name": "采纳率%", "max": 100},
                        ],
                        "series": [
                            {
                                "name": "答复条数",
                                "type": "bar",
                                "data": [r[4] for r in rows],
                                "itemStyle": {"color": "#c9a9a9"},
                            },
                            {
                                "name": "采纳（含部分）",
                                "type": "bar",
                                "data": [r[5] + r[6] for r in rows],
                                "itemStyle": {"color": "#8b1a1a"},
                            },
                            {
                                "name": "采纳率%",
                                "type": "line",
                                "yAxisIndex": 1,
                                "data": [
                                    round((r[5] + r[6]) * 100 / r[4], 1) if r[4] else None
                                    for r in rows
                                ],
                            },
                        ],
                    },
                }
            )
        reason_rows = [r for r in self.reasons.rows if r[0] != "合计" and r[-1]]
        charts.append(
            {
                "id": "chart-reasons",
                "source_id": "chart-reasons-data",
                "title": self.reasons.title,
                "option": {
                    "tooltip": {"trigger": "item"},
                    "legend": {"bottom": 0},
                    "series": [
                        {
                            "type": "pie",
                            "radius": "60%",
                            "data": [{"name": r[0], "value": r[-1]} for r in reason_rows],
                        }
                    ],
                },
            }
        )
        return charts


def analysis(user, filters: AnalysisFilters, today: date | None = None) -> Analysis:
    letters = letters_in_scope(user, filters)
    facts = letter_facts(letters, today)
    return Analysis(
        facts=facts,
        adoption=[
            adoption_table(key, title, facts, by, order) for key, title, by, order in DIMENSIONS
        ],
        comparison=comparison_table(facts),
        reasons=reasons_table(facts),
        typical=typical_tables(facts),
    )


# ---- the lesson for the drafter ------------------------------------------------------------


@dataclass
class Lesson:
    domain: str
    kind_label: str
    letters: int
    answered: int
    adopting: int
    examples: list[LetterFacts]

    @property
    def rate(self) -> str:
        return _rate(self.adopting, self.answered)


def lesson_for(user, *, domain: str, kind: str, examples: int = 3) -> Lesson:
    """Adoption of the user's visible letters of this domain and kind of recipient, and the
    letters adopted best, as examples for the drafter."""
    letters = suggestions_visible(user).filter(state__in=DELIVERED_STATES)
    if domain:
        letters = letters.filter(domain=domain)
    if kind:
        letters = letters.filter(recipient__kind=kind)
    facts = letter_facts(letters)
    adopted = [f for f in facts if f.group == "adopted"]
    best = sorted(adopted, key=lambda f: (-f.adopting / max(f.answered, 1), -f.pk))[:examples]
    return Lesson(
        domain=domain,
        kind_label=dict(UnitKind.choices).get(kind, ""),
        letters=len(facts),
        answered=sum(f.answered for f in facts),
        adopting=sum(f.adopting for f in facts),
        examples=best,
    )


def court_choices(user) -> Iterable[Court]:
    from fengqiao.courts.selectors import visible_courts

    return visible_courts(user).order_by("path")
