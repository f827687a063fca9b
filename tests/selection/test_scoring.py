"""The round's rules as plain functions: assignment, outliers, ranking with ties, tiers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fengqiao.selection import scoring


def test_outlier_is_more_than_15_points_from_the_median_of_the_entry():
    assert scoring.outlier_flags([80, 82, 50]) == [False, False, True]
    assert scoring.outlier_flags([70, 80, 90]) == [False, False, False]  # spread, no outlier
    assert scoring.outlier_flags([80, 80, 95.1]) == [False, False, True]
    assert scoring.outlier_flags([80, 80, 95]) == [False, False, False]  # exactly 15: kept
    assert scoring.outlier_flags([60, 82, 84]) == [True, False, False]


def test_outliers_leave_the_mean_only_when_three_scores_remain():
    four = scoring.entry_result(1, (1,), [80, 82, 84, 40])
    assert four.outliers == [False, False, False, True]
    assert four.used == [80, 82, 84] and four.mean == 82.0
    three = scoring.entry_result(2, (2,), [80, 82, 50])
    assert three.outliers == [False, False, True]
    assert three.used == [80, 82, 50] and three.mean == 70.67  # too few left: all count


def test_ties_broken_by_median_then_minimum_then_earlier_nomination():
    a = scoring.entry_result(1, (3,), [80, 80, 80])  # mean 80, median 80, min 80
    b = scoring.entry_result(2, (2,), [70, 85, 85])  # mean 80, median 85
    c = scoring.entry_result(3, (1,), [78, 80, 82])  # mean 80, median 80, min 78
    d = scoring.entry_result(4, (0,), [80, 80, 80])  # same as a, nominated earlier
    ranked = scoring.rank_entries([a, b, c, d], [("first", 1), ("second", 1), ("third", 1)])
    assert [e.key for e in ranked] == [2, 4, 1, 3]
    assert [e.rank for e in ranked] == [1, 2, 3, 4]
    assert [e.tier for e in ranked] == ["first", "second", "third", ""]


def test_tiers_follow_the_numbers_of_awards():
    entries = [scoring.entry_result(i, (i,), [90 - i] * 3) for i in range(7)]
    ranked = scoring.rank_entries(
        entries, [("first", 1), ("second", 2), ("third", 0), ("merit", 3)]
    )
    assert [e.tier for e in ranked] == ["first", "second", "second", "merit", "merit", "merit", ""]


def test_assignment_never_own_court_three_each_balanced_deterministic():
    entries = [(1, 10), (2, 10), (3, 20), (4, 30), (5, 20), (6, 40)]
    reviewers = [(100, 10), (101, 20), (102, 30), (103, 40), (104, 50)]
    plan = scoring.assign(entries, reviewers)
    court = dict(reviewers)
    entry_court = dict(entries)
    for key, uids in plan.items():
        assert len(uids) == 3 and len(set(uids)) == 3
        assert all(court[u] != entry_court[key] for u in uids)
    loads = [sum(u in uids for uids in plan.values()) for u, _ in reviewers]
    assert max(loads) - min(loads) <= 1  # 18 tasks over 5 reviewers: 3 or 4 each
    assert scoring.assign(entries, list(reversed(reviewers))) == plan


def test_assignment_refuses_when_fewer_than_three_eligible():
    with pytest.raises(scoring.NotEnoughReviewers) as info:
        scoring.assign([(1, 10), (2, 20)], [(100, 10), (101, 20), (102, 30)])
    assert info.value.entry == 1 and info.value.eligible == 2


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(st.integers(1, 5), min_size=1, max_size=12),
    reviewers=st.lists(st.integers(1, 6), min_size=4, max_size=10),
)
def test_assignment_property(entries, reviewers):
    entry_rows = [(i, c) for i, c in enumerate(entries)]
    reviewer_rows = [(100 + i, c) for i, c in enumerate(reviewers)]
    try:
        plan = scoring.assign(entry_rows, reviewer_rows)
    except scoring.NotEnoughReviewers as exc:
        assert sum(1 for _, c in reviewer_rows if c != entries[exc.entry]) < 3
        return
    court = dict(reviewer_rows)
    for key, uids in plan.items():
        assert len(set(uids)) == 3
        assert all(court[u] != entries[key] for u in uids)


def test_codes_are_a_fixed_permutation():
    codes = scoring.entry_codes(7, [11, 12, 13, 14])
    assert sorted(codes.values()) == [1, 2, 3, 4]
    assert scoring.entry_codes(7, [14, 13, 12, 11]) == codes
