"""The refresh runs the same code in-process and on Dask, with identical results."""

from __future__ import annotations

import polars as pl
import pytest

from fengqiao.demo.planted import make_planted, plan_corpus, write_planted
from fengqiao.mining.cluster import (
    SCHEDULER_ENV,
    DaskRunner,
    Decisions,
    LocalRunner,
    RefreshConfig,
    get_runner,
    refresh,
    write_raw_parts,
)
from fengqiao.mining.entities import org_key
from fengqiao.mining.features import read_snapshot


@pytest.fixture(scope="module")
def raw_parts(tmp_path_factory):
    d = tmp_path_factory.mktemp("raw")
    files, truth = write_planted(plan_corpus(15000, seed=3), d, parts=3)
    return files, truth


def test_local_and_dask_refresh_are_identical(raw_parts, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    files, _ = raw_parts
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert isinstance(get_runner(), LocalRunner)
    local = refresh(files, tmp_path / "local")  # variable unset → in-process
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        probe = get_runner()
        assert isinstance(probe, DaskRunner)
        assert len(probe.client.scheduler_info()["workers"]) == 2
        probe.close()
        dask = refresh(files, tmp_path / "dask")  # variable set → the cluster
    assert (local.runner, dask.runner) == ("local", "dask")
    assert local.hotspots and local.patterns and local.n_cases > 14000
    assert dask.comparable() == local.comparable()
    a = read_snapshot(local.features).sort("case_id")
    b = read_snapshot(dask.features).sort("case_id")
    assert a.equals(b)
    assert a["tokens"].null_count() == 0 and a["facts"].null_count() == a.height
    assert set(local.timings) >= {"entities", "features", "aggregate", "hotspots", "patterns"}


def test_refresh_replays_decisions_and_streams_rows(tmp_path):
    corpus = make_planted(4000, seed=4)
    files = write_raw_parts(corpus.rows, tmp_path / "raw", rows_per_part=1500)
    assert len(files) == 3
    base = refresh(
        files, tmp_path / "a", runner=LocalRunner(), config=RefreshConfig(tokenize=False)
    )
    cluster = next(c for c in base.entities if len(c.members) >= 3)
    variant = next(n for n in cluster.members if n != cluster.canonical_name)
    key = cluster.key
    assert key == org_key(cluster.canonical_name)
    undone = refresh(
        files,
        tmp_path / "b",
        runner=LocalRunner(),
        config=RefreshConfig(tokenize=False),
        decisions=Decisions(rejections=(variant,)),
    )
    moved = next(c for c in undone.entities if variant in c.members)
    assert moved.key != key and moved.members == [variant]
    feats = read_snapshot(undone.features).explode("parties").unnest("parties")
    assert feats.filter(pl.col("name") == variant)["key"].unique().to_list() == [moved.key]
    assert undone.patterns == {}  # no tokens, no patterns
