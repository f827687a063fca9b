"""Hotspots: where cases concentrate more than they should, with a stated statistical test.

Counts
------
Cases are counted per *cell* and period (month and quarter; ``period_m``/``period_q`` of the
feature snapshot) in three families:

* ``entity_cause``: organisation entity × its side (原告/被告/…) × 案由 (distinct cases);
* ``cause_court``: 案由 × court (法院代字);
* ``domain``: trial domain (金融, 劳动, …) over the whole snapshot.

Counts are additive over disjoint partitions of cases (:func:`count_cells` per part,
:func:`combine_counts`), so the same code runs on one machine or on Dask.

Tests
-----
(a) **Spike against the cell's own history.** For cell *c* in period *t* with *y* cases, the
baseline is the sum *S* of the cell's counts in the *W* preceding periods (8 quarters / 12
months, at least 4 available). The expected count scales *S* by the volume of the reference in
*t* against those periods, ``μ = (S + ½)·R_t / R_hist``, which absorbs seasonality (春节,
year-end), growth and partial periods. The reference R is the whole snapshot for entity and
domain cells and the court's own caseload for 案由 × court cells (a month in which a court
decides 80 % more of everything is not a 案由 hotspot). The cell is part of its reference, which
makes the test slightly conservative for a cell that is a large share of its court (the "rest of
the court" would be exact but is too noisy when the rest is small). The p-value is the upper tail
``P(Y ≥ y)`` of a **negative binomial with mean μ and variance μ + α·μ² + μ²/(S + ½)**: the
Poisson part is chance, ``α·μ²`` is the extra-Poisson variation between periods that court data
always shows (batch filings, staffing), and ``μ²/(S+½)`` is the uncertainty of a baseline
estimated from *S* cases (with α = 0 this is exactly the Poisson–gamma predictive, NB with size
S + ½). α is estimated per family and grain by the method of moments on the tested cells with a
well-filled history (S ≥ 2W), trimming the 2 % largest contributions so that the hotspots
themselves do not inflate it. Why this test: the Poisson is the natural model for counts of
independent filings and the ratio to one's own reference-adjusted past is what a clerk means by
激增; a plain Poisson test (or a z-score) would flag every noisy cell because court counts are
over-dispersed and because baselines from a few cases are uncertain — the negative-binomial
variance fixes both, and as α → 0 and S → ∞ it reduces to the exact Poisson test.

(b) **Persistent excess against peers** (the last 4 complete quarters before ``as_of``). For an
entity the peers are the other entities of the same kind on the same side of the same 案由 *in
the same courts*: the expected count is their leave-one-out mean per court, summed over the
courts where the entity appears (its share of the local 案由 against its competitors'); where a
court has fewer than two such peers (an agency is alone in its district) the peers are all
entities of that kind, side and 案由. For a court the peers are the other courts and the expected
count is the court's own caseload times the median of the other courts' shares of that 案由
(indirect standardisation with a robust peer share: a second court with an excess of the same
案由 must not raise the bar). The same negative-binomial tail is used, with α estimated across the cells
(so an entity is flagged only beyond the natural spread of its peers' sizes), and *persistence*
requires the cell to exceed its per-quarter expectation in at least 3 of the 4 quarters.

The p-values get **Benjamini–Hochberg FDR** control over all families and grains of a test,
separately for the two tests: a research office looks at a list, and the FDR — the share of
false alarms among the reported hotspots — is the error rate of that list. The two tests are
corrected apart because their sizes differ by orders of magnitude (10⁵ spike cells, 10³ excess
cells on a million cases) and the power of the excess test is bounded by the spread of the
peers, not by volume: pooled, the excess list would drown in the spike list as the corpus grows.
The default is q ≤ 0.01, not 0.05: the target is at most one false alarm in twenty reported, and
a model of court counts is never exact (on the planted benchmark q ≤ 0.05 gave about 1.5 false
alarms per 20, q ≤ 0.01 about 0.6, with the same recall). Only cells with a window volume
``y + S ≥ min_total`` enter the BH family (independent filtering: the total carries little
information about how it splits between *t* and the history). A hotspot must also have
``y ≥ min_count`` (10) cases and a ratio ``y/μ ≥ min_ratio`` (2.0): significance without size
or strength is not worth a 司法建议.

Ranking and duplicates
----------------------
Score = log2(ratio) × √y (strength × volume). Hotspots are kept greedily by score; one that shares
≥ 80 % of the smaller and ≥ 50 % of the larger evidence set with a stronger kept hotspot (the
same cases seen at another grain — a month inside its quarter, an entity that makes up its
案由 × court spike) is suppressed and listed in the kept one's ``duplicates``. When the two are
the same cases (≥ 90 % of the larger set), the more specific description wins (an entity
before a 案由 × court, before a domain): it names whom a suggestion would go to.

Each :class:`Hotspot` carries its dimensions, period, observed/expected/ratio, p and q, a
plain-Chinese explanation, its evidence case ids and a series for an ECharts chart
(:meth:`Hotspot.echarts_option`).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from scipy.stats import nbinom

from fengqiao.mining.features import party_frame, period_bounds, period_code, period_label

__all__ = [
    "FAMILIES",
    "Hotspot",
    "HotspotConfig",
    "build_hotspots",
    "combine_counts",
    "count_cells",
    "evidence_for",
    "find_hotspots",
    "score_cells",
]

FAMILIES: dict[str, tuple[str, ...]] = {
    "entity_cause": ("entity", "side", "cause"),
    "cause_court": ("cause", "court_code"),
    "domain": ("domain",),
}
_PCOL = {"quarter": "period_q", "month": "period_m"}
_UNIT = {"quarter": "个季度", "month": "个月"}
_KIND_LABEL = {"company": "企业", "government": "机关", "organisation": "组织"}
_DIMS = ("d1", "d2", "d3")
_DIMS4 = ("d1", "d2", "d3", "d4")
_SPECIFIC = {"entity_cause": 0, "cause_court": 1, "domain": 2}
COUNT_SCHEMA = {
    "family": pl.String,
    "grain": pl.String,
    "period": pl.Int32,
    "d1": pl.String,
    "d2": pl.String,
    "d3": pl.String,
    "d4": pl.String,
    "org_kind": pl.String,
    "y": pl.Int64,
}


@dataclass(frozen=True)
class HotspotConfig:
    families: tuple[str, ...] = ("entity_cause", "cause_court", "domain")
    grains: tuple[str, ...] = ("quarter", "month")
    history_quarters: int = 8
    history_months: int = 12
    min_history: int = 4
    min_total: int = 10
    min_count: int = 10
    min_ratio: float = 2.0
    fdr: float = 0.01
    excess_window: int = 4  # quarters
    min_persist: int = 3
    min_peers: int = 5
    dedupe_inner: float = 0.8
    dedupe_outer: float = 0.5
    since: date | None = None  # report spikes of periods that end on or after this date
    as_of: date | None = None  # last day of the data (excess window ends at its last full quarter)
    series_periods: int = 24
    max_hotspots: int | None = None

    def history(self, grain: str) -> int:
        return self.history_quarters if grain == "quarter" else self.history_months


@dataclass
class Hotspot:
    id: str
    kind: str  # spike | excess
    family: str
    grain: str
    dimensions: dict[str, str]
    labels: dict[str, str]
    period: str  # 2025Q3 / 2025-03 / 2024Q4–2025Q3
    period_label: str
    period_start: date
    period_end: date
    observed: int
    expected: float
    ratio: float
    p_value: float
    q_value: float
    score: float
    explanation: str
    evidence_case_ids: list[int]
    series: dict[str, list[Any]]
    baseline_mean: float | None = None
    persist: int | None = None
    duplicates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["period_start"] = self.period_start.isoformat()
        d["period_end"] = self.period_end.isoformat()
        return d

    def echarts_option(self) -> dict[str, Any]:
        """An ECharts option: observed counts as bars, the expected count as a line."""
        s = self.series
        return {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": ["实际件数", "预期件数"]},
            "xAxis": {"type": "category", "data": s["labels"]},
            "yAxis": {"type": "value", "name": "件"},
            "series": [
                {
                    "name": "实际件数",
                    "type": "bar",
                    "data": [
                        {"value": v, "itemStyle": {"color": "#c23531"}} if hi else v
                        for v, hi in zip(s["observed"], s["highlight"], strict=True)
                    ],
                },
                {
                    "name": "预期件数",
                    "type": "line",
                    "data": [None if v is None else round(v, 1) for v in s["expected"]],
                },
            ],
        }


# --------------------------------------------------------------------------------------------
# Counting


def count_cells(
    cases: pl.DataFrame | pl.LazyFrame, *, config: HotspotConfig | None = None
) -> pl.DataFrame:
    """Cell counts (family, grain, period, d1..d4, org_kind, y) of a feature frame or a part.

    Aux families: ``__all__`` (all cases per period: the reference of entity and domain cells),
    ``__court__`` (cases per court: the reference and exposure of 案由 × court cells) and
    ``__entity_court__`` (entity × side × 案由 × court, quarters: the local peers of an entity)."""
    cfg = config or HotspotConfig()
    lf = cases.lazy() if isinstance(cases, pl.DataFrame) else cases
    frames: list[pl.LazyFrame] = []
    empty = pl.lit("", dtype=pl.String)

    def shape(
        q: pl.LazyFrame, family: str, grain: str, d: Sequence[str], kind: bool = False
    ) -> None:
        cols = [pl.col(c) for c in d] + [empty] * (4 - len(d))
        frames.append(
            q.select(
                pl.lit(family).alias("family"),
                pl.lit(grain).alias("grain"),
                pl.col("period").cast(pl.Int32),
                *(c.cast(pl.String).alias(n) for c, n in zip(cols, _DIMS4, strict=True)),
                (pl.col("org_kind") if kind else empty).cast(pl.String).alias("org_kind"),
                pl.col("y").cast(pl.Int64),
            )
        )

    for grain in cfg.grains:
        pcol = _PCOL[grain]
        base = lf.filter(pl.col(pcol).is_not_null()).with_columns(pl.col(pcol).alias("period"))
        n = pl.len().alias("y")
        shape(base.group_by("period").agg(n), "__all__", grain, [])
        shape(base.group_by("period", "court_code").agg(n), "__court__", grain, ["court_code"])
        if "cause_court" in cfg.families:
            shape(
                base.filter(pl.col("cause") != "").group_by("period", "cause", "court_code").agg(n),
                "cause_court",
                grain,
                ["cause", "court_code"],
            )
        if "domain" in cfg.families:
            shape(
                base.filter(pl.col("domain") != "").group_by("period", "domain").agg(n),
                "domain",
                grain,
                ["domain"],
            )
        if "entity_cause" in cfg.families:
            parties = party_frame(
                base.select("case_id", "period", "cause", "court_code", "parties")
            ).filter(pl.col("cause") != "")
            agg = [
                pl.col("case_id").n_unique().alias("y"),
                pl.col("kind").min().alias("org_kind"),
            ]
            shape(
                parties.group_by("period", "key", "side", "cause").agg(agg),
                "entity_cause",
                grain,
                ["key", "side", "cause"],
                kind=True,
            )
            if grain == "quarter":
                shape(
                    parties.group_by("period", "key", "side", "cause", "court_code").agg(agg),
                    "__entity_court__",
                    grain,
                    ["key", "side", "cause", "court_code"],
                    kind=True,
                )
    if not frames:
        return pl.DataFrame(schema=COUNT_SCHEMA)
    return pl.concat(pl.collect_all(frames)).sort(_COUNT_ORDER)


_COUNT_ORDER = ["family", "grain", "d1", "d2", "d3", "d4", "period"]


def combine_counts(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """Sum partial counts of disjoint case partitions (order-independent)."""
    parts = [p for p in parts if p.height]
    if not parts:
        return pl.DataFrame(schema=COUNT_SCHEMA)
    return (
        pl.concat(parts)
        .group_by("family", "grain", "period", "d1", "d2", "d3", "d4")
        .agg(pl.col("y").sum(), pl.col("org_kind").min())
        .select(list(COUNT_SCHEMA))
        .sort(_COUNT_ORDER)
    )


# --------------------------------------------------------------------------------------------
# Tests


def _nb_sf(y: np.ndarray, mu: np.ndarray, var: np.ndarray) -> np.ndarray:
    """P(Y ≥ y) for a negative binomial with the given mean and variance (> mean)."""
    mu = np.maximum(mu, 1e-9)
    var = np.maximum(var, mu * (1 + 1e-9))
    r = mu * mu / (var - mu)
    p = mu / var
    return np.clip(nbinom.sf(y - 1, r, p), 0.0, 1.0)


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q-values."""
    n = len(p)
    if n == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * n / np.arange(1, n + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(n)
    out[order] = np.minimum(q, 1.0)
    return out


def _trimmed_alpha(num: np.ndarray, den: np.ndarray, trim: float = 0.02) -> float:
    ok = den > 0
    num, den = num[ok], den[ok]
    if len(num) < 5 or den.sum() <= 0:
        return 0.0
    ratio = num / den
    cut = np.quantile(ratio, 1 - trim)
    keep = ratio <= cut
    return float(max(0.0, math.fsum(num[keep]) / math.fsum(den[keep])))


def _first_period(counts: pl.DataFrame, grain: str) -> int | None:
    ref = counts.filter((pl.col("family") == "__all__") & (pl.col("grain") == grain))
    return int(ref["period"].min()) if ref.height else None


def _reference(counts: pl.DataFrame, grain: str, family: str, w: int) -> pl.DataFrame:
    """(rk, period, R, R_hist, h): the reference volume in t and in the w periods before it.
    ``rk`` is "" for the whole snapshot, the court code for 案由 × court cells."""
    src = "__court__" if family == "cause_court" else "__all__"
    ref = counts.filter((pl.col("family") == src) & (pl.col("grain") == grain)).select(
        pl.col("d1").alias("rk"), "period", pl.col("y").alias("R")
    )
    p0 = _first_period(counts, grain)
    hist = (
        pl.concat(
            [ref.select("rk", (pl.col("period") + k).cast(pl.Int32), "R") for k in range(1, w + 1)]
        )
        .group_by("rk", "period")
        .agg(pl.col("R").sum().alias("R_hist"))
    )
    return (
        ref.join(hist, on=["rk", "period"], how="left")
        .with_columns(
            pl.col("R_hist").fill_null(0),
            pl.min_horizontal(pl.lit(w), pl.col("period") - (p0 or 0)).cast(pl.Int32).alias("h"),
        )
        .with_columns(pl.col("R").cast(pl.Float64), pl.col("R_hist").cast(pl.Float64))
    )


def _spike_tests(counts: pl.DataFrame, grain: str, cfg: HotspotConfig) -> pl.DataFrame:
    w = cfg.history(grain)
    keys = ["family", "d1", "d2", "d3"]
    out: list[pl.DataFrame] = []
    for family in (f for f in cfg.families if f in FAMILIES):
        c = counts.filter((pl.col("family") == family) & (pl.col("grain") == grain))
        if c.height == 0:
            continue
        hist = (
            pl.concat(
                [
                    c.select(*keys, (pl.col("period") + k).cast(pl.Int32), "y")
                    for k in range(1, w + 1)
                ]
            )
            .group_by(*keys, "period")
            .agg(pl.col("y").sum().alias("S"))
        )
        rk = pl.col("d2") if family == "cause_court" else pl.lit("")
        t = (
            c.join(hist, on=[*keys, "period"], how="left")
            .with_columns(pl.col("S").fill_null(0), rk.alias("rk"))
            .join(_reference(counts, grain, family, w), on=["rk", "period"], how="inner")
            .filter(
                (pl.col("h") >= cfg.min_history)
                & (pl.col("R_hist") > 0)
                & ((pl.col("y") + pl.col("S")) >= cfg.min_total)
            )
        )
        if t.height == 0:
            continue
        t = t.sort([*keys, "period"])  # row order fixes float sums: same result on any runner
        y = t["y"].to_numpy().astype(float)
        s = t["S"].to_numpy().astype(float)
        mu = (s + 0.5) * t["R"].to_numpy() / t["R_hist"].to_numpy()
        well = s >= 2 * w
        num = (y[well] - mu[well]) ** 2 - mu[well] - mu[well] ** 2 / (s[well] + 0.5)
        alpha = _trimmed_alpha(num, mu[well] ** 2)
        var = mu + alpha * mu**2 + mu**2 / (s + 0.5)
        p = _nb_sf(y, mu, var)
        out.append(
            t.with_columns(
                pl.lit("spike").alias("kind"),
                pl.lit(grain).alias("grain"),
                pl.Series("expected", mu),
                pl.Series("p", p),
                pl.lit(alpha).alias("alpha"),
                (pl.col("S") / pl.col("h")).alias("baseline_mean"),
                pl.col("period").alias("p_lo"),
                pl.col("period").alias("p_hi"),
                pl.lit(None, dtype=pl.Int32).alias("persist"),
                pl.lit(None, dtype=pl.Int32).alias("peers"),
                pl.lit(None, dtype=pl.Float64).alias("share"),
                pl.lit(None, dtype=pl.Float64).alias("peer_share"),
                pl.lit(None, dtype=pl.String).alias("peer_scope"),
            ).select(_TEST_COLS)
        )
    return pl.concat(out) if out else pl.DataFrame()


_TEST_COLS = [
    "kind",
    "family",
    "grain",
    "d1",
    "d2",
    "d3",
    "org_kind",
    "period",
    "p_lo",
    "p_hi",
    "y",
    "S",
    "expected",
    "baseline_mean",
    "p",
    "alpha",
    "persist",
    "peers",
    "share",
    "peer_share",
    "peer_scope",
]


def _quarter_of(d: date) -> int:
    return d.year * 4 + (d.month - 1) // 3


def _excess_end(counts: pl.DataFrame, as_of: date | None) -> int | None:
    ref = counts.filter((pl.col("family") == "__all__") & (pl.col("grain") == "quarter"))
    if ref.height == 0:
        return None
    last = int(ref["period"].max())
    if as_of is None:
        return last
    q = _quarter_of(as_of)
    _, q_end = period_bounds("quarter", q)
    if (q_end - as_of).days > 6:  # a quarter counts as complete in its last week
        q -= 1
    return min(q, last)


def _persist(per: pl.DataFrame, tests: pl.DataFrame, on: list[str], k: int) -> pl.DataFrame:
    """Number of window quarters in which a cell's count exceeds its per-quarter expectation."""
    j = per.join(tests.select(*on, "expected"), on=on, how="inner")
    cnt = j.group_by(on).agg(
        (pl.col("y") > pl.col("expected") / k).sum().cast(pl.Int32).alias("persist")
    )
    return tests.join(cnt, on=on, how="left").with_columns(pl.col("persist").fill_null(0))


def _entity_excess(win: pl.DataFrame, cfg: HotspotConfig, k: int) -> pl.DataFrame:
    """Entity × side × 案由 against its peers: the other entities of the same kind on the same
    side of the same 案由 *in the same courts* (leave-one-out mean count per court, summed over
    the entity's courts: its share of the local 案由 against its competitors'); where a court
    has fewer than two such peers (an agency is alone in its district) the peers are all
    entities of that kind, side and 案由."""
    ctx = ["d2", "d3", "org_kind"]
    ec = (
        win.filter(pl.col("family") == "__entity_court__")
        .group_by("d1", "d2", "d3", "d4")
        .agg(pl.col("y").sum(), pl.col("org_kind").min())
        .with_columns(
            pl.len().over(*ctx, "d4").alias("n_c"), pl.col("y").sum().over(*ctx, "d4").alias("Y_c")
        )
        .with_columns(
            pl.when(pl.col("n_c") - 1 >= 2)
            .then((pl.col("Y_c") - pl.col("y")) / (pl.col("n_c") - 1))
            .otherwise(None)
            .alias("m_c")
        )
    )
    local = ec.group_by("d1", "d2", "d3").agg(
        pl.col("m_c").sum().alias("m_local"),
        pl.col("m_c").is_null().any().alias("no_local"),
        (pl.col("n_c") - 1).max().alias("peers_local"),
    )
    ent = (
        win.filter(pl.col("family") == "entity_cause")
        .group_by("d1", "d2", "d3")
        .agg(pl.col("y").sum(), pl.col("org_kind").min())
        .with_columns(pl.len().over(*ctx).alias("n_g"), pl.col("y").sum().over(*ctx).alias("Y_g"))
        .join(local, on=["d1", "d2", "d3"], how="left")
        .with_columns(
            pl.when(pl.col("n_g") > 1)
            .then((pl.col("Y_g") - pl.col("y")) / (pl.col("n_g") - 1))
            .otherwise(None)
            .alias("m_global")
        )
    )
    use_local = pl.col("no_local").not_() & (pl.col("m_local") > 0)
    ent = ent.with_columns(
        pl.when(use_local).then(pl.col("m_local")).otherwise(pl.col("m_global")).alias("expected"),
        pl.when(use_local)
        .then(pl.col("peers_local"))
        .otherwise(pl.col("n_g") - 1)
        .cast(pl.Int32)
        .alias("peers"),
        pl.when(use_local).then(pl.lit("local")).otherwise(pl.lit("global")).alias("peer_scope"),
        pl.lit(None, dtype=pl.Float64).alias("share"),
        pl.lit(None, dtype=pl.Float64).alias("peer_share"),
    ).filter(
        pl.col("expected").is_not_null()
        & (pl.col("expected") > 0)
        & (pl.when(use_local).then(True).otherwise(pl.col("n_g") - 1 >= cfg.min_peers))
    )
    if ent.height == 0:
        return ent
    per = win.filter(pl.col("family") == "entity_cause").select("d1", "d2", "d3", "y")
    ent = _persist(per, ent, ["d1", "d2", "d3"], k)
    return _excess_p(ent, "entity_cause")


def _court_excess(win: pl.DataFrame, cfg: HotspotConfig, k: int) -> pl.DataFrame:
    """案由 × court against the other courts: expected = the court's caseload × the other
    courts' share of that 案由 (indirect standardisation)."""
    court = (
        win.filter(pl.col("family") == "__court__")
        .group_by("d1")
        .agg(pl.col("y").sum().alias("E"))
        .rename({"d1": "d2"})
    )
    cc = win.filter(pl.col("family") == "cause_court")
    grid = cc.select("d1").unique().join(court, how="cross")
    g = (
        grid.join(cc.group_by("d1", "d2").agg(pl.col("y").sum()), on=["d1", "d2"], how="left")
        .with_columns(pl.col("y").fill_null(0))
        .with_columns(
            pl.len().over("d1").alias("n_g"),
            pl.col("y").sum().over("d1").alias("Y_g"),
            pl.col("E").sum().over("d1").alias("E_g"),
        )
        .filter((pl.col("n_g") - 1 >= cfg.min_peers) & (pl.col("E_g") > pl.col("E")))
    )
    if g.height == 0:
        return g
    # the peers' share: the median of the other courts' shares (one other court with an excess
    # of the same 案由 must not raise the bar for this one)
    shares = g.select("d1", "d2", (pl.col("y") / pl.col("E")).alias("s"))
    peer = (
        shares.join(shares, on="d1", suffix="_o")
        .filter(pl.col("d2") != pl.col("d2_o"))
        .group_by("d1", "d2")
        .agg(pl.col("s_o").median().alias("peer_share"))
    )
    g = g.join(peer, on=["d1", "d2"], how="left").filter(pl.col("peer_share") > 0)
    if g.height == 0:
        return g
    g = g.with_columns(
        (pl.col("E") * pl.col("peer_share")).alias("expected"),
        (pl.col("n_g") - 1).cast(pl.Int32).alias("peers"),
        pl.lit("").alias("d3"),
        pl.lit("").alias("org_kind"),
        (pl.col("y") / pl.col("E")).alias("share"),
        pl.lit("courts").alias("peer_scope"),
    )
    # per quarter: the cause count against the court's caseload that quarter × the peer share
    per = (
        win.filter(pl.col("family") == "__court__")
        .select(pl.col("d1").alias("d2"), "period", pl.col("y").alias("E_p"))
        .join(g.select("d1", "d2", "peer_share"), on="d2", how="inner")
        .join(
            cc.select("d1", "d2", "period", pl.col("y").alias("y_p")),
            on=["d1", "d2", "period"],
            how="left",
        )
        .with_columns(pl.col("y_p").fill_null(0))
        .group_by("d1", "d2")
        .agg(
            (pl.col("y_p") > pl.col("E_p") * pl.col("peer_share"))
            .sum()
            .cast(pl.Int32)
            .alias("persist")
        )
    )
    g = g.join(per, on=["d1", "d2"], how="left").with_columns(pl.col("persist").fill_null(0))
    return _excess_p(g.filter(pl.col("y") > 0), "cause_court")


def _excess_tests(counts: pl.DataFrame, cfg: HotspotConfig) -> pl.DataFrame:
    end = _excess_end(counts, cfg.as_of)
    if end is None or "quarter" not in cfg.grains:
        return pl.DataFrame()
    k = cfg.excess_window
    lo = end - k + 1
    win = counts.filter((pl.col("grain") == "quarter") & pl.col("period").is_between(lo, end))
    out: list[pl.DataFrame] = []
    if "entity_cause" in cfg.families:
        out.append(_entity_excess(win, cfg, k))
    if "cause_court" in cfg.families:
        out.append(_court_excess(win, cfg, k))
    out = [
        o.with_columns(
            pl.lit(end, dtype=pl.Int32).alias("period"),
            pl.lit(lo, dtype=pl.Int32).alias("p_lo"),
            pl.lit(end, dtype=pl.Int32).alias("p_hi"),
        ).select(_TEST_COLS)
        for o in out
        if o.height
    ]
    return pl.concat(out) if out else pl.DataFrame()


def _excess_p(t: pl.DataFrame, family: str) -> pl.DataFrame:
    t = t.sort(["d1", "d2", "d3"])
    y = t["y"].to_numpy().astype(float)
    mu = np.maximum(t["expected"].to_numpy().astype(float), 1e-6)
    alpha = _trimmed_alpha((y - mu) ** 2 - y, mu**2)
    p = _nb_sf(y, mu, mu + alpha * mu**2)
    return t.with_columns(
        pl.lit("excess").alias("kind"),
        pl.lit(family).alias("family"),
        pl.lit("quarter").alias("grain"),
        pl.lit(0, dtype=pl.Int32).alias("period"),
        pl.lit(0, dtype=pl.Int32).alias("p_lo"),
        pl.lit(0, dtype=pl.Int32).alias("p_hi"),
        pl.lit(0, dtype=pl.Int64).alias("S"),
        pl.Series("p", p),
        pl.lit(alpha).alias("alpha"),
        pl.lit(None, dtype=pl.Float64).alias("baseline_mean"),
        pl.col("y").cast(pl.Int64),
        pl.col("persist").cast(pl.Int32),
        pl.col("share").cast(pl.Float64),
        pl.col("peer_share").cast(pl.Float64),
        pl.col("expected").cast(pl.Float64),
        pl.col("peers").cast(pl.Int32),
        pl.col("org_kind").cast(pl.String),
        pl.col("peer_scope").cast(pl.String),
    ).select(_TEST_COLS)


def score_cells(counts: pl.DataFrame, *, config: HotspotConfig | None = None) -> pl.DataFrame:
    """All tests (spike per grain, excess) with p, BH q, ratio, score and ``selected``."""
    cfg = config or HotspotConfig()
    parts = [_spike_tests(counts, g, cfg) for g in cfg.grains]
    parts.append(_excess_tests(counts, cfg))
    parts = [p.select(_TEST_COLS) for p in parts if p.height]
    if not parts:
        return pl.DataFrame()
    t = pl.concat(parts, how="vertical_relaxed")
    # BH within each test: spikes (often 10⁵ cells) and persistent excess (10³) are two lists
    p_all = t["p"].to_numpy()
    kinds = t["kind"].to_numpy()
    q = np.empty(len(p_all))
    for k in np.unique(kinds):
        m = kinds == k
        q[m] = _bh(p_all[m])
    t = t.with_columns(pl.Series("q", q), (pl.col("y") / pl.col("expected")).alias("ratio"))
    t = t.with_columns(
        (pl.col("ratio").clip(lower_bound=1.0).log(2) * pl.col("y").sqrt()).alias("score")
    )
    sel = (
        (pl.col("q") <= cfg.fdr)
        & (pl.col("ratio") >= cfg.min_ratio)
        & (pl.col("y") >= cfg.min_count)
        & ((pl.col("kind") == "spike") | (pl.col("persist") >= cfg.min_persist))
    )
    if cfg.since is not None:
        since_q, since_m = _quarter_of(cfg.since), cfg.since.year * 12 + cfg.since.month - 1
        sel = sel & (
            (pl.col("kind") == "excess")
            | ((pl.col("grain") == "quarter") & (pl.col("period") >= since_q))
            | ((pl.col("grain") == "month") & (pl.col("period") >= since_m))
        )
    t = t.with_columns(sel.alias("selected"))
    return t.with_columns(
        pl.concat_str(
            [
                pl.col("kind"),
                pl.col("family"),
                pl.col("grain"),
                pl.col("d1"),
                pl.col("d2"),
                pl.col("d3"),
                pl.col("p_lo").cast(pl.String),
                pl.col("p_hi").cast(pl.String),
            ],
            separator="|",
        )
        .map_elements(lambda s: hashlib.sha1(s.encode()).hexdigest()[:12], return_dtype=pl.String)
        .alias("cell_id")
    ).sort(["score", "cell_id"], descending=[True, False])


# --------------------------------------------------------------------------------------------
# Evidence, series, hotspots


def evidence_for(cases: pl.DataFrame | pl.LazyFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """(cell_id, case_id) of the cases behind the selected cells, for one part or the whole."""
    lf = cases.lazy() if isinstance(cases, pl.DataFrame) else cases
    out: list[pl.LazyFrame] = []
    sel = cells.select("cell_id", "family", "grain", "d1", "d2", "d3", "p_lo", "p_hi")
    for (family, grain), cs in sel.group_by("family", "grain", maintain_order=True):
        pcol = _PCOL[str(grain)]
        base = lf.filter(pl.col(pcol).is_not_null()).with_columns(pl.col(pcol).alias("_period"))
        c = cs.lazy()
        if family == "entity_cause":
            src = (
                party_frame(base.select("case_id", "_period", "cause", "parties"))
                .select(
                    "case_id",
                    "_period",
                    pl.col("key").alias("d1"),
                    pl.col("side").alias("d2"),
                    pl.col("cause").alias("d3"),
                )
                .unique()
            )
            j = src.join(c, on=["d1", "d2", "d3"], how="inner")
        elif family == "cause_court":
            src = base.select(
                "case_id", "_period", pl.col("cause").alias("d1"), pl.col("court_code").alias("d2")
            )
            j = src.join(c.drop("d3"), on=["d1", "d2"], how="inner")
        else:
            src = base.select("case_id", "_period", pl.col("domain").alias("d1"))
            j = src.join(c.drop("d2", "d3"), on=["d1"], how="inner")
        out.append(
            j.filter(pl.col("_period").is_between(pl.col("p_lo"), pl.col("p_hi"))).select(
                "cell_id", "case_id"
            )
        )
    if not out:
        return pl.DataFrame(schema={"cell_id": pl.String, "case_id": pl.Int64})
    return pl.concat(pl.collect_all(out)).unique().sort(["cell_id", "case_id"])


def _series(counts: pl.DataFrame, row: dict[str, Any], cfg: HotspotConfig) -> dict[str, list[Any]]:
    grain = row["grain"]
    w = cfg.history(grain)
    cell = counts.filter(
        (pl.col("family") == row["family"])
        & (pl.col("grain") == grain)
        & (pl.col("d1") == row["d1"])
        & (pl.col("d2") == row["d2"])
        & (pl.col("d3") == row["d3"])
    )
    allp = counts.filter((pl.col("family") == "__all__") & (pl.col("grain") == grain))
    if row["family"] == "cause_court":
        ref = counts.filter(
            (pl.col("family") == "__court__")
            & (pl.col("grain") == grain)
            & (pl.col("d1") == row["d2"])
        )
    else:
        ref = allp
    p0, p1 = int(allp["period"].min()), int(allp["period"].max())
    hi = min(p1, row["p_hi"] + (2 if row["kind"] == "spike" else 0))
    lo = max(p0, hi - cfg.series_periods + 1)
    ys = dict(zip(cell["period"].to_list(), cell["y"].to_list(), strict=True))
    rs = dict(zip(ref["period"].to_list(), ref["y"].to_list(), strict=True))
    labels, observed, expected, highlight = [], [], [], []
    for p in range(lo, hi + 1):
        labels.append(period_code(grain, p))
        y = int(ys.get(p, 0))
        observed.append(y)
        inside = row["p_lo"] <= p <= row["p_hi"]
        highlight.append(inside)
        e: float | None = None
        if row["kind"] == "spike":
            h = min(w, p - p0)
            s = sum(ys.get(p - k, 0) for k in range(1, h + 1))
            rh = sum(rs.get(p - k, 0) for k in range(1, h + 1))
            if h >= cfg.min_history and rh > 0:
                e = (s + 0.5) * rs.get(p, 0) / rh
        elif inside:
            if row["family"] == "cause_court":
                e = rs.get(p, 0) * (row["peer_share"] or 0.0)
            else:
                e = row["expected"] / cfg.excess_window
        expected.append(e)
    return {"labels": labels, "observed": observed, "expected": expected, "highlight": highlight}


def _fmt_q(q: float) -> str:
    if q < 0.001:
        return "q<0.001"
    return f"q={q:.3f}"


def _subject(row: dict[str, Any], labels: dict[str, str]) -> str:
    if row["family"] == "entity_cause":
        return f"{labels['entity']}作为{row['d2']}的{row['d3']}"
    if row["family"] == "cause_court":
        return f"{labels['court_code']}的{row['d1']}案件"
    return f"{row['d1']}领域案件"


def _explain(row: dict[str, Any], labels: dict[str, str], cfg: HotspotConfig) -> str:
    subj = _subject(row, labels)
    y, mu, q = row["y"], row["expected"], row["q"]
    if row["kind"] == "spike":
        unit = _UNIT[row["grain"]]
        h = cfg.history(row["grain"])
        mean = row["baseline_mean"]
        head = f"{subj} {period_label(row['grain'], row['period'])} {y} 件，"
        if mean and mean > 0:
            head += f"为其前{h}{unit}平均值（{mean:.1f}件）的{y / mean:.1f}倍"
        else:
            head += f"其前{h}{unit}没有此类案件"
        ref = "该院同期收案量" if row["family"] == "cause_court" else "同期全部案件量"
        return head + (
            f"；按{ref}折算的预期为 {mu:.1f} 件，是预期的 {y / mu:.1f} 倍（{_fmt_q(q)}）。"
        )
    k = cfg.excess_window
    rng_label = f"{period_label('quarter', row['p_lo'])}至{period_label('quarter', row['p_hi'])}"
    if row["family"] == "entity_cause":
        kind = _KIND_LABEL.get(row["org_kind"] or "", "单位")
        if row["peer_scope"] == "local":
            peers = (
                f"在其涉诉法院，同为{row['d2']}、同案由的其他{kind}（最多 {row['peers']} 家）"
                f"平均每家合计 {mu:.1f} 件"
            )
        else:
            peers = f"同为{row['d2']}、同案由的其他 {row['peers']} 家{kind}平均每家 {mu:.1f} 件"
        return (
            f"{subj}近{k}个季度（{rng_label}）共 {y} 件；{peers}，为同类平均的 {y / mu:.1f} 倍；"
            f"{k}个季度中有 {row['persist']} 个季度高于同类平均（{_fmt_q(q)}）。"
        )
    return (
        f"{subj}近{k}个季度（{rng_label}）共 {y} 件，占该院全部案件的 {row['share']:.1%}；"
        f"其他 {row['peers']} 家法院占比的中位数为 {row['peer_share']:.1%}，按此预期 {mu:.1f} 件，"
        f"是预期的 {y / mu:.1f} 倍；{k}个季度中有 {row['persist']} 个季度高于预期（{_fmt_q(q)}）。"
    )


def build_hotspots(
    tests: pl.DataFrame,
    evidence: pl.DataFrame,
    counts: pl.DataFrame,
    *,
    config: HotspotConfig | None = None,
    entity_names: Mapping[str, str] | None = None,
    court_names: Mapping[str, str] | None = None,
) -> list[Hotspot]:
    """Rank the selected tests, suppress duplicates, and build :class:`Hotspot` objects."""
    cfg = config or HotspotConfig()
    if tests.height == 0:
        return []
    sel = tests.filter(pl.col("selected")).sort(["score", "cell_id"], descending=[True, False])
    ev: dict[str, list[int]] = {}
    for cid, ids in evidence.group_by("cell_id").agg(pl.col("case_id").sort()).iter_rows():
        ev[cid] = ids
    kept: list[dict[str, Any] | None] = []
    owner: dict[int, list[int]] = {}
    dups: dict[str, list[str]] = {}
    for row in sel.iter_rows(named=True):
        ids = ev.get(row["cell_id"], [])
        if not ids:
            continue
        hits: Counter[int] = Counter()
        for cid in ids:
            for k in owner.get(cid, ()):
                hits[k] += 1
        dup_of = None
        for k, n in hits.most_common():
            other = kept[k]
            if other is None:
                continue
            n_other = len(ev[other["cell_id"]])
            small, large = min(len(ids), n_other), max(len(ids), n_other)
            if n >= cfg.dedupe_inner * small and n >= cfg.dedupe_outer * large:
                dup_of = k
                break
        if dup_of is not None:
            other = kept[dup_of]
            assert other is not None
            n_other = len(ev[other["cell_id"]])
            same = hits[dup_of] >= 0.9 * max(len(ids), n_other)
            if same and _SPECIFIC[row["family"]] < _SPECIFIC[other["family"]]:
                # the same cases: describe them by the more specific cell (an entity)
                kept[dup_of] = row
                dups[row["cell_id"]] = [other["cell_id"], *dups.pop(other["cell_id"], [])]
                for cid in ids:
                    owner.setdefault(cid, [])
                    if dup_of not in owner[cid]:
                        owner[cid].append(dup_of)
            else:
                dups.setdefault(other["cell_id"], []).append(row["cell_id"])
            continue
        idx = len(kept)
        kept.append(row)
        for cid in ids:
            owner.setdefault(cid, []).append(idx)
        if cfg.max_hotspots and len(kept) >= cfg.max_hotspots:
            break
    names = entity_names or {}
    courts = court_names or {}
    out: list[Hotspot] = []
    for row in (r for r in kept if r is not None):
        fam_dims = FAMILIES[row["family"]]
        dims = {n: row[d] for n, d in zip(fam_dims, _DIMS, strict=False)}
        labels = dict(dims)
        if "entity" in dims:
            labels["entity"] = names.get(dims["entity"], dims["entity"])
        if "court_code" in dims:
            labels["court_code"] = courts.get(dims["court_code"], dims["court_code"])
        grain = row["grain"]
        if row["kind"] == "spike":
            period = period_code(grain, row["period"])
            plabel = period_label(grain, row["period"])
            start, end = period_bounds(grain, row["period"])
        else:
            period = f"{period_code('quarter', row['p_lo'])}–{period_code('quarter', row['p_hi'])}"
            plabel = (
                f"{period_label('quarter', row['p_lo'])}至{period_label('quarter', row['p_hi'])}"
            )
            start = period_bounds("quarter", row["p_lo"])[0]
            end = period_bounds("quarter", row["p_hi"])[1]
        series = _series(counts, row, cfg)
        out.append(
            Hotspot(
                id=row["cell_id"],
                kind=row["kind"],
                family=row["family"],
                grain=grain,
                dimensions=dims,
                labels=labels,
                period=period,
                period_label=plabel,
                period_start=start,
                period_end=end,
                observed=int(row["y"]),
                expected=round(float(row["expected"]), 6),
                ratio=round(float(row["ratio"]), 6),
                p_value=float(row["p"]),
                q_value=float(row["q"]),
                score=round(float(row["score"]), 6),
                explanation=_explain(row, labels, cfg),
                evidence_case_ids=list(ev[row["cell_id"]]),
                series=series,
                baseline_mean=None
                if row["baseline_mean"] is None
                else round(float(row["baseline_mean"]), 6),
                persist=row["persist"],
                duplicates=sorted(dups.get(row["cell_id"], [])),
            )
        )
    return out


def find_hotspots(
    cases: pl.DataFrame | pl.LazyFrame,
    *,
    config: HotspotConfig | None = None,
    entity_names: Mapping[str, str] | None = None,
    court_names: Mapping[str, str] | None = None,
) -> list[Hotspot]:
    """Count, test, gather evidence and build the hotspots of a feature frame (one process)."""
    cfg = config or HotspotConfig()
    lf = cases.lazy() if isinstance(cases, pl.DataFrame) else cases
    if cfg.as_of is None:
        mx = lf.select(pl.col("decided_on").max()).collect().item()
        if mx is not None:
            cfg = replace(cfg, as_of=mx)
    counts = count_cells(lf, config=cfg)
    tests = score_cells(counts, config=cfg)
    if tests.height == 0:
        return []
    evidence = evidence_for(lf, tests.filter(pl.col("selected")))
    return build_hotspots(
        tests, evidence, counts, config=cfg, entity_names=entity_names, court_names=court_names
    )
