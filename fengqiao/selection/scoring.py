"""The rules of a selection round, as plain functions (no database): reviewer assignment,
outlier flags, the ranking with its tie rules, and the tiers.

Every rule is here once; services call these and tests exercise them directly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

# Every entry is read by this many reviewers (the issue: "at least three independent scores").
REVIEWERS_PER_ENTRY = 3

# Outlier rule (chosen): a submitted total is an outlier when it lies more than OUTLIER_POINTS
# points (on the 100-point scale) from the median of ALL the submitted totals of the same entry.
# With three reviewers an IQR says nothing, and the median of the *other* two is their mean, so
# one wild score would drag a sound one over the line too (80, 82, 50: the 82 is 17 from 65);
# the median of all three is the middle score, which is never flagged, and only a score far from
# it is: 50 among 80 and 82 is flagged, a spread of 70/80/90 is not.
OUTLIER_POINTS = 15.0

# Outliers are left out of an entry's mean only when at least MIN_KEPT scores remain;
# otherwise every score counts (an entry is never ranked on fewer than three opinions).
MIN_KEPT = 3


def outlier_flags(totals: Sequence[float]) -> list[bool]:
    """For each total: is it more than OUTLIER_POINTS from the median of the entry's totals?"""
    if len(totals) < 2:
        return [False] * len(totals)
    middle = median(totals)
    return [abs(value - middle) > OUTLIER_POINTS for value in totals]


@dataclass
class EntryResult:
    key: int  # the nomination id
    order: tuple  # nomination order (earlier first): the last tie rule
    totals: list[float]
    outliers: list[bool] = field(default_factory=list)
    used: list[float] = field(default_factory=list)
    mean: float = 0.0
    median: float = 0.0
    minimum: float = 0.0
    rank: int = 0
    tier: str = ""


def entry_result(key: int, order: tuple, totals: Sequence[float]) -> EntryResult:
    """An entry's figures: outliers flagged; the mean, median and minimum of the scores used
    (the non-outliers when at least MIN_KEPT remain, else all of them)."""
    totals = list(totals)
    flags = outlier_flags(totals)
    kept = [t for t, f in zip(totals, flags, strict=True) if not f]
    used = kept if len(kept) >= MIN_KEPT else totals
    return EntryResult(
        key=key,
        order=order,
        totals=totals,
        outliers=flags,
        used=used,
        mean=round(sum(used) / len(used), 2) if used else 0.0,
        median=round(median(used), 2) if used else 0.0,
        minimum=round(min(used), 2) if used else 0.0,
    )


def rank_entries(
    entries: list[EntryResult], awards: Sequence[tuple[str, int]]
) -> list[EntryResult]:
    """Best first: higher mean (to 0.01), then higher median, then higher minimum, then the
    earlier nomination. Tiers are given down the list by the numbers of awards per tier
    (一等, 二等, 三等, 优秀奖); the rest get no award. Ranks are 1, 2, 3… (the tie rules leave
    no two entries equal)."""
    ordered = sorted(entries, key=lambda e: (-e.mean, -e.median, -e.minimum, e.order))
    tiers: list[str] = [tier for tier, count in awards for _ in range(max(0, count))]
    for i, entry in enumerate(ordered):
        entry.rank = i + 1
        entry.tier = tiers[i] if i < len(tiers) else ""
    return ordered


def entry_codes(round_id: int, nomination_ids: Sequence[int]) -> dict[int, int]:
    """The blind codes 1..N: an order that is fixed for the round but does not follow the order
    of nomination (so a code does not hint at which court nominated early)."""

    def digest(pk: int) -> str:
        return hashlib.sha256(f"selection:{round_id}:{pk}".encode()).hexdigest()

    return {pk: i + 1 for i, pk in enumerate(sorted(nomination_ids, key=digest))}


class NotEnoughReviewers(ValueError):
    def __init__(self, entry: int, eligible: int):
        self.entry, self.eligible = entry, eligible
        super().__init__(entry, eligible)


def assign(
    entries: Sequence[tuple[int, int]],
    reviewers: Sequence[tuple[int, int]],
    per_entry: int = REVIEWERS_PER_ENTRY,
) -> dict[int, list[int]]:
    """Reviewers for each entry. ``entries``: (entry key, nominating court id) in code order;
    ``reviewers``: (user id, court id). Nobody reviews an entry of their own court; each entry
    gets ``per_entry`` reviewers; the load is balanced (the least loaded eligible reviewers are
    taken, ties by user id); the most constrained entries (fewest eligible reviewers) are
    served first. Deterministic. Raises NotEnoughReviewers for the first entry that cannot be
    served."""
    load = {uid: 0 for uid, _ in reviewers}
    eligible = {
        key: sorted(uid for uid, court in reviewers if court != entry_court)
        for key, entry_court in entries
    }
    position = {key: i for i, (key, _) in enumerate(entries)}
    for key, _ in entries:
        if len(eligible[key]) < per_entry:
            raise NotEnoughReviewers(key, len(eligible[key]))
    out: dict[int, list[int]] = {}
    for key in sorted(eligible, key=lambda k: (len(eligible[k]), position[k])):
        chosen = sorted(eligible[key], key=lambda uid: (load[uid], uid))[:per_entry]
        for uid in chosen:
            load[uid] += 1
        out[key] = sorted(chosen)
    return out
