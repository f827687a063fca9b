"""The corpus-wide refresh, run the same way in-process or on a Dask cluster.

``FENGQIAO_DASK_SCHEDULER`` set (e.g. ``tcp://10.0.0.5:8786``) → :func:`get_runner` connects a
:class:`distributed.Client` to it; unset → everything runs in this process. The steps are plain
functions over Parquet parts; only the runner differs:

1. **Entity names** (map over raw parts): organisation name → number of cases; summed, then
   resolved into entity clusters in one place (with the clerk's decisions replayed).
2. **Features** (map): each raw part is re-keyed with the entity mapping (broadcast once),
   its fact sections tokenised for pattern mining (the corpus-wide text step), sorted by 案由
   (so a 案由's rows sit in few row groups) and written as a feature part.
3. **Aggregation** (map + reduce): :func:`fengqiao.mining.hotspots.count_cells` per part with
   Polars, summed on the client (counts are additive over disjoint parts); the tests run on the
   summed counts (small). **Evidence** (map): the case ids behind the selected cells.
4. **Patterns** (map over groups): the largest 案由 and the entities of the strongest entity
   hotspots; each task reads its group's tokens from the parts (filter pushed into the Parquet
   scan) and runs :func:`fengqiao.mining.patterns.find_patterns`.

Paths must be readable and writable by every worker (one machine, or shared storage). Results
are sorted and the clustering is single-threaded and seeded, so the local and the Dask path give
identical results (``tests/mining/test_dask_path.py``). No Django imports.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from fengqiao.mining.entities import (
    AliasTable,
    EntityCluster,
    EntityIndex,
    apply_decisions,
    resolve_entities,
)
from fengqiao.mining.features import (
    SNAPSHOT_SCHEMA,
    apply_entity_keys,
    org_name_counts,
    party_frame,
    write_snapshot,
)
from fengqiao.mining.hotspots import (
    Hotspot,
    HotspotConfig,
    build_hotspots,
    combine_counts,
    count_cells,
    evidence_for,
    score_cells,
)
from fengqiao.mining.patterns import Pattern, fact_tokens, find_patterns

__all__ = [
    "SCHEDULER_ENV",
    "DaskRunner",
    "Decisions",
    "LocalRunner",
    "RefreshConfig",
    "RefreshResult",
    "get_runner",
    "refresh",
    "write_raw_parts",
]

SCHEDULER_ENV = "FENGQIAO_DASK_SCHEDULER"


# --------------------------------------------------------------------------------------------
# Runners


class LocalRunner:
    """Runs every task in this process, in order."""

    name = "local"

    def map(self, fn: Callable[..., Any], items: Sequence[Any], **kwargs: Any) -> list[Any]:
        return [fn(item, **kwargs) for item in items]

    def broadcast(self, obj: Any) -> Any:
        return obj

    def close(self) -> None:
        return None


class DaskRunner:
    """Runs tasks on a :class:`distributed.Client` (one task per item; results in order)."""

    name = "dask"

    def __init__(self, client: Any, *, owns_client: bool = False) -> None:
        self.client = client
        self.owns_client = owns_client

    def map(self, fn: Callable[..., Any], items: Sequence[Any], **kwargs: Any) -> list[Any]:
        if not items:
            return []
        futures = self.client.map(fn, list(items), pure=False, **kwargs)
        return list(self.client.gather(futures))

    def broadcast(self, obj: Any) -> Any:
        # a list, so that a dict is sent as one object (not scattered value by value)
        [future] = self.client.scatter([obj], broadcast=True, hash=False)
        return future

    def close(self) -> None:
        if self.owns_client:
            self.client.close()


def get_runner(client: Any = None, *, address: str | None = None) -> LocalRunner | DaskRunner:
    """A runner for ``client``; else for the scheduler in ``address`` or
    ``$FENGQIAO_DASK_SCHEDULER``; else the in-process runner."""
    if client is not None:
        return DaskRunner(client)
    addr = address or os.environ.get(SCHEDULER_ENV, "").strip()
    if not addr:
        return LocalRunner()
    from distributed import Client

    return DaskRunner(Client(addr), owns_client=True)


# --------------------------------------------------------------------------------------------
# Configuration and result


@dataclass(frozen=True)
class Decisions:
    """A clerk's entity decisions (stored by the caller, replayed after every resolution)."""

    confirmations: tuple[tuple[str, str], ...] = ()
    rejections: tuple[str, ...] = ()
    merges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RefreshConfig:
    hotspots: HotspotConfig = field(default_factory=HotspotConfig)
    entity_threshold: float = 0.9
    tokenize: bool = True
    pattern_causes: int = 20  # the largest 案由 get patterns
    pattern_entities: int = 10  # entity hotspots (strongest first) get patterns
    min_group: int = 30
    max_fit: int = 5000
    pattern_seed: int = 0


@dataclass
class RefreshResult:
    features: list[Path]
    entities: list[EntityCluster]
    hotspots: list[Hotspot]
    patterns: dict[str, list[Pattern]]
    n_cases: int
    as_of: date | None
    timings: dict[str, float] = field(default_factory=dict)
    runner: str = "local"

    def comparable(self) -> dict[str, Any]:
        """Everything but timings and paths (what two runs must agree on)."""
        return {
            "n_cases": self.n_cases,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "entities": [c.to_dict() for c in self.entities],
            "hotspots": [h.to_dict() for h in self.hotspots],
            "patterns": {k: [p.to_dict() for p in v] for k, v in sorted(self.patterns.items())},
        }


# --------------------------------------------------------------------------------------------
# Tasks (top-level functions: picklable for Dask workers)


def _task_name_counts(path: str) -> dict[str, int]:
    return org_name_counts(path)


def _task_extract(
    item: tuple[str, str],
    *,
    mapping: Mapping[str, str],
    tokenize: bool,
    scoped: Mapping[str, Any] | None = None,
) -> dict:
    src, dst = item
    df = pl.read_parquet(src)
    df = apply_entity_keys(df, mapping)
    if scoped:
        df = _apply_scoped_keys(df, scoped)
    if tokenize:
        facts = df["facts"].to_list()
        toks = [" ".join(fact_tokens(t)) if t else None for t in facts]
        df = df.with_columns(pl.Series("tokens", toks, dtype=pl.String))
    df = df.with_columns(pl.lit(None, dtype=pl.String).alias("facts")).sort(["cause", "case_id"])
    return {"path": dst, "rows": _write_frame(df, dst)}


def _apply_scoped_keys(df: pl.DataFrame, scoped: Mapping[str, Any]) -> pl.DataFrame:
    """Re-key the parties of each owner court's cases with that court's overrides
    (``scoped["owners"]``: owner id → group; ``scoped["groups"]``: group → name → key)."""
    owners: Mapping[int, int] = scoped.get("owners") or {}
    groups: Sequence[Mapping[str, str]] = scoped.get("groups") or []
    if not owners or not groups or df.height == 0:
        return df
    order = df.columns
    owner_group = pl.DataFrame(
        {"owner_id": list(owners.keys()), "_group": list(owners.values())},
        schema={"owner_id": df.schema["owner_id"], "_group": pl.Int64},
    )
    tagged = df.with_row_index("_ord").join(
        owner_group, on="owner_id", how="left", maintain_order="left"
    )
    parts = [tagged.filter(pl.col("_group").is_null())]
    for g, overrides in enumerate(groups):
        sub = tagged.filter(pl.col("_group") == g)
        if sub.height:
            parts.append(apply_entity_keys(sub, overrides))
    return pl.concat(parts, how="vertical").sort("_ord").select(order)


def _write_frame(df: pl.DataFrame, dst: str) -> int:
    tmp = dst + ".tmp"
    table = df.select(SNAPSHOT_SCHEMA.names).to_arrow().cast(SNAPSHOT_SCHEMA)
    pq.write_table(table, tmp, compression="zstd", row_group_size=20_000)
    os.replace(tmp, dst)
    return df.height


def _task_count(path: str, *, config: HotspotConfig) -> tuple[pl.DataFrame, date | None, int]:
    lf = pl.scan_parquet(path)
    counts = count_cells(lf, config=config)
    stats = lf.select(pl.col("decided_on").max().alias("mx"), pl.len().alias("n")).collect()
    return counts, stats["mx"][0], int(stats["n"][0])


def _task_evidence(path: str, *, cells: pl.DataFrame) -> pl.DataFrame:
    return evidence_for(pl.scan_parquet(path), cells)


def _task_patterns(
    group: tuple[str, ...], *, paths: Sequence[str], max_fit: int, seed: int
) -> tuple[str, list[Pattern]]:
    kind = group[0]
    lf = pl.scan_parquet(list(paths))
    if kind == "cause":
        rows = lf.filter(pl.col("cause") == group[1]).select("case_id", "tokens").collect()
        key = f"cause:{group[1]}"
    else:
        _, ekey, side, cause = group
        ids = (
            party_frame(lf.filter(pl.col("cause") == cause).select("case_id", "cause", "parties"))
            .filter((pl.col("key") == ekey) & (pl.col("side") == side))
            .select("case_id")
            .unique()
        )
        rows = (
            lf.filter(pl.col("cause") == cause)
            .select("case_id", "tokens")
            .join(ids, on="case_id", how="semi")
            .collect()
        )
        key = f"entity:{ekey}|{side}|{cause}"
    toks = {
        int(i): (t.split(" ") if t else [])
        for i, t in zip(rows["case_id"].to_list(), rows["tokens"].to_list(), strict=True)
    }
    return key, find_patterns(tokens=toks, max_fit=max_fit, seed=seed)


# --------------------------------------------------------------------------------------------
# The refresh


def write_raw_parts(
    rows: Iterable[Mapping[str, Any]], out_dir: str | Path, *, rows_per_part: int = 200_000
) -> list[Path]:
    """Split a stream of feature rows (e.g. :func:`~fengqiao.mining.features.case_rows_from_db`)
    into raw Parquet parts for :func:`refresh`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    it = iter(rows)
    while True:
        chunk: list[Mapping[str, Any]] = []
        for row in it:
            chunk.append(row)
            if len(chunk) >= rows_per_part:
                break
        if not chunk:
            break
        path = out / f"raw-{len(files):05d}.parquet"
        write_snapshot(chunk, path)
        files.append(path)
        if len(chunk) < rows_per_part:
            break
    return files


def _tick(timings: dict[str, float], name: str, t0: float) -> float:
    now = time.perf_counter()
    timings[name] = round(now - t0, 3)
    return now


def refresh(
    raw_parts: Sequence[str | Path],
    out_dir: str | Path,
    *,
    runner: LocalRunner | DaskRunner | None = None,
    config: RefreshConfig | None = None,
    decisions: Decisions | None = None,
    alias_table: AliasTable | None = None,
    court_names: Mapping[str, str] | None = None,
    decisions_by_owner: Mapping[int, Decisions] | None = None,
) -> RefreshResult:
    """Entities → features → counts → hotspots → patterns over ``raw_parts``; feature parts are
    written to ``out_dir/features``. ``runner`` defaults to :func:`get_runner` (environment).

    ``decisions`` apply to every case; ``decisions_by_owner`` (owner court id → decisions) only
    to the cases that court owns, so one court's split or merge never regroups another court's
    cases. ``entities`` in the result are the clusters before the per-court decisions."""
    cfg = config or RefreshConfig()
    own = runner is None
    run = runner or get_runner()
    timings: dict[str, float] = {}
    t_start = t = time.perf_counter()
    try:
        raw = [str(Path(p)) for p in raw_parts]
        feat_dir = Path(out_dir) / "features"
        feat_dir.mkdir(parents=True, exist_ok=True)
        for old in feat_dir.glob("*.parquet"):
            old.unlink()

        names: Counter[str] = Counter()
        for part in run.map(_task_name_counts, raw):
            names.update(part)
        clusters = resolve_entities(
            dict(sorted(names.items())), threshold=cfg.entity_threshold, table=alias_table
        )
        if decisions is not None:
            clusters = apply_decisions(
                clusters,
                confirmations=decisions.confirmations,
                rejections=decisions.rejections,
                merges=decisions.merges,
                table=alias_table,
            )
        index = EntityIndex(clusters, table=alias_table)
        scoped, entity_names = _scoped_overrides(
            clusters, index, decisions_by_owner or {}, alias_table
        )
        t = _tick(timings, "entities", t)

        mapping = run.broadcast(index.mapping())
        items = [(p, str(feat_dir / f"part-{i:05d}.parquet")) for i, p in enumerate(raw)]
        extracted = run.map(
            _task_extract,
            items,
            mapping=mapping,
            tokenize=cfg.tokenize,
            scoped=run.broadcast(scoped) if scoped else None,
        )
        features = [Path(e["path"]) for e in extracted]
        t = _tick(timings, "features", t)

        hcfg = cfg.hotspots
        parts = run.map(_task_count, [str(p) for p in features], config=hcfg)
        counts = combine_counts([c for c, _, _ in parts])
        dates = [d for _, d, _ in parts if d is not None]
        as_of = hcfg.as_of or (max(dates) if dates else None)
        n_cases = sum(n for _, _, n in parts)
        hcfg = replace(hcfg, as_of=as_of)
        t = _tick(timings, "aggregate", t)

        tests = score_cells(counts, config=hcfg)
        hotspots: list[Hotspot] = []
        if tests.height:
            cells = tests.filter(pl.col("selected"))
            ev_parts = run.map(_task_evidence, [str(p) for p in features], cells=cells)
            ev = [e for e in ev_parts if e.height]
            evidence = (
                pl.concat(ev).unique().sort(["cell_id", "case_id"])
                if ev
                else pl.DataFrame(schema={"cell_id": pl.String, "case_id": pl.Int64})
            )
            hotspots = build_hotspots(
                tests,
                evidence,
                counts,
                config=hcfg,
                entity_names=entity_names,
                court_names=court_names,
            )
        t = _tick(timings, "hotspots", t)

        groups = _pattern_groups(counts, hotspots, cfg)
        results = (
            run.map(
                _task_patterns,
                groups,
                paths=[str(p) for p in features],
                max_fit=cfg.max_fit,
                seed=cfg.pattern_seed,
            )
            if cfg.tokenize
            else []
        )
        patterns = {k: v for k, v in sorted(results) if v}
        t = _tick(timings, "patterns", t)
        timings["total"] = round(time.perf_counter() - t_start, 3)
        return RefreshResult(
            features=features,
            entities=clusters,
            hotspots=hotspots,
            patterns=patterns,
            n_cases=n_cases,
            as_of=as_of,
            timings=timings,
            runner=run.name,
        )
    finally:
        if own:
            run.close()


def _scoped_overrides(
    clusters: list[EntityCluster],
    index: EntityIndex,
    decisions_by_owner: Mapping[int, Decisions],
    alias_table: AliasTable | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Per distinct set of court decisions, the names whose key differs from the common
    grouping; and the display names of every key any court's grouping uses."""
    names = dict(index.names)
    base = index.mapping()
    group_of: dict[Decisions, int] = {}
    groups: list[dict[str, str]] = []
    owners: dict[int, int] = {}
    for owner, decisions in sorted(decisions_by_owner.items()):
        if decisions not in group_of:
            scoped = apply_decisions(
                clusters,
                confirmations=decisions.confirmations,
                rejections=decisions.rejections,
                merges=decisions.merges,
                table=alias_table,
            )
            scoped_index = EntityIndex(scoped, table=alias_table)
            for key, display in scoped_index.names.items():
                names.setdefault(key, display)
            group_of[decisions] = len(groups)
            groups.append({n: k for n, k in scoped_index.mapping().items() if base.get(n) != k})
        owners[int(owner)] = group_of[decisions]
    if not any(groups):
        return {}, names
    return {"owners": owners, "groups": groups}, names


def _pattern_groups(
    counts: pl.DataFrame, hotspots: Sequence[Hotspot], cfg: RefreshConfig
) -> list[tuple[str, ...]]:
    groups: list[tuple[str, ...]] = []
    by_cause = (
        counts.filter((pl.col("family") == "cause_court") & (pl.col("grain") == "quarter"))
        .group_by("d1")
        .agg(pl.col("y").sum())
        .filter(pl.col("y") >= cfg.min_group)
        .sort(["y", "d1"], descending=[True, False])
        .head(cfg.pattern_causes)
    )
    groups += [("cause", c) for c in by_cause["d1"].to_list()]
    seen: set[tuple[str, ...]] = set()
    for h in hotspots:
        if h.family != "entity_cause" or len(seen) >= cfg.pattern_entities:
            continue
        g = ("entity", h.dimensions["entity"], h.dimensions["side"], h.dimensions["cause"])
        if g not in seen:
            seen.add(g)
            groups.append(g)
    return groups
