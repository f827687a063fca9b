"""Class-case mining: planted hotspots and patterns, CJRC grouping, refresh time local vs Dask.

    .venv/bin/python benchmarks/bench_mining.py [--n 1000000] [--parts 16] [--seed 1]
                                                [--no-dask] [--json] [--json-out FILE]
                                                [--workdir DIR]

1. A planted corpus of N cases (fengqiao.demo.planted: a dozen courts 2019–2025, seasonality,
   over-dispersion, name variants, 18 planted hotspots, 16 planted problem patterns in five 案由)
   is written as raw Parquet parts (not timed as part of the refresh).
2. A full refresh (fengqiao.mining.cluster.refresh: entity resolution, features with fact
   tokenisation, aggregation, hotspot tests, evidence, patterns per group) runs in-process and
   then on a ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``; the two results
   must be identical.
3. Quality on the local result: recall of the planted hotspots (a planted spike is found when a
   reported spike has its dimensions and overlaps its period; a planted excess when a reported
   excess has its dimensions), false alarms per 20 reported (a reported hotspot is true when it
   has the dimensions of a planted one in an overlapping period, or when ≥ 25 % of its evidence
   cases are planted cases), purity/ARI of the patterns found in the five planted 案由, and the
   pairwise precision/recall of entity resolution against the planted organisations.
4. Real data: the 500 civil CJRC fact sections (../shared/data/cail2019_cjrc, skipped when
   absent) clustered by find_patterns and compared with their 案由 (purity, adjusted Rand) — on
   the 案由 with ≥ 10 cases (8 案由, 125 cases), ≥ 5 cases, and all 500 (188 案由); the three
   largest named clusters of the first setting are printed with their majority 案由.

Targets: recall ≥ 95 %, ≤ 1 false alarm per 20 reported.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from fengqiao.demo.planted import PATTERNS, PlantedCorpus, plan_corpus, write_planted
from fengqiao.mining.cluster import DaskRunner, LocalRunner, RefreshResult, refresh
from fengqiao.mining.entities import EntityIndex
from fengqiao.mining.patterns import adjusted_rand, find_patterns, purity

TARGETS = {"recall": 0.95, "false_alarms_per_20": 1.0}


def shared_data() -> Path:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


# --------------------------------------------------------------------------------------------
# Planted quality


def _months(start: Any, end: Any) -> set[int]:
    a = start.year * 12 + start.month - 1
    b = end.year * 12 + end.month - 1
    return set(range(a, b + 1))


def hotspot_quality(result: RefreshResult, truth: PlantedCorpus) -> dict[str, Any]:
    index = EntityIndex(result.entities)

    def dims(p: Any) -> dict[str, str]:
        d = dict(p.dims)
        if "entity" in d:
            d["entity"] = index.key(d["entity"])
        return d

    planted = [(p, dims(p), set(p.months())) for p in truth.hotspots]
    tagged: set[int] = {i for ids in truth.hotspot_cases.values() for i in ids}
    found: set[str] = set()
    false: list[str] = []
    for h in result.hotspots:
        hm = _months(h.period_start, h.period_end)
        ok = False
        for p, d, pm in planted:
            if p.family == h.family and d == h.dimensions and hm & pm:
                ok = True
                if p.kind == h.kind:
                    found.add(p.id)
        if not ok:
            ev = h.evidence_case_ids
            ok = bool(ev) and sum(1 for i in ev if i in tagged) / len(ev) >= 0.25
        if not ok:
            false.append(h.explanation)
    n = len(result.hotspots)
    return {
        "planted": len(planted),
        "found": len(found),
        "recall": round(len(found) / len(planted), 4) if planted else None,
        "missed": [
            p.id + f" {p.kind} {p.family} {p.grain}" for p, _, _ in planted if p.id not in found
        ],
        "reported": n,
        "false_alarms": len(false),
        "false_alarms_per_20": round(20 * len(false) / n, 3) if n else 0.0,
        "false_alarm_examples": false[:5],
    }


def pattern_quality(result: RefreshResult, truth: PlantedCorpus) -> dict[str, Any]:
    out: dict[str, Any] = {}
    all_t: list[str] = []
    all_p: list[str] = []
    for cause in PATTERNS:
        pats = result.patterns.get(f"cause:{cause}", [])
        t: list[str] = []
        pr: list[str] = []
        for j, p in enumerate(pats):
            for cid in p.case_ids:
                if cid in truth.pattern_of:
                    t.append(truth.pattern_of[cid])
                    pr.append(f"{cause}#{j}")
        if not t:
            continue
        out[cause] = {
            "cases": len(t),
            "clusters": len(pats),
            "planted": len(PATTERNS[cause]),
            "purity": round(purity(t, pr), 4),
            "ari": round(adjusted_rand(t, pr), 4),
            "labels": [p.label for p in pats],
        }
        all_t += t
        all_p += pr
    out["overall_purity"] = round(purity(all_t, all_p), 4) if all_t else None
    return out


def entity_quality(result: RefreshResult, truth: PlantedCorpus) -> dict[str, Any]:
    """Pairwise precision/recall of the name → entity assignment against the true organisations."""
    index = EntityIndex(result.entities)
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_true: dict[str, list[str]] = defaultdict(list)
    names = [n for c in result.entities for n in c.members if n in truth.entity_of]
    for n in names:
        by_pred[index.key(n)].append(truth.entity_of[n])
        by_true[truth.entity_of[n]].append(index.key(n))

    def pairs(groups: dict[str, list[str]]) -> tuple[int, int]:
        same = total = 0
        for members in groups.values():
            c = Counter(members)
            total += len(members) * (len(members) - 1) // 2
            same += sum(v * (v - 1) // 2 for v in c.values())
        return same, total

    tp_p, all_p = pairs(by_pred)  # pairs put together that are truly together
    tp_r, all_r = pairs(by_true)  # true pairs that were put together
    return {
        "names": len(names),
        "true_entities": len(by_true),
        "clusters": len(by_pred),
        "pair_precision": round(tp_p / all_p, 4) if all_p else 1.0,
        "pair_recall": round(tp_r / all_r, 4) if all_r else 1.0,
    }


# --------------------------------------------------------------------------------------------
# CJRC


def cjrc(path: Path) -> dict[str, Any] | None:
    f = path / "cail2019_cjrc" / "dev_ground_truth.json"
    if not f.exists():
        return None
    data = json.loads(f.read_text("utf-8"))["data"]
    civil = [
        (int(x["caseid"]), x["paragraphs"][0]["context"], x["paragraphs"][0]["casename"])
        for x in data
        if x.get("domain") == "civil"
    ]
    counts = Counter(c for _, _, c in civil)
    out: dict[str, Any] = {}
    for min_n, k_range in ((10, (2, 15)), (5, (2, 30)), (1, (2, 30))):
        sub = [x for x in civil if counts[x[2]] >= min_n]
        truth = {i: c for i, _, c in sub}
        t0 = time.perf_counter()
        pats = find_patterns({i: t for i, t, _ in sub}, k_range=k_range, min_size=1)
        dt = time.perf_counter() - t0
        t: list[str] = []
        pr: list[int] = []
        for j, p in enumerate(pats):
            for cid in p.case_ids:
                t.append(truth[cid])
                pr.append(j)
        key = f"causes_ge_{min_n}"
        out[key] = {
            "cases": len(sub),
            "causes": len(set(truth.values())),
            "clusters": len(pats),
            "purity": round(purity(t, pr), 4),
            "ari": round(adjusted_rand(t, pr), 4),
            "seconds": round(dt, 2),
        }
        if min_n == 10:
            named = []
            for p in sorted(pats, key=lambda p: -p.size)[:3]:
                maj = Counter(truth[i] for i in p.case_ids).most_common(2)
                named.append(
                    {
                        "label": p.label,
                        "key_terms": p.key_terms,
                        "size": p.size,
                        "majority": [f"{c} {n}" for c, n in maj],
                    }
                )
            out[key]["named_clusters"] = named
    return out


# --------------------------------------------------------------------------------------------


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def cpu_probe(client: Any, n: int = 10_000_000) -> dict[str, float]:
    """Four pure-Python CPU tasks in-process and on the cluster: the speed-up the machine can
    give at the moment (other processes on a shared machine take cores too)."""
    client.gather(client.map(_burn, [10, 11], pure=False))
    t = time.perf_counter()
    for _ in range(4):
        _burn(n)
    local = time.perf_counter() - t
    t = time.perf_counter()
    client.gather(client.map(_burn, [n] * 4, pure=False))
    dask = time.perf_counter() - t
    return {
        "local_s": round(local, 2),
        "dask_s": round(dask, 2),
        "speedup": round(local / dask, 2),
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench-mining-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "n_requested": args.n,
        "parts": args.parts,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    t0 = time.perf_counter()
    plan = plan_corpus(args.n, seed=args.seed)
    raw, truth = write_planted(plan, work / "raw", parts=args.parts)
    report["generate_seconds"] = round(time.perf_counter() - t0, 2)
    print(f"generated in {report['generate_seconds']} s", file=sys.stderr)

    local = refresh(raw, work / "local", runner=LocalRunner())
    report["n_cases"] = local.n_cases
    report["local"] = local.timings
    print(f"local refresh {local.timings}", file=sys.stderr)
    report["hotspots"] = hotspot_quality(local, truth)
    report["patterns_planted"] = pattern_quality(local, truth)
    report["entities"] = entity_quality(local, truth)
    report["top_hotspots"] = [h.explanation for h in local.hotspots[:5]]

    if not args.no_dask:
        from distributed import Client, LocalCluster

        t1 = time.perf_counter()
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env={"POLARS_MAX_THREADS": "1"},  # one thread per worker, as configured
            ) as cluster,
            Client(cluster) as client,
        ):
            startup = time.perf_counter() - t1
            dask = refresh(raw, work / "dask", runner=DaskRunner(client))
            report["cpu_probe"] = cpu_probe(client)
        report["dask"] = {**dask.timings, "cluster_startup": round(startup, 2)}
        report["dask_identical"] = dask.comparable() == local.comparable()
        print(
            f"dask refresh {report['dask']} identical={report['dask_identical']}", file=sys.stderr
        )

    report["cjrc"] = cjrc(shared_data())
    report["targets"] = TARGETS
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return report


def print_text(r: dict[str, Any]) -> None:
    h = r["hotspots"]
    print(
        f"planted corpus: {r['n_cases']:,} cases in {r['parts']} parts (seed {r['seed']}), "
        f"generated in {r['generate_seconds']} s"
    )
    print(
        f"hotspots: recall {h['found']}/{h['planted']} = {h['recall']:.1%} (target ≥ 95%), "
        f"false alarms {h['false_alarms']} of {h['reported']} reported = "
        f"{h['false_alarms_per_20']:.2f} per 20 (target ≤ 1)"
    )
    if h["missed"]:
        print("  missed:", "; ".join(h["missed"]))
    for ex in h["false_alarm_examples"]:
        print("  false alarm:", ex)
    print("planted patterns:")
    for cause, q in r["patterns_planted"].items():
        if isinstance(q, dict):
            print(
                f"  {cause}: {q['clusters']} clusters for {q['planted']} planted, purity "
                f"{q['purity']:.3f}, ARI {q['ari']:.3f}  [{' / '.join(q['labels'])}]"
            )
    print(f"  overall purity {r['patterns_planted']['overall_purity']}")
    e = r["entities"]
    print(
        f"entities: {e['names']:,} names → {e['clusters']:,} clusters ({e['true_entities']:,} true); "
        f"pair precision {e['pair_precision']:.4f}, recall {e['pair_recall']:.4f}"
    )
    print("refresh seconds (local):", r["local"])
    if "dask" in r:
        print(
            "refresh seconds (2-worker LocalCluster):", r["dask"], "identical:", r["dask_identical"]
        )
        print(
            f"machine: {r['cpus']} CPUs, load average at start {r['loadavg_at_start']}; "
            f"CPU probe (4 pure-Python tasks) {r['cpu_probe']}"
        )
    c = r.get("cjrc")
    if c is None:
        print("CJRC: ../shared/data absent, skipped")
    else:
        for k, v in c.items():
            print(
                f"CJRC {k}: {v['cases']} cases, {v['causes']} 案由 → {v['clusters']} clusters, "
                f"purity {v['purity']:.3f}, ARI {v['ari']:.3f}"
            )
            for nc in v.get("named_clusters", []):
                print(
                    f"   「{nc['label']}」 {nc['size']} 件: {' '.join(nc['key_terms'])} → {nc['majority']}"
                )
    print("top hotspots:")
    for ex in r["top_hotspots"]:
        print("  ", ex)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--parts", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--workdir", default=None, help="keep the Parquet parts here")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--json-out", default=None, help="also write the JSON report to this file")
    args = ap.parse_args()
    report = run(args)
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(report, ensure_ascii=False, indent=2, default=str), "utf-8"
        )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        print_text(report)


if __name__ == "__main__":
    main()
