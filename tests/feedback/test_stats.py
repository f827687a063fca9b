"""The significance tests' decision rule (stats.py), on numbers checked against scipy."""

from __future__ import annotations

import pytest
from scipy import stats as sp

from fengqiao.feedback import stats
from fengqiao.feedback.measures import specific_cues, specific_share


def test_fewer_than_ten_letters_no_test():
    result = stats.table_test(2, 2, 2, 3)
    assert (result.method, result.p, result.verdict) == ("", None, "样本不足，无法检验")


def test_a_zero_margin_no_test():
    assert stats.table_test(5, 0, 6, 0).verdict == "一组或一类为零，无法检验"


def test_small_expected_counts_use_fisher():
    result = stats.table_test(8, 2, 1, 9)  # expected 4.5 in two cells
    assert result.method == "Fisher精确检验"
    assert result.p == pytest.approx(sp.fisher_exact([[8, 2], [1, 9]]).pvalue)
    assert result.p == pytest.approx(0.00548, abs=1e-4)
    assert result.verdict == "差异显著"


def test_large_enough_tables_use_chi_square():
    result = stats.table_test(20, 10, 10, 20)
    assert result.method == "卡方检验"
    assert result.p == pytest.approx(sp.chi2_contingency([[20, 10], [10, 20]]).pvalue)
    assert result.verdict == "差异显著"
    assert stats.table_test(10, 10, 10, 10).verdict == "差异不显著"


def test_rank_test_needs_five_per_group():
    assert stats.rank_test([1, 2, 3, 4], [5, 6, 7, 8, 9]).verdict == "样本不足，无法检验"
    result = stats.rank_test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    assert result.method == "Mann–Whitney U检验"
    assert result.p == pytest.approx(0.00794, abs=1e-4)
    assert result.verdict == "差异显著"
    assert stats.rank_test([3] * 5, [3] * 6).verdict.startswith("两组数值完全相同")


def test_median():
    assert stats.median([]) is None
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([30, 60]) == 45


def test_specificity_rule():
    assert specific_cues("建议进一步加强管理。") == []
    cues = specific_cues("建议会同街道每季度开展一次联合检查，建立问题台账，并于三个月内完成整改。")
    assert set(cues) == {"时限", "责任主体", "具体抓手", "数字"}
    assert specific_share([]) is None
    assert (
        specific_share(
            [
                "建议进一步加强管理。",
                "建议会同有关部门在三个月内制定专项管理办法，明确责任分工并组织实施。",
            ]
        )
        == 0.5
    )
