"""Parsing list-page filters from the query string: one helper per kind of value.

A filter that cannot be a real value — not a number, a year like 99999, an id of 25 digits (which
SQLite cannot even bind: OverflowError; PostgreSQL raises DataError on some columns), a date
outside the calendar — is ignored (``None``), as if it had not been given: a filter link typed
wrongly shows the unfiltered list instead of an error page. Every list page parses its integer
and date filters through these functions; the API's filter schemas bound the same values.
"""

from __future__ import annotations

from datetime import date

MAX_ID = 2**63 - 1  # BigAutoField (and SQLite's INTEGER) upper bound
MAX_INT = 2**31 - 1  # IntegerField / PositiveIntegerField on every database
FIRST_YEAR, LAST_YEAR = 1900, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


def _raw(params, name: str) -> str:
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def int_param(params, name: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """A whole number within [minimum, maximum], or None."""
    value = _raw(params, name)
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def id_param(params, name: str) -> int | None:
    """A database id (1 … 2**63-1), or None."""
    return int_param(params, name, minimum=1, maximum=MAX_ID)


def year_param(params, name: str = "year") -> int | None:
    """A calendar year between 1900 and 2100, or None."""
    return int_param(params, name, minimum=FIRST_YEAR, maximum=LAST_YEAR)


def date_param(params, name: str) -> date | None:
    """An ISO date (YYYY-MM-DD) between 1900-01-01 and 2100-12-31, or None."""
    value = _raw(params, name)
    if len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None
