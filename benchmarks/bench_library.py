"""司法建议案例库 search latency: N generated library entries, p50/p95 of a search with facets.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_library.py [--n 100000] [--queries 300] [--json]

Entries are generated in bulk (topics × problem/suggestion phrases × domains, courts, years,
outcomes) straight into a temporary LibraryIndex — the same index, tokenizer (rjieba + the
legal dictionary) and query code the pages and the API use. One search = the full-text query
with 0–2 facet filters (opening the index, as each request does), one page of 20 ids (relevance or date order), the total, and the counts
of all eight facets (tantivy terms aggregation). The page then loads its ≤20 entries by primary
key from the database, a constant cost not included here. "类似建议" (top 5) is timed too.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from fengqiao.library.index import IndexedEntry, LibraryIndex

TOPICS = [
    "住宅小区物业服务监管",
    "电梯安全维保",
    "校园周边食品安全",
    "民间借贷风险防范",
    "网络诈骗防范",
    "建设工程款拖欠",
    "农民工工资支付",
    "道路交通安全管理",
    "未成年人网络保护",
    "环境污染防治",
    "劳动合同规范管理",
    "商品房预售资金监管",
    "医疗纠纷预防",
    "保险理赔规范",
    "电信网络诈骗治理",
    "土地征收补偿",
    "行政执法程序规范",
    "知识产权保护",
    "非法集资风险防范",
    "养老机构服务监管",
]
PROBLEMS = [
    "维修资金长期挪用，业主权益难以保障",
    "监督检查流于形式，隐患长期存在",
    "合同文本不规范，争议频发",
    "执法程序不规范，证据收集不完整",
    "信息公开不及时，群众反映强烈",
    "资金监管账户管理混乱",
    "从业人员资质审核不严",
    "投诉处理机制不健全，矛盾激化",
    "风险提示不到位，群众防范意识薄弱",
    "部门之间协调联动不足，责任不清",
    "台账记录缺失，事后追责困难",
    "格式条款显失公平，消费者维权难",
]
SUGGESTIONS = [
    "建立健全日常监督检查机制",
    "加强部门协作与信息共享",
    "规范合同示范文本",
    "开展专项整治行动",
    "加强普法宣传和风险提示",
    "完善投诉处理和回访制度",
    "严格资质审核与准入管理",
    "定期通报整改情况",
]
DOMAINS = ["房地产", "金融", "家事", "未成年人", "环资", "行政", "劳动", "道交", "知识产权", "刑事"]
CATEGORIES = ["governance", "class", "individual", "civil_117", "admin_96"]
KINDS = ["government", "institution", "company", "association", "other"]
OUTCOMES = ["pending", "adopted", "partly", "not_adopted"]
PROVINCES = ["江苏省", "浙江省", "广东省", "山东省", "四川省", "河南省", "湖北省", "北京市"]


def entries(n: int, seed: int = 7) -> Iterator[IndexedEntry]:
    rng = random.Random(seed)
    for i in range(1, n + 1):
        topic = rng.choice(TOPICS)
        problems = "；".join(rng.sample(PROBLEMS, 3))
        suggestions = "；".join(rng.sample(SUGGESTIONS, 3))
        year = rng.randint(2019, 2026)
        yield IndexedEntry(
            id=i,
            text=f"关于加强{topic}的司法建议书\n{problems}\n{suggestions}\n已研究部署落实",
            problems=f"{topic}中存在的问题：{problems}",
            domain=rng.choice(DOMAINS),
            category=rng.choice(CATEGORIES),
            recipient_kind=rng.choice(KINDS),
            year=year,
            court=rng.randint(1, 3500),
            province=rng.choice(PROVINCES),
            outcome=rng.choice(OUTCOMES),
            excellent=rng.random() < 0.02,
            date=year * 10000 + rng.randint(1, 12) * 100 + rng.randint(1, 28),
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        index = LibraryIndex(Path(tmp) / "library")
        started = time.perf_counter()
        batch: list[IndexedEntry] = []
        for entry in entries(args.n):
            batch.append(entry)
            if len(batch) == 20_000:
                index.upsert(batch)
                batch = []
                print(f"  indexed {entry.id:,}/{args.n:,}", file=sys.stderr, flush=True)
        if batch:
            index.upsert(batch)
        build_s = time.perf_counter() - started
        words = [
            "物业",
            "电梯",
            "维修资金",
            "食品安全",
            "借贷",
            "诈骗",
            "工程款",
            "监督检查",
            "资质",
        ]
        searches: list[float] = []
        totals: list[int] = []
        for _ in range(args.queries):
            q = " ".join(rng.sample(words, rng.choice([1, 1, 2])))
            filters: dict[str, list] = {}
            for _f in range(rng.choice([0, 1, 2])):
                name = rng.choice(["domain", "year", "outcome", "province"])
                filters[name] = [
                    {
                        "domain": rng.choice(DOMAINS),
                        "year": rng.randint(2019, 2026),
                        "outcome": rng.choice(OUTCOMES),
                        "province": rng.choice(PROVINCES),
                    }[name]
                ]
            sort = rng.choice(["relevance", "date"])
            t = time.perf_counter()
            reader = LibraryIndex(index.path)  # as a page does: open, then search
            result = reader.search(q, filters=filters, sort=sort, offset=rng.choice([0, 0, 20]))
            searches.append((time.perf_counter() - t) * 1000)
            totals.append(result.total)
        similar: list[float] = []
        for _ in range(min(100, args.queries)):
            topic = rng.choice(TOPICS)
            t = time.perf_counter()
            index.similar(
                entry_id=rng.randint(1, args.n),
                domain=rng.choice(DOMAINS),
                problems=f"{topic}中存在的问题：{'；'.join(rng.sample(PROBLEMS, 3))}",
            )
            similar.append((time.perf_counter() - t) * 1000)
    out = {
        "entries": args.n,
        "build_seconds": round(build_s, 1),
        "queries": args.queries,
        "search_p50_ms": round(statistics.median(searches), 1),
        "search_p95_ms": round(percentile(searches, 95), 1),
        "search_max_ms": round(max(searches), 1),
        "median_hits": int(statistics.median(totals)),
        "similar_p50_ms": round(statistics.median(similar), 1),
        "similar_p95_ms": round(percentile(similar, 95), 1),
        "target_p95_ms": 50,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for key, value in out.items():
            print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
