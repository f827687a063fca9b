from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from fengqiao.cases.models import Case, QuarantinedRecord
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
        cases = cases.filter(parties__name__icontains=filters.party).distinct()
    if filters.q:
        owners = [filters.owner] if filters.owner else visible_court_ids(user)
        hits = case_index().search(filters.q, owner_ids=owners, limit=1000)
        cases = cases.filter(pk__in=[case_id for case_id, _ in hits])
    return cases


def facet_values(user) -> dict[str, list]:
    cases = cases_visible(user)

    def top(field: str, limit: int = 40) -> list:
        return [
            row[field]
            for row in cases.exclude(**{field: ""})
            .values(field)
            .annotate(n=Count("id"))
            .order_by("-n")[:limit]
        ]

    return {
        # one option per year: order_by() drops the model's default ordering, which would
        # otherwise make every (year, ordering column) row distinct — one option per case
        "years": list(
            cases.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
        ),
        "type_codes": top("type_code"),
        "causes": top("cause"),
        "domains": top("domain"),
    }


def quarantine_visible(user) -> QuerySet[QuarantinedRecord]:
    """Records whose court is known and visible. Records of no known court stay with the
    operator who ran the import (listed by ``fengqiao import-cases``), never shown to courts."""
    return QuarantinedRecord.objects.filter(owner_id__in=visible_court_ids(user))
