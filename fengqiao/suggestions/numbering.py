"""文号: ``{地名简称}法建〔YYYY〕N号`` per court per year — unique and gap-free.

The sequence is taken from a per-court/year counter row locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE) inside the signing transaction, so
concurrent signatures never share or skip a number; a rolled-back signature returns its number.
"""

from __future__ import annotations

from django.db import transaction

from fengqiao.courts.models import Court
from fengqiao.suggestions.models import NumberCounter

SUPREME_PATTERN = "法建〔{year}〕{n}号"


def format_doc_number(court: Court, year: int, seq: int) -> str:
    pattern = court.doc_number_pattern or "{short}法建〔{year}〕{n}号"
    if court.level == "supreme" and pattern.startswith("{short}"):
        pattern = SUPREME_PATTERN
    return pattern.format(short=court.short_name, year=year, n=seq)


def take_number(court: Court, year: int) -> int:
    """Reserve the next sequence number; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the signing transaction")
    NumberCounter.objects.get_or_create(court=court, year=year)
    counter = NumberCounter.objects.select_for_update().get(court=court, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
