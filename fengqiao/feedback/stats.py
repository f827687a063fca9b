"""Significance tests for 反馈分析, with one stated decision rule (shown on the page).

Two groups of letters are compared: adopted (采纳或部分采纳) and the others.

* Yes/no facts (事前沟通, 附案例): a 2×2 table. Fewer than :data:`MIN_TABLE_N` letters →
  no test (“样本不足，无法检验”); a row or column all zero → no test; any expected count
  below :data:`MIN_EXPECTED` → Fisher's exact test; otherwise the chi-square test (Yates'
  continuity correction, as scipy applies to 2×2 tables).
* Figures (条数, 用时): the Mann–Whitney U test (two-sided), only when each group has at least
  :data:`MIN_GROUP_N` values; otherwise no test.

A p-value below :data:`ALPHA` is reported as a significant difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_TABLE_N = 10
MIN_EXPECTED = 5
MIN_GROUP_N = 5
ALPHA = 0.05

NOT_ENOUGH = "样本不足，无法检验"

RULE_TEXT = (
    f"检验规则：是/否类指标用2×2列联表，样本少于{MIN_TABLE_N}件不检验，"
    f"任一期望频数小于{MIN_EXPECTED}用Fisher精确检验，否则用卡方检验（Yates连续性校正）；"
    f"数值类指标用Mann–Whitney U检验（双侧），每组至少{MIN_GROUP_N}件才检验；"
    f"p<{ALPHA}视为差异显著。"
)


@dataclass(frozen=True)
class TestResult:
    method: str  # "" when no test was run
    p: float | None
    verdict: str

    @property
    def p_text(self) -> str:
        return "" if self.p is None else f"{self.p:.3f}"


def _verdict(p: float) -> str:
    return "差异显著" if p < ALPHA else "差异不显著"


def table_test(a_yes: int, a_no: int, b_yes: int, b_no: int) -> TestResult:
    """Group A (yes, no) against group B (yes, no)."""
    table = [[a_yes, a_no], [b_yes, b_no]]
    n = a_yes + a_no + b_yes + b_no
    if n < MIN_TABLE_N:
        return TestResult("", None, NOT_ENOUGH)
    rows = [a_yes + a_no, b_yes + b_no]
    cols = [a_yes + b_yes, a_no + b_no]
    if 0 in rows or 0 in cols:
        return TestResult("", None, "一组或一类为零，无法检验")
    expected = [r * c / n for r in rows for c in cols]
    from scipy import stats

    if min(expected) < MIN_EXPECTED:
        p = float(stats.fisher_exact(table).pvalue)
        return TestResult("Fisher精确检验", p, _verdict(p))
    p = float(stats.chi2_contingency(table).pvalue)
    return TestResult("卡方检验", p, _verdict(p))


def rank_test(a: list[float], b: list[float]) -> TestResult:
    if len(a) < MIN_GROUP_N or len(b) < MIN_GROUP_N:
        return TestResult("", None, NOT_ENOUGH)
    if len(set(a) | set(b)) == 1:
        return TestResult("Mann–Whitney U检验", 1.0, "两组数值完全相同，差异不显著")
    from scipy import stats

    p = float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
    if math.isnan(p):
        return TestResult("Mann–Whitney U检验", None, "无法计算")
    return TestResult("Mann–Whitney U检验", p, _verdict(p))


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
