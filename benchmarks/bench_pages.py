"""Every list and detail page a court user opens, at volume, against the plain demo.

    nice python benchmarks/bench_pages.py                         # 1,000,000 cases, SQLite
    nice python benchmarks/bench_pages.py --cases 200000 --json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fq_pages python benchmarks/bench_pages.py

Builds (once; reused from ``--cache``) a database with the demo plus N generated judgments
spread over the demo's basic courts (most in the demo court) and ``--suggestions`` letters in
every state, inserted in bulk (``bulk_create`` in batches, not the import pipeline), with the
full-text index built from the same texts. Then, in a fresh process per database, logs in as
the demo court's 研究室 user (``yanjiushi``) with Django's test ``Client`` — the whole request
path (middleware, views, templates) in-process, no network or gunicorn — and times every page:
p50/p95 over ``--rounds`` requests after two warm-ups, and the response size. The same pages are
timed on the plain demo for the "≤ 1.5× the demo" comparison. With ``DATABASE_URL`` the large
database goes there (the demo comparison stays on SQLite in the cache folder).

Targets (issue 13): p95 ≤ 300 ms per page, ≤ 300 KB, ≤ 1.5× the demo.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path(os.environ.get("FENGQIAO_BENCH_CACHE", "/tmp/fengqiao-bench-pages"))
TARGET_MS, TARGET_KB, TARGET_RATIO = 300.0, 300.0, 1.5


# ---- building (inside a worker process, Django set up) -------------------------------------


def _setup(data_dir: Path, database_url: str | None) -> None:
    os.environ["FENGQIAO_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _sections(text: str) -> dict[str, str]:
    """A cheap split of a generated judgment (the bench does not run the parser)."""
    at = text.find("本院认为")
    end = max(text.rfind("判决如下"), text.rfind("裁定如下"))
    if at < 0:
        return {"facts": text}
    sections = {"facts": text[:at], "reasoning": text[at : end if end > at else len(text)]}
    if end > at:
        sections["judgment"] = text[end:]
    return sections


def build_demo() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", if_empty=True, verbosity=0)


def build_cases(n: int, *, batch: int = 5000) -> None:
    from django.db import connection

    from fengqiao.courts.models import Court, CourtLevel

    # the generator currently lives here; another change moves it to fengqiao/demo/generator.py
    from fengqiao.demo.generator import generate_cases
    from fengqiao.search.cases_index import case_index

    basics = list(Court.objects.filter(level=CourtLevel.BASIC).order_by("id"))
    demo_court = max(basics, key=lambda c: c.cases.count())
    pool = [demo_court] * 6 + [c for c in basics if c != demo_court]
    by_name = {c.name: c for c in basics}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    domains: dict[tuple[str, str], str] = {}
    index = case_index()
    rng = random.Random(13)
    generated = generate_cases(n, seed=13, courts=[(c.name, c.code) for c in pool])
    with index._writer() as writer:  # one writer for the whole build, committed as it goes
        _add_cases(n, batch, generated, pool, by_name, rng, domains, writer)


def _add_cases(n, batch, generated, pool, by_name, rng, domains, writer) -> None:
    import hashlib

    import tantivy
    from django.db import transaction

    from fengqiao.cases.models import Case, CaseParty
    from fengqiao.search.cases_index import tokens_for
    from fengqiao.textlaw.casenum import parse_case_number
    from fengqiao.textlaw.domains import classify_domain

    done, started = 0, time.monotonic()
    while done < n:
        rows, parties = [], []
        for g in generated:
            owner = by_name.get(g.court_name) or rng.choice(pool)
            number = parse_case_number(g.case_no)
            year = number.year or int(re.search(r"\d{4}", g.case_no).group())
            type_code = (number.type_code or "")[:10]
            key = (g.cause, type_code[:1])
            if key not in domains:
                domains[key] = classify_domain(cause=g.cause, type_code=type_code, parties=[])
            rows.append(
                Case(
                    owner=owner,
                    case_no=g.case_no,
                    court_key=f"bench|{g.court_name}"[:120],
                    court_code=owner.code,
                    court_name=g.court_name,
                    year=year,
                    type_code=type_code,
                    seq=number.seq,
                    doc_kind=g.doc_kind,
                    trial_level=g.trial_level,
                    cause=g.cause[:100],
                    cause_kind=g.kind,
                    domain=domains[key],
                    outcome=g.outcome[:30],
                    decided_on=g.decided_on,
                    judges=[list(j) for j in g.judges],
                    clerk=g.clerk,
                    sections=_sections(g.text),
                    full_text=g.text,
                    content_hash=hashlib.sha256(g.text.encode()).hexdigest(),
                    source="bench_pages",
                    needs_index=False,
                )
            )
            parties.append(g.parties)
            if len(rows) >= batch:
                break
        if not rows:
            break
        with transaction.atomic():
            created = Case.objects.bulk_create(rows, batch_size=500)
            CaseParty.objects.bulk_create(
                [
                    CaseParty(case_id=c.pk, position=i, name=name[:200], role=role[:30], kind=kind)
                    for c, ps in zip(created, parties, strict=True)
                    for i, (role, name, kind) in enumerate(ps)
                ],
                batch_size=1000,
            )
        for c in created:  # fresh ids: added without the per-document delete of upsert()
            doc = tantivy.Document()
            doc.add_text("key", str(c.pk))
            doc.add_unsigned("id", c.pk)
            doc.add_unsigned("owner", c.owner_id)
            doc.add_text("text", tokens_for(c.full_text))
            doc.add_text("cause", c.cause)
            doc.add_text("domain", c.domain)
            doc.add_unsigned("year", c.year)
            writer.add_document(doc)
        done += len(rows)
        if done % 100_000 < batch:
            writer.commit()
        rate = done / (time.monotonic() - started)
        _log(f"cases {done:,}/{n:,} ({rate:,.0f}/s)")


def build_suggestions(total: int) -> None:
    """``total`` letters across the demo courts' units, in every state, with plausible dates."""
    from django.db import transaction

    from fengqiao.courts.models import RecipientUnit, User
    from fengqiao.suggestions.models import Category, State, Suggestion

    rng = random.Random(2026)
    units = list(RecipientUnit.objects.select_related("court"))
    users = {}
    for user in User.objects.filter(court__isnull=False).order_by("id"):
        users.setdefault(user.court_id, user)
    units = [u for u in units if u.court_id in users]
    states = list(State.values)
    seqs: dict[tuple[int, int], int] = {}
    for court_id, year, seq in Suggestion.objects.exclude(number_seq=None).values_list(
        "court_id", "number_year", "number_seq"
    ):
        seqs[(court_id, year)] = max(seqs.get((court_id, year), 0), seq)
    today = date.today()
    rows = []
    for i in range(total):
        unit = units[i % len(units)] if i % 3 else rng.choice(units)
        state = states[i % len(states)]
        created = today - timedelta(days=rng.randint(1, 1500))
        unsigned = state in (State.DRAFTING, State.IN_REVIEW) or (
            state == State.WITHDRAWN and i % 2
        )
        row = Suggestion(
            court_id=unit.court_id,
            category=rng.choice(Category.values),
            domain=rng.choice(["民商事", "行政", "刑事", "金融", "劳动"]),
            title=f"关于加强第{i + 1}类风险防范的司法建议",
            recipient=unit,
            state=state,
            holder=users[unit.court_id],
            drafter=users[unit.court_id],
        )
        if not unsigned:
            key = (unit.court_id, created.year)
            seqs[key] = seqs.get(key, 0) + 1
            row.number_year, row.number_seq = created.year, seqs[key]
            row.doc_number = f"（{created.year}）{unit.court.code}司建{seqs[key]}号"
            delivered = created + timedelta(days=rng.randint(3, 20))
            if state not in (State.SIGNED, State.PRE_COMMUNICATION, State.WITHDRAWN):
                row.delivered_on = delivered
                row.reply_due_on = delivered + timedelta(days=60)
            if state in (State.REPLIED, State.FOLLOW_UP, State.ARCHIVED):
                row.replied_on = delivered + timedelta(days=rng.randint(10, 55))
                row.completed_on = row.replied_on
            if state == State.ARCHIVED:
                row.archived_on = row.replied_on + timedelta(days=30)
        rows.append(row)
    with transaction.atomic():
        Suggestion.objects.bulk_create(rows, batch_size=500)
    _log(f"suggestions {total:,}")


def refresh_mining() -> float:
    """The class-case refresh over the whole corpus (hotspots, entities) as the nightly job."""
    from fengqiao.mining.refresh import run_refresh

    started = time.monotonic()
    run_refresh()
    _log(f"mining refresh {time.monotonic() - started:.0f} s")
    return time.monotonic() - started


def build(data_dir: Path, database_url: str | None, cases: int, suggestions: int) -> dict:
    marker = data_dir / "bench-built.json"
    if marker.exists():
        info = json.loads(marker.read_text())
        _setup(data_dir, database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a reused database gets new indexes too
        if info.get("mining_s") is None and cases:
            info["mining_s"] = refresh_mining()
            marker.write_text(json.dumps(info))
        return info
    data_dir.mkdir(parents=True, exist_ok=True)
    _setup(data_dir, database_url)
    started = time.monotonic()
    build_demo()
    _log("demo loaded")
    if cases:
        build_cases(cases)
    if suggestions:
        build_suggestions(suggestions)
    info = {"cases": cases, "suggestions": suggestions, "build_s": time.monotonic() - started}
    info["mining_s"] = refresh_mining() if cases else 0.0
    from django.db import connection

    with connection.cursor() as cursor:
        # PostgreSQL: what autovacuum does to a table some time after a bulk load (the
        # visibility map lets the facet and count queries read the indexes alone)
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    marker.write_text(json.dumps(info))
    return info


# ---- timing (worker) -----------------------------------------------------------------------


def _pages(client) -> list[tuple[str, str, str]]:
    """(label, user, url) for every page timed; ids picked from the database being timed."""
    from django.db.models import Count

    from fengqiao.cases.models import Case
    from fengqiao.courts.models import User
    from fengqiao.mining.models import BacktraceRun
    from fengqiao.suggestions.models import Clue, Meeting, Suggestion

    clerk = User.objects.get(username="yanjiushi")
    court = clerk.court_id
    case = (
        Case.objects.filter(owner_id=court)
        .exclude(cause="")
        .order_by("-decided_on", "-id")
        .only("id")
        .first()
    )
    common = (
        Case.objects.filter(owner_id=court, year=2020)
        .order_by()
        .values("type_code", "domain")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    ) or {"type_code": "", "domain": ""}
    suggestion = (
        Suggestion.objects.filter(court_id=court, state="delivered").order_by("-id").first()
    )
    clue = Clue.objects.filter(court_id=court).order_by("-id").first()
    meeting = Meeting.objects.filter(court_id=court).order_by("-id").first()
    run = BacktraceRun.objects.filter(court_id=court).order_by("-id").first()
    pages = [
        ("home", "yanjiushi", "/"),
        ("案件库", "yanjiushi", "/cases/"),
        ("案件库 cold cache", "yanjiushi", "/cases/"),  # facets recomputed on every request
        ("案件库 page 50", "yanjiushi", "/cases/?page=50"),
        ("案件库 ?q=合同", "yanjiushi", "/cases/?q=%E5%90%88%E5%90%8C"),
        (
            "案件库 filters",
            "yanjiushi",
            f"/cases/?year=2020&type_code={common['type_code']}&domain={common['domain']}",
        ),
        ("案件库 party", "yanjiushi", "/cases/?party=%E5%85%AC%E5%8F%B8"),
        ("case page", "yanjiushi", f"/cases/{case.pk}/"),
        ("case 类案推送", "yanjiushi", f"/cases/{case.pk}/similar/"),
        ("register", "yanjiushi", "/suggestions/"),
        (
            "register filters",
            "yanjiushi",
            "/suggestions/?state=delivered&sort=due&q=%E5%85%B3%E4%BA%8E",
        ),
        ("register overdue", "yanjiushi", "/suggestions/?overdue=1"),
        ("register xlsx", "yanjiushi", "/suggestions/?state=delivered&format=xlsx"),
        ("suggestion page", "yanjiushi", f"/suggestions/{suggestion.pk}/"),
        ("线索", "yanjiushi", "/clues/"),
        ("会议", "yanjiushi", "/meetings/"),
        ("热点", "yanjiushi", "/hotspots/"),
        ("涉诉单位", "yanjiushi", "/entities/"),
        ("涉诉单位 ?q=公司", "yanjiushi", "/entities/?q=%E5%85%AC%E5%8F%B8"),
        ("反向追溯", "yanjiushi", "/backtrace/"),
        ("my work", "yanjiushi", "/work/"),
        ("audit", "admin", "/audit/"),
        ("portal list", "zhujianju", "/portal/"),
    ]
    if clue:
        pages.append(("clue page", "yanjiushi", f"/clues/{clue.pk}/"))
    if meeting:
        pages.append(("meeting page", "yanjiushi", f"/meetings/{meeting.pk}/"))
    if run:
        pages.append(("反向追溯 run", "yanjiushi", f"/backtrace/{run.pk}/"))
    return pages


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def time_pages(rounds: int, only: str | None) -> list[dict]:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from fengqiao.courts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients: dict[str, Client] = {}
    results = []
    for label, username, url in _pages(None):
        if only and only not in label:
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        samples, size, status = [], 0, 0
        for i in range(rounds + 2):
            if "cold" in label:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            body = _body(response)
            elapsed = (time.perf_counter() - started) * 1000
            status, size = response.status_code, len(body)
            if i >= 2:
                samples.append(elapsed)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        results.append(
            {
                "page": label,
                "url": url,
                "status": status,
                "p50_ms": round(statistics.median(samples), 1),
                "p95_ms": round(p95, 1),
                "kb": round(size / 1024, 1),
            }
        )
        _log(f"{label:<20} {results[-1]['p50_ms']:>8} {results[-1]['p95_ms']:>8} ms {size:>9} B")
    return results


def worker(args) -> None:
    data_dir = Path(args.worker)
    database_url = args.database_url or None
    info = build(data_dir, database_url, args.cases, args.suggestions)
    _setup(data_dir, database_url)
    from fengqiao.cases.models import Case

    info["cases_in_db"] = Case.objects.count()
    info["pages"] = time_pages(args.rounds, args.only)
    print(json.dumps(info, ensure_ascii=False))


# ---- orchestration -------------------------------------------------------------------------


def run_worker(data_dir: Path, cases: int, suggestions: int, database_url: str, args) -> dict:
    command = [
        sys.executable, __file__, "--worker", str(data_dir), "--cases", str(cases),
        "--suggestions", str(suggestions), "--rounds", str(args.rounds),
        "--database-url", database_url,
    ]  # fmt: skip
    if args.only:
        command += ["--only", args.only]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--suggestions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", help="time only pages whose label contains this")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    database_url = os.environ.get("DATABASE_URL", "")
    big_dir = args.cache / (f"cases-{args.cases}" + ("-pg" if database_url else ""))
    big = run_worker(big_dir, args.cases, args.suggestions, database_url, args)
    demo = run_worker(args.cache / "demo", 0, 0, "", args)
    base = {p["page"]: p for p in demo["pages"]}
    rows = []
    for page in big["pages"]:
        ref = base.get(page["page"])
        ratio = page["p95_ms"] / ref["p95_ms"] if ref and ref["p95_ms"] else None
        ok = (
            page["status"] == 200
            and page["p95_ms"] <= TARGET_MS
            and page["kb"] <= TARGET_KB
            and (ratio is None or ratio <= TARGET_RATIO)
        )
        rows.append({**page, "demo_p95_ms": ref and ref["p95_ms"], "ratio": ratio, "ok": ok})
    report = {
        "database": "postgresql" if database_url else "sqlite",
        "client": "django.test.Client (in-process)",
        "cases": big["cases_in_db"],
        "demo_cases": demo["cases_in_db"],
        "suggestions": args.suggestions,
        "build_s": round(big.get("build_s") or 0, 1),  # 0: not known (a build finished by hand)
        "rounds": args.rounds,
        "pages": rows,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(
        f"{report['database']}, {report['cases']:,} cases (demo {report['demo_cases']:,}), "
        f"{args.rounds} rounds, {report['client']}"
    )
    print(
        f"{'page':<22}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'KB':>8}{'demo p95':>10}{'×':>6}  ok"
    )
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] else "—"
        print(
            f"{r['page']:<22}{r['status']:>7}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['kb']:>8}"
            f"{r['demo_p95_ms'] or '—':>10}{ratio:>6}  {'✓' if r['ok'] else '✗'}"
        )


if __name__ == "__main__":
    main()
