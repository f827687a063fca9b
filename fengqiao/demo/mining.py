"""Demo class-case data: a planted corpus (with known hotspots and problem patterns) stored as
the 开发区法院's case-management records, then one refresh — so the hotspot page is alive.
Every record carries its 承办法官 and 承办部门: a judge of the division hearing its case type."""

from __future__ import annotations

import hashlib
import random

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from fengqiao.cases.models import Case, CaseParty
from fengqiao.courts.models import Court
from fengqiao.demo.courts import division_for, trial_judges
from fengqiao.demo.planted import make_planted
from fengqiao.mining.refresh import run_refresh

DEMO_COURT = "苏0791"


@transaction.atomic
def _store(court: Court, n_cases: int) -> int:
    corpus = make_planted(n_cases, seed=2026, start=(2023, 1), end=(2026, 9), n_courts=2)
    offset = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    cases, parties = [], []
    # numbers follow the demo judgments' numbers of the same year and type
    sequence: dict[tuple[int, str], int] = {
        (r["year"], r["type_code"]): max(r["last"], 5000)
        for r in Case.objects.filter(owner=court, year__isnull=False)
        .values("year", "type_code")
        .annotate(last=Coalesce(Max("seq"), 0))
        .order_by()
    }
    judges = trial_judges(court)
    rng = random.Random(2026)
    for row in sorted(corpus.rows, key=lambda r: (r["decided_on"], r["case_id"])):
        case_id = offset + row["case_id"]
        key = (row["year"], row["type_code"])
        sequence[key] = sequence.get(key, 5000) + 1
        number = f"（{row['year']}）{court.code}{row['type_code']}{sequence[key]}号"
        judge = rng.choice(judges[division_for(row["type_code"], row["cause"])])
        cases.append(
            Case(
                id=case_id,
                owner=court,
                case_no=number,
                court_key=court.code,
                court_code=court.code,
                court_name=court.name,
                year=row["year"],
                type_code=row["type_code"],
                seq=sequence[key],
                cause=row["cause"],
                domain=row["domain"],
                doc_kind="判决书",
                outcome=row["outcome"],
                decided_on=row["decided_on"],
                amounts=[row["amount_max"]] if row["amount_max"] else [],
                judges=[["审判员", judge.full_name]],
                judge=judge,
                judge_name=judge.full_name,
                division=judge.division,
                division_name=judge.division.name,
                sections={"facts": row["facts"]},
                full_text=row["facts"],
                content_hash=hashlib.sha256(number.encode()).hexdigest(),
                source="演示数据（案件管理记录）",
            )
        )
        named = [p for p in row["parties"] if p["name"]]
        parties += [
            CaseParty(case_id=case_id, position=i, name=p["name"], role=p["role"], kind=p["kind"])
            for i, p in enumerate(named)
        ]
    Case.objects.bulk_create(cases, batch_size=1000)
    CaseParty.objects.bulk_create(parties, batch_size=2000)
    _reset_case_ids()
    return len(cases)


def _reset_case_ids() -> None:
    """The cases above carry their ids: move PostgreSQL's id sequence past them, or the next
    imported case would be refused with a duplicate key (SQLite needs nothing)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case]):
            cursor.execute(sql)


def load_demo_mining(n_cases: int = 2500, *, index: bool = True) -> int:
    """``index=False``: the caller builds the search index once for every demo case."""
    court = Court.objects.get(code=DEMO_COURT)
    stored = _store(court, n_cases)
    if index:
        from fengqiao.cases.services import index_pending

        index_pending()
    run_refresh()
    return stored
