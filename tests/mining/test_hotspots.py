"""Hotspot counting, tests, ranking, duplicates, explanations — on small synthetic data."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

from fengqiao.demo.planted import make_planted
from fengqiao.mining.entities import EntityIndex, org_key, resolve_entities
from fengqiao.mining.features import SNAPSHOT_SCHEMA, apply_entity_keys, case_row, org_name_counts
from fengqiao.mining.hotspots import (
    HotspotConfig,
    _bh,
    _nb_sf,
    combine_counts,
    count_cells,
    find_hotspots,
    score_cells,
)

COURTS = ["苏0106", "苏0115", "苏0206", "苏0303", "苏0506", "苏0508", "苏0611", "苏1003"]
FIRMS = [
    f"南京市{b}物业服务有限公司"
    for b in ("恒达", "鑫源", "华盛", "宏远", "金诚", "泰和", "永安", "众合")
]


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.from_arrow(pa.Table.from_pylist(rows, schema=SNAPSHOT_SCHEMA))


def _world(seed: int = 0, *, spike: int = 0, excess: float = 1.0) -> tuple[pl.DataFrame, list[int]]:
    """24 months of stationary Poisson filings: 8 courts × 2 causes, 8 property firms.
    ``spike`` extra cases for 恒达 in 2024-08; ``excess`` multiplies 鑫源's rate in 2024."""
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    spike_ids: list[int] = []
    cid = 0
    for m in range(24):
        y, mo = 2023 + m // 12, m % 12 + 1
        for court in COURTS:
            for cause, lam in (("民间借贷纠纷", 12.0), ("离婚纠纷", 8.0)):
                for _ in range(rng.poisson(lam)):
                    cid += 1
                    rows.append(case_row(case_id=cid, court_code=court, decided_on=date(y, mo, 10),
                                         cause=cause, domain="其他", parties=[("甲", "原告", "person")]))  # fmt: skip
        for f, firm in enumerate(FIRMS):
            lam = 2.0 * (excess if f == 1 and y == 2024 else 1.0)
            n = rng.poisson(lam) + (spike if (f == 0 and (y, mo) == (2024, 8)) else 0)
            for k in range(n):
                cid += 1
                rows.append(case_row(case_id=cid, court_code=COURTS[f % 8], decided_on=date(y, mo, 12),
                                     cause="物业服务合同纠纷", domain="房地产",
                                     parties=[(firm, "原告", "company"), ("乙", "被告", "person")]))  # fmt: skip
                if f == 0 and (y, mo) == (2024, 8) and k >= n - spike:
                    spike_ids.append(cid)
    return _frame(rows), spike_ids


def test_a_planted_month_spike_is_found_and_explained():
    df, spike_ids = _world(spike=18)
    hs = find_hotspots(df, entity_names={org_key(FIRMS[0]): FIRMS[0]})
    assert hs, "the spike must be reported"
    top = hs[0]
    assert top.kind == "spike" and top.family == "entity_cause"
    assert top.dimensions == {
        "entity": org_key(FIRMS[0]),
        "side": "原告",
        "cause": "物业服务合同纠纷",
    }
    assert top.labels["entity"] == FIRMS[0]
    assert set(spike_ids) <= set(top.evidence_case_ids)
    assert top.observed == len(top.evidence_case_ids) >= 18
    assert top.ratio > 4 and top.q_value <= 0.01 and top.expected < 6
    assert top.explanation.startswith(f"{FIRMS[0]}作为原告的物业服务合同纠纷 2024年")
    assert "倍" in top.explanation and "预期" in top.explanation
    s = top.series
    assert len(s["labels"]) == len(s["observed"]) == len(s["expected"]) == len(s["highlight"])
    assert s["observed"][s["highlight"].index(True)] == top.observed
    opt = top.echarts_option()
    assert opt["xAxis"]["data"] == s["labels"] and len(opt["series"]) == 2
    assert top.to_dict()["period_start"] == top.period_start.isoformat()
    # the month spike and its quarter are the same cases: one is kept, the other listed
    quarter_like = [h for h in hs if h.dimensions == top.dimensions and h.id != top.id]
    assert not quarter_like and top.duplicates


def test_no_false_alarms_in_a_stationary_world():
    for seed in range(3):
        df, _ = _world(seed=seed)
        assert find_hotspots(df) == []


def test_persistent_excess_against_peers():
    df, _ = _world(seed=1, excess=6.0)
    # the data end on 12 December: by default the window ends with the last complete quarter
    default = [h for h in find_hotspots(df) if h.kind == "excess"]
    assert default and default[0].period == "2023Q4–2024Q3"
    cfg = HotspotConfig(as_of=date(2024, 12, 31))
    hs = [h for h in find_hotspots(df, config=cfg) if h.kind == "excess"]
    assert hs, "鑫源 at six times its peers for a year is an excess"
    h = hs[0]
    assert h.dimensions["entity"] == org_key(FIRMS[1])
    assert h.persist >= 3 and h.ratio > 3
    assert h.period == "2024Q1–2024Q4"
    assert "近4个季度" in h.explanation and "同类" in h.explanation


def test_counts_are_additive_over_partitions():
    df, _ = _world(seed=2, spike=5)
    whole = count_cells(df)
    parts = [count_cells(df.filter(pl.col("case_id") % 3 == r)) for r in range(3)]
    assert combine_counts(parts).equals(combine_counts([whole]))
    cfg = HotspotConfig()
    t1, t2 = score_cells(whole, config=cfg), score_cells(combine_counts(parts), config=cfg)
    assert t1.select("cell_id", "p", "q").equals(t2.select("cell_id", "p", "q"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=60))
def test_bh_q_values(ps):
    p = np.array(ps)
    q = _bh(p)
    assert np.all(q >= p - 1e-12) and np.all(q <= 1)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(q[order]) >= -1e-12)  # monotone in p


@given(st.integers(0, 60), st.floats(0.5, 40))
def test_negative_binomial_tail_reduces_to_poisson(y, mu):
    got = _nb_sf(np.array([y], float), np.array([mu]), np.array([mu * (1 + 1e-7)]))[0]
    assert got == pytest.approx(poisson.sf(y - 1, mu), rel=1e-3, abs=1e-9)
    wider = _nb_sf(np.array([y], float), np.array([mu]), np.array([mu * 3]))[0]
    if y > 3 * mu:
        assert wider >= got  # over-dispersion makes a high count less surprising


def test_planted_corpus_recall_and_false_alarms():
    corpus = make_planted(40000, seed=5)
    df = _frame(corpus.rows)
    index = EntityIndex(resolve_entities(org_name_counts(df)))
    df = apply_entity_keys(df, index)
    hs = find_hotspots(df, entity_names=index.names)
    tagged = {i for ids in corpus.hotspot_cases.values() for i in ids}
    found, false = set(), 0
    for h in hs:
        ok = False
        for p in corpus.hotspots:
            d = dict(p.dims)
            if "entity" in d:
                d["entity"] = index.key(d["entity"])
            if p.family == h.family and d == h.dimensions:
                ok = True
                found.add(p.id)
        if not ok and sum(i in tagged for i in h.evidence_case_ids) < 0.25 * h.observed:
            false += 1
    assert len(found) >= 0.85 * len(corpus.hotspots)
    assert false <= max(1, len(hs) // 20)


def test_config_since_limits_reported_spikes():
    df, _ = _world(spike=18)
    assert find_hotspots(df, config=HotspotConfig(since=date(2024, 10, 1))) == []
    assert find_hotspots(df, config=HotspotConfig(since=date(2024, 9, 1)))  # Q3 ends 30 September
