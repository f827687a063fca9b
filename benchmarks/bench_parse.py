"""Judgment-parser throughput and quality.

Measures, on one core (single Python thread):
  * parse_judgment throughput on the real LeCaRD judgments (../shared/data) and on N generated ones;
  * the ratio to plain ``rjieba.cut`` over the same texts (how many times faster the parser is than
    merely segmenting the text);
  * extraction quality on the real data (share of 案号, court, 案由, parties, sections … found) with
    the failing document ids (never the documents themselves).

Usage:  .venv/bin/python benchmarks/bench_parse.py [--generated 20000] [--json] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import rjieba

from fengqiao.demo.generator import generate_judgments
from fengqiao.textlaw.judgment import Judgment, parse_judgment
from fengqiao.textlaw.sources import iter_records

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path | None:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    for p in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "data"]:
        if p.is_dir():
            return p
    return None


def rate(fn: Callable[[str], Any], texts: Sequence[str], repeat: int = 1) -> float:
    """Best-of-``repeat`` documents per second for ``fn`` over ``texts`` (after one warm-up call)."""
    if not texts:
        return 0.0
    fn(texts[0])
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for x in texts:
            fn(x)
        best = min(best, time.perf_counter() - t)
    return len(texts) / best


def _defendant(j: Judgment) -> bool:
    return any(
        "被告" in p.role
        or "被告" in (p.original_role or "")
        or "上诉" in p.role
        or p.role == "罪犯"
        for p in j.parties
    )


CHECKS: dict[str, Callable[[dict[str, Any], Judgment], bool]] = {
    "case_no": lambda d, j: j.case_no is not None,
    "court": lambda d, j: bool(j.court_name),
    "cause": lambda d, j: j.cause is not None,
    "parties(>=2)": lambda d, j: len(j.parties) >= 2,
    "defendant": lambda d, j: _defendant(j),
    "facts": lambda d, j: "facts" in j.sections,
    "reasoning": lambda d, j: "reasoning" in j.sections,
    "judgment": lambda d, j: "judgment" in j.sections,
    "tail": lambda d, j: "tail" in j.sections,
    "judges": lambda d, j: bool(j.judges),
    "clerk": lambda d, j: bool(j.clerk),
    "decided_on": lambda d, j: j.decided_on is not None,
    "outcome": lambda d, j: j.outcome is not None,
    "cause_in_title": lambda d, j: (
        bool(j.cause)
        and any(part and part in d.get("writName", "") for part in j.cause.rstrip("罪").split("、"))
    ),
}


def quality(
    docs: list[dict[str, Any]], parsed: list[Judgment], max_failures: int = 15
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, check in CHECKS.items():
        fails = [
            d.get("writId") or d.get("_locator")
            for d, j in zip(docs, parsed, strict=True)
            if not check(d, j)
        ]
        out[name] = {
            "share": round(1 - len(fails) / len(docs), 4) if docs else None,
            "failures": len(fails),
            "failing_ids": fails[:max_failures],
        }
    return out


def load_lecard(limit: int | None) -> list[dict[str, Any]]:
    base = shared_data()
    if base is None:
        return []
    tar = base / "lecard" / "candidates" / "candidates_dev10.tar.xz"
    docs: list[dict[str, Any]] = []
    for rec in iter_records(tar):
        if rec.error or not rec.text:
            continue
        d = dict(rec.fields)
        d["qw"] = rec.text
        d["_locator"] = rec.source.rsplit("::", 1)[-1]
        docs.append(d)
        if limit and len(docs) >= limit:
            break
    return docs


def civil(as_json: bool) -> int:
    """Civil/administrative openings (real names and courts, written openings; see
    benchmarks/civil_openings.py): 案号, court, party names, roles, kinds per dev/eval half."""
    try:
        from benchmarks.civil_openings import build, score
    except ImportError:  # run as a script from anywhere: benchmarks/ is on sys.path
        from civil_openings import build, score  # type: ignore[no-redef]

    base = shared_data()
    if base is None:
        print("skipped: ../shared/data not found (set FENGQIAO_SHARED_DATA)")
        return 0
    res = score(build(base), parse_judgment)
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    for split, r in res.items():
        print(
            f"[{split}] {r['openings']} openings, {r['parties']} parties: 案号 {r['case_no']:.3f}"
            f"  court {r['court']:.3f}  names {r['names']:.3f}  roles {r['roles']:.3f}"
            f"  kinds {r['kinds']:.3f}"
        )
        for miss in r["dev_misses"]:
            print("    ", miss)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--generated", type=int, default=20000, help="number of generated judgments")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N real judgments")
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (best is reported)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    ap.add_argument(
        "--civil",
        action="store_true",
        help="only the civil/administrative openings benchmark (dev and eval halves)",
    )
    args = ap.parse_args(argv)
    if args.civil:
        return civil(args.json)

    result: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores_used": 1,
    }
    docs = load_lecard(args.limit)
    real_texts = [d["qw"] for d in docs]
    if real_texts:
        parse_rate = rate(parse_judgment, real_texts, args.repeat)
        cut_rate = rate(rjieba.cut, real_texts, args.repeat)
        parsed = [parse_judgment(t) for t in real_texts]
        result["real"] = {
            "source": "LeCaRD candidates_dev10 (criminal judgments)",
            "documents": len(real_texts),
            "avg_chars": round(sum(map(len, real_texts)) / len(real_texts)),
            "parse_per_s": round(parse_rate, 1),
            "rjieba_cut_per_s": round(cut_rate, 1),
            "parse_vs_cut": round(parse_rate / cut_rate, 2),
            "quality": quality(docs, parsed),
        }
    else:
        result["real"] = {"skipped": "../shared/data not found (set FENGQIAO_SHARED_DATA)"}

    t = time.perf_counter()
    gen = list(generate_judgments(args.generated, seed=0))
    gen_rate = len(gen) / (time.perf_counter() - t) if gen else 0.0
    if gen:
        parse_rate = rate(parse_judgment, gen, 1)
        cut_rate = rate(rjieba.cut, gen, 1)
        result["generated"] = {
            "documents": len(gen),
            "avg_chars": round(sum(map(len, gen)) / len(gen)),
            "generate_per_s": round(gen_rate, 1),
            "parse_per_s": round(parse_rate, 1),
            "rjieba_cut_per_s": round(cut_rate, 1),
            "parse_vs_cut": round(parse_rate / cut_rate, 2),
        }

    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Python {result['python']} on {result['machine']}, one core\n")
    for key in ("real", "generated"):
        r = result.get(key)
        if not r:
            continue
        if "skipped" in r:
            print(f"[{key}] skipped: {r['skipped']}")
            continue
        print(f"[{key}] {r['documents']} judgments, avg {r['avg_chars']} chars")
        if "generate_per_s" in r:
            print(f"  generate         {r['generate_per_s']:>10,.0f} docs/s")
        print(f"  parse_judgment   {r['parse_per_s']:>10,.0f} docs/s")
        print(f"  rjieba.cut       {r['rjieba_cut_per_s']:>10,.0f} docs/s")
        print(f"  parse / cut      {r['parse_vs_cut']:>10.2f}x")
        if "quality" in r:
            print("  quality (share of documents where the field was found):")
            for name, q in r["quality"].items():
                ids = ", ".join(str(x) for x in q["failing_ids"])
                more = " …" if q["failures"] > len(q["failing_ids"]) else ""
                print(f"    {name:<15} {q['share']:.3f}  failures={q['failures']:<3} {ids}{more}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
