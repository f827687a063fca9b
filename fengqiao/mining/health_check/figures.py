"""The report's figures: sides and results, counts by period and 案由, amounts.

Definitions (also printed in the report):

* **Side**: the entity's role folded by :func:`fengqiao.mining.features.party_side` —
  原告 (原告, 申请人, 上诉人（原审原告）…), 被告 (被告, 被申请人, 被告单位, 被执行人…),
  第三人, 其他 (e.g. an appeal role without the first-instance role).
* **Loss rate (败诉率)** = lost ÷ cases with a determinable judgment result, per side (see
  :data:`LOSS_RATE_DEFINITION`); 调解 and 撤诉 are counted apart and left out of the denominator,
  as are results that say nothing about who won (维持, 改判, 发回重审, 准许, empty …).
* **Amount of a case** = the largest amount found in the judgment (parsers list every figure —
  claim, award, fees — so a sum would double count).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fengqiao.mining.features import party_side

from .inputs import EntityCase, HealthCheckInput, PatternLike
from .org_kind import org_kind

if TYPE_CHECKING:
    from .findings import Finding
    from .problems import RecurringProblem
    from .risks import RiskPoint

SIDES = ("原告", "被告", "第三人", "其他")
SIDE_LABELS = {
    "原告": "作为原告（含申请人）",
    "被告": "作为被告（含被申请人、被告单位）",
    "第三人": "作为第三人",
    "其他": "其他诉讼地位",
}
LOST, WON, SETTLED, UNDETERMINED = "败诉", "胜诉", "调解、撤诉", "结果未判定"
RESULTS = (LOST, WON, SETTLED, UNDETERMINED)

_SETTLED = {"调解", "撤诉"}
_DEFENDANT_LOST = {"支持", "部分支持", "有罪", "免予刑事处罚", "撤销", "确认违法"}
_DEFENDANT_WON = {"驳回", "驳回起诉", "不予受理", "无罪"}
_PLAINTIFF_LOST = {"驳回", "驳回起诉", "不予受理"}
_PLAINTIFF_WON = {"支持", "部分支持", "撤销", "确认违法"}

LOSS_RATE_DEFINITION = (
    "败诉率＝败诉案件数÷裁判结果可判定胜败的案件数。作为被告（含被申请人、被告单位）时，"
    "对方诉讼请求获得全部或部分支持、被判有罪或者行政行为被撤销、确认违法的，计为败诉；"
    "作为原告（含申请人）时，诉讼请求被驳回、起诉被驳回或不予受理的，计为败诉。"
    "以调解、撤诉方式结案以及结果不能反映胜败（如维持、发回重审）的案件不计入分母，单列统计。"
)


def entity_side(role: str) -> str:
    """原告 | 被告 | 第三人 | 其他 for the entity's role string."""
    side = party_side(role)
    return side if side in SIDES else "其他"


def case_result(side: str, outcome: str) -> str:
    """败诉 | 胜诉 | 调解、撤诉 | 结果未判定 for the entity (see the module docstring)."""
    outcome = (outcome or "").strip()
    if outcome in _SETTLED:
        return SETTLED
    if side == "被告":
        if outcome in _DEFENDANT_LOST:
            return LOST
        if outcome in _DEFENDANT_WON:
            return WON
    elif side == "原告":
        if outcome in _PLAINTIFF_LOST:
            return LOST
        if outcome in _PLAINTIFF_WON:
            return WON
    return UNDETERMINED


# ------------------------------------------------------------------ figures


@dataclass
class SideStats:
    side: str
    total: int = 0
    lost: int = 0
    won: int = 0
    settled: int = 0
    undetermined: int = 0

    @property
    def decided(self) -> int:
        return self.lost + self.won

    @property
    def loss_rate(self) -> float | None:
        return self.lost / self.decided if self.decided else None

    def add(self, result: str) -> None:
        self.total += 1
        if result == LOST:
            self.lost += 1
        elif result == WON:
            self.won += 1
        elif result == SETTLED:
            self.settled += 1
        else:
            self.undetermined += 1


@dataclass
class CauseStats:
    cause: str
    count: int = 0
    by_side: dict[str, SideStats] = field(default_factory=dict)

    def side(self, side: str) -> SideStats:
        return self.by_side.setdefault(side, SideStats(side))


@dataclass(frozen=True)
class AmountStats:
    cases_with_amount: int
    cases_without_amount: int
    total: float
    median: float | None
    mean: float | None
    maximum: float | None
    maximum_case_no: str | None
    buckets: list[tuple[str, int, float]]  # (label, cases, sum)


@dataclass
class HealthCheckFigures:
    entity_name: str
    court_name: str
    period_from: date
    period_to: date
    total: int
    out_of_period: int
    undated: int
    by_side: dict[str, SideStats]
    overall: SideStats
    grain: str  # "quarter" | "year"
    periods: list[tuple[str, int]]
    by_year: list[dict[str, int]]
    recent_12: int | None
    previous_12: int | None
    causes: list[CauseStats]
    results: Counter
    amounts: AmountStats
    org_kind: str = ""
    scope: str = "本院"
    findings: list[Finding] = field(default_factory=list)
    problems: list[RecurringProblem] = field(default_factory=list)
    risks: list[RiskPoint] = field(default_factory=list)

    def cause_rows(self, top: int = 10) -> list[tuple[str, int]]:
        """(案由, count) for the top ``top`` causes plus one "其他" row for the rest."""
        rows = [(c.cause, c.count) for c in self.causes[:top]]
        rest = sum(c.count for c in self.causes[top:])
        if rest:
            rows.append(("其他", rest))
        return rows


AMOUNT_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("1万元以下", 0.0, 1e4),
    ("1万～10万元", 1e4, 1e5),
    ("10万～50万元", 1e5, 5e5),
    ("50万～100万元", 5e5, 1e6),
    ("100万～500万元", 1e6, 5e6),
    ("500万元以上", 5e6, math.inf),
)
LARGE_AMOUNT = 1e6


def _case_amount(case: EntityCase) -> float | None:
    values = [float(a) for a in case.amounts or () if a is not None and float(a) > 0]
    return max(values) if values else None


def _amount_stats(cases: Sequence[EntityCase]) -> AmountStats:
    pairs = [(a, c.case_no) for c in cases if (a := _case_amount(c)) is not None]
    values = [a for a, _ in pairs]
    buckets = []
    for label, lo, hi in AMOUNT_BUCKETS:
        inside = [v for v in values if lo <= v < hi]
        buckets.append((label, len(inside), sum(inside)))
    top = max(pairs, default=None)
    return AmountStats(
        cases_with_amount=len(values),
        cases_without_amount=len(cases) - len(values),
        total=sum(values),
        median=statistics.median(values) if values else None,
        mean=statistics.fmean(values) if values else None,
        maximum=top[0] if top else None,
        maximum_case_no=top[1] if top else None,
        buckets=buckets,
    )


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _wan(yuan: float) -> str:
    """Yuan as 万元 text: 12.35万元; small sums in 元."""
    if yuan < 1e4:
        return f"{yuan:,.0f}元"
    return f"{yuan / 1e4:,.2f}万元"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _periods(inp: HealthCheckInput, dated: Sequence[EntityCase]) -> tuple[str, list]:
    """Quarterly counts for periods up to 12 quarters, else yearly; empty periods included."""
    start, end = _quarter(inp.period_from), _quarter(inp.period_to)
    n_quarters = (end[0] - start[0]) * 4 + end[1] - start[1] + 1
    if n_quarters <= 12:
        counts = Counter(_quarter(c.decided_on) for c in dated)
        out = []
        y, q = start
        while (y, q) <= end:
            out.append((f"{y}Q{q}", counts.get((y, q), 0)))
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
        return "quarter", out
    counts = Counter(c.decided_on.year for c in dated)
    years = range(inp.period_from.year, inp.period_to.year + 1)
    return "year", [(f"{y}年", counts.get(y, 0)) for y in years]


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + (1 if b.day >= a.day - 1 else 0)


def compute_health_check(
    inp: HealthCheckInput, patterns: Sequence[PatternLike] | None = None
) -> HealthCheckFigures:
    """All figures of the report (no document): cases outside the period are left out."""
    cases = [
        c
        for c in inp.cases
        if c.decided_on is None or inp.period_from <= c.decided_on <= inp.period_to
    ]
    out_of_period = len(inp.cases) - len(cases)
    dated = [c for c in cases if c.decided_on is not None]
    by_side = {s: SideStats(s) for s in SIDES}
    overall = SideStats("合计")
    results: Counter = Counter()
    cause_map: dict[str, CauseStats] = {}
    year_rows: dict[int, dict[str, int]] = {}
    for c in cases:
        side = entity_side(c.role)
        result = case_result(side, c.outcome)
        by_side[side].add(result)
        overall.add(result)
        results[result] += 1
        cause = (c.cause or "").strip() or "案由不详"
        cs = cause_map.setdefault(cause, CauseStats(cause))
        cs.count += 1
        cs.side(side).add(result)
        if c.decided_on is not None:
            row = year_rows.setdefault(
                c.decided_on.year, {"year": c.decided_on.year, "total": 0, "lost": 0}
            )
            row["total"] += 1
            row[side] = row.get(side, 0) + 1
            row["lost"] += result == LOST
    causes = sorted(cause_map.values(), key=lambda s: (-s.count, s.cause))
    grain, periods = _periods(inp, dated)
    recent = previous = None
    if _months_between(inp.period_from, inp.period_to) >= 24:
        cut = inp.period_to - timedelta(days=365)
        cut2 = cut - timedelta(days=365)
        recent = sum(1 for c in dated if cut < c.decided_on <= inp.period_to)
        previous = sum(1 for c in dated if cut2 < c.decided_on <= cut)
    from .findings import find_findings, ground_patterns
    from .problems import extract_problems, problems_from_patterns
    from .risks import assess_risks

    if patterns:
        problems = problems_from_patterns(cases, patterns)
    else:
        problems = extract_problems(cases)
    figures = HealthCheckFigures(
        entity_name=inp.entity_name,
        court_name=inp.court_name,
        period_from=inp.period_from,
        period_to=inp.period_to,
        total=len(cases),
        out_of_period=out_of_period,
        undated=len(cases) - len(dated),
        by_side=by_side,
        overall=overall,
        grain=grain,
        periods=periods,
        by_year=[year_rows[y] for y in sorted(year_rows)],
        recent_12=recent,
        previous_12=previous,
        causes=causes,
        results=results,
        amounts=_amount_stats(cases),
        org_kind=org_kind(inp.entity_name),
        scope=inp.scope,
        problems=problems,
    )
    figures.findings = find_findings(cases)
    covered = ground_patterns(figures.findings)  # a problem a finding already names is not repeated
    figures.problems = [p for p in problems if not any(c.search(p.label) for c in covered)]
    figures.risks = assess_risks(figures, cases)
    return figures
