"""Reads of the library, scoped: every court user reads released entries of ALL courts;
the research office of the issuing court also reads its own pending and withdrawn entries.
Recipients and anonymous users read nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from fengqiao.courts.models import Court
from fengqiao.courts.permissions import has_permission
from fengqiao.library.index import FACETS, library_index
from fengqiao.library.models import LibraryEntry, Outcome
from fengqiao.suggestions.models import Category

PAGE_SIZE = 20
MAX_OFFSET = 10_000
FACET_LABELS = {
    "domain": "专业领域",
    "category": "类别",
    "recipient_kind": "被建议单位类型",
    "year": "年度",
    "court": "法院",
    "province": "省份",
    "outcome": "采纳情况",
    "excellent": "优秀司法建议",
}


def entries_visible(user) -> QuerySet[LibraryEntry]:
    if not has_permission(user, "library.view"):
        return LibraryEntry.objects.none()
    return LibraryEntry.objects.filter(status=LibraryEntry.Status.RELEASED)


def entries_for_review(user) -> QuerySet[LibraryEntry]:
    if not has_permission(user, "library.review"):
        return LibraryEntry.objects.none()
    return LibraryEntry.objects.filter(court_id=user.court_id)


@dataclass
class LibraryPage:
    entries: list[LibraryEntry]
    total: int
    offset: int
    limit: int
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def _labels(name: str, keys: list[str]) -> dict[str, str]:
    from fengqiao.courts.models import UnitKind

    if name == "category":
        return dict(Category.choices)
    if name == "recipient_kind":
        return dict(UnitKind.choices)
    if name == "outcome":
        return dict(Outcome.choices)
    if name == "excellent":
        return {"1": "优秀", "0": "未获评优秀"}
    if name == "court":
        ids = [int(k) for k in keys if k.isdigit()]
        return {str(pk): n for pk, n in Court.objects.filter(pk__in=ids).values_list("pk", "name")}
    return {}


def search(
    user,
    *,
    q: str = "",
    filters: dict[str, list] | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> LibraryPage:
    """One page of released entries matching ``q`` and the facet filters, with facet counts."""
    limit = max(1, min(limit, 100))
    offset = max(0, min(offset, MAX_OFFSET))
    if not has_permission(user, "library.view"):
        return LibraryPage([], 0, offset, limit)
    result = library_index().search(q, filters=filters or {}, sort=sort, offset=offset, limit=limit)
    by_id = entries_visible(user).select_related("court").in_bulk(result.ids)
    entries = [by_id[i] for i in result.ids if i in by_id]
    facets: dict[str, list[tuple[str, str, int]]] = {}
    for name in FACETS:
        counts = result.facets.get(name, {})
        labels = _labels(name, list(counts))
        rows = [(key, labels.get(key, key), n) for key, n in counts.items()]
        if name == "year":
            rows.sort(key=lambda r: r[0], reverse=True)
        else:
            rows.sort(key=lambda r: (-r[2], r[1]))
        facets[name] = rows
    return LibraryPage(entries, result.total, offset, limit, facets)


def similar(user, entry: LibraryEntry, *, limit: int = 5) -> list[LibraryEntry]:
    """类似建议: released entries of the same domain sharing problem terms (top ``limit``)."""
    ids = library_index().similar(
        entry_id=entry.pk, domain=entry.domain, problems=entry.text("problems"), limit=limit
    )
    by_id = entries_visible(user).select_related("court").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def filters_from(params) -> dict[str, list]:
    """Facet filters from query parameters (``domain=…&year=…``, each may repeat).

    ``adopted`` is the API's name for ``outcome``; ``excellent`` takes 1/true. Values that
    cannot match (a year or court that is not a number) are dropped."""
    getlist = params.getlist if hasattr(params, "getlist") else lambda k: params.get(k) or []
    out: dict[str, list] = {}
    for name in FACETS:
        values = [str(v).strip() for v in getlist(name) if str(v).strip()]
        if name == "outcome":
            values += [str(v).strip() for v in getlist("adopted") if str(v).strip()]
            values = [v for v in values if v in Outcome.values]
        elif name in ("year", "court"):
            values = [v for v in values if v.isdigit() and len(v) < 12]
        elif name == "excellent":
            values = ["1" if v.lower() in ("1", "true", "yes") else "0" for v in values]
        if values:
            out[name] = list(dict.fromkeys(v[:60] for v in values))
    return out
