from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from fengqiao.cases.models import Case, CaseParty, QuarantinedRecord
from fengqiao.core.paging import Facet
from fengqiao.core.params import id_param, year_param
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.search.cases_index import case_index


def cases_visible(user) -> QuerySet[Case]:
    return Case.objects.filter(owner_id__in=visible_court_ids(user))


@dataclass
class CaseFilters:
    q: str = ""
    owner: int | None = None
    year: int | None = None
    type_code: str = ""
    cause: str = ""
    domain: str = ""
    party: str = ""

    @classmethod
    def from_query(cls, params) -> CaseFilters:
        return cls(
            q=params.get("q", "").strip()[:200],
            owner=id_param(params, "owner"),
            year=year_param(params, "year"),
            type_code=params.get("type_code", "").strip()[:10],
            cause=params.get("cause", "").strip()[:100],
            domain=params.get("domain", "").strip()[:20],
            party=params.get("party", "").strip()[:100],
        )


def case_search(user, filters: CaseFilters) -> QuerySet[Case]:
    cases = cases_visible(user).only(
        "id",
        "case_no",
        "court_name",
        "cause",
        "domain",
        "doc_kind",
        "decided_on",
        "outcome",
        "year",
        "owner_id",
    )
    if filters.owner:
        cases = cases.filter(owner_id=filters.owner)
    if filters.year:
        cases = cases.filter(year=filters.year)
    if filters.type_code:
        cases = cases.filter(type_code=filters.type_code)
    if filters.cause:
        cases = cases.filter(cause=filters.cause)
    if filters.domain:
        cases = cases.filter(domain=filters.domain)
    if filters.party:
        cases = cases.filter(pk__in=_cases_with_party(filters.party))
    if filters.q:
        owners = [filters.owner] if filters.owner else visible_court_ids(user)
        hits = case_index().search(filters.q, owner_ids=owners, limit=1000)
        cases = cases.filter(pk__in=[case_id for case_id, _ in hits])
    return cases


def _cases_with_party(name: str) -> QuerySet:
    """Ids of cases with a party whose name is ``name`` or starts with it: a range on the
    indexed name column (a "contains" search would read every party row of the corpus)."""
    return (
        CaseParty.objects.filter(name__gte=name, name__lt=name + "\U0010ffff")
        .order_by()
        .values("case_id")
    )


FACET_TTL = 300  # seconds; new imports show up at once (the key has the highest case id)


def facet_values(user) -> dict[str, list[Facet]]:
    """The filter options of the case list with their counts: one indexed ``GROUP BY`` per
    column over the visible cases (each value once), kept for a few minutes per set of
    visible courts — at a million cases the four aggregates take longer than the page."""
    court_ids = sorted(visible_court_ids(user))
    # the newest case (by primary key: one index step) stands for "the corpus as it is now"
    latest = Case.objects.order_by("-id").values_list("id", "imported_at").first()
    digest = hashlib.sha1(f"{court_ids}{latest}".encode()).hexdigest()[:24]
    key = f"case-facets:{digest}"
    facets = cache.get(key)
    if facets is None:
        facets = _facets(court_ids)
        cache.set(key, facets, FACET_TTL)
    return facets


def _facets(court_ids: list[int]) -> dict[str, list[Facet]]:
    """The four facets from ONE pass over the (owner, year, type_code, domain, cause, …) index:
    the rows grouped by those columns come out in index order (no sort, no row read), and the
    counts per value of each column are added up here — instead of four scans of the index."""
    from django.db.models import Count

    columns = ("year", "type_code", "domain", "cause")
    totals: dict[str, dict] = {column: {} for column in columns}
    grouped = (
        Case.objects.filter(owner_id__in=court_ids)
        .order_by()
        .values("owner_id", *columns)
        # COUNT(*), not COUNT(id): PostgreSQL then reads the index alone (id is not in it)
        .annotate(n=Count("*"))
    )
    for row in grouped.iterator(chunk_size=5000):
        for column in columns:
            value = row[column]
            if value is None or value == "":
                continue
            counts = totals[column]
            counts[value] = counts.get(value, 0) + row["n"]

    def by_count(column: str, limit: int) -> list[Facet]:
        facets = [Facet(value, n) for value, n in totals[column].items()]
        facets.sort(key=lambda f: (-f.count, f.value))
        return facets[:limit]

    years = [Facet(value, n) for value, n in totals["year"].items()]
    years.sort(key=lambda f: f.value, reverse=True)
    return {
        "years": years,
        "type_codes": by_count("type_code", 40),
        "causes": by_count("cause", 40),
        "domains": by_count("domain", 40),
    }


def quarantine_visible(user) -> QuerySet[QuarantinedRecord]:
    """Records whose court is known and visible. Records of no known court stay with the
    operator who ran the import (listed by ``fengqiao import-cases``), never shown to courts."""
    return QuarantinedRecord.objects.filter(owner_id__in=visible_court_ids(user))
