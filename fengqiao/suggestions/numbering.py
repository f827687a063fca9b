"""文号: ``{地名简称}法建〔YYYY〕N号`` per court per year — unique and gap-free.

The sequence is taken from a per-court/year counter row locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE) inside the signing transaction, so
concurrent signatures never share or skip a number; a rolled-back signature returns its number.
"""

from __future__ import annotations

from django.db import transaction

from fengqiao.courts.models import Court
from fengqiao.documents.doc_number import (
    DEFAULT_PATTERN,
    SUPREME_PATTERN,
    format_doc_number,
    parse_doc_number,
)
from fengqiao.suggestions.models import NumberCounter


def court_pattern(court: Court) -> str:
    pattern = court.doc_number_pattern or DEFAULT_PATTERN
    if court.level == "supreme" and pattern.startswith("{short}"):
        pattern = SUPREME_PATTERN
    return pattern


def court_doc_number(court: Court, year: int, seq: int) -> str:
    """This court's 文号 (through the one formatter, documents.doc_number.format_doc_number)."""
    return format_doc_number(court.short_name, year, seq, pattern=court_pattern(court))


def doc_number_parts(text: str, *, supreme: bool = False) -> tuple[int | None, int | None]:
    """(year, seq) read back from a 文号 (through the one parser); (None, None) if unreadable."""
    parsed = parse_doc_number(text, supreme_court=supreme)
    return parsed.year, parsed.seq


def take_number(court: Court, year: int) -> int:
    """Reserve the next sequence number; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the signing transaction")
    NumberCounter.objects.get_or_create(court=court, year=year)
    counter = NumberCounter.objects.select_for_update().get(court=court, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
