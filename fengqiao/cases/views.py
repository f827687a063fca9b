from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from fengqiao.cases import selectors
from fengqiao.core.paging import paginate
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_courts

SECTION_TITLES = {
    "header": "首部",
    "parties": "当事人",
    "claims": "诉辩意见",
    "facts": "事实（经审理查明）",
    "reasoning": "本院认为",
    "judgment": "裁判主文",
    "tail": "尾部",
}


@permission_required("case.view")
def case_list(request):
    filters = selectors.CaseFilters.from_query(request.GET)
    cases = selectors.case_search(request.user, filters)
    listing = paginate(request, cases, unit="件", ids_first=True)
    return render(
        request,
        "cases/case_list.html",
        {
            "listing": listing,
            "filters": filters,
            "facets": selectors.facet_values(request.user),
            "courts": visible_courts(request.user),
        },
    )


@permission_required("case.view")
def case_detail(request, pk: int):
    case = get_object_or_404(selectors.cases_visible(request.user).select_related("owner"), pk=pk)
    sections = [(SECTION_TITLES.get(k, k), v) for k, v in case.sections.items() if v]
    own = case.owner_id == request.user.court_id
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "parties": case.parties.all(),
            "sections": sections,
            "can_raise_clue": own and has_permission(request.user, "clue.create"),
            "can_publish": own and has_permission(request.user, "publicity.review"),
        },
    )


@permission_required("case.quarantine.view")
def quarantine_list(request):
    records = selectors.quarantine_visible(request.user).select_related("owner")
    listing = paginate(request, records, default_per=50)
    return render(request, "cases/quarantine_list.html", {"listing": listing})


@permission_required("case.view")
def case_similar(request, pk: int):
    """Loaded into the case page after it renders (ranking takes a moment)."""
    from fengqiao.mining.selectors import similar_cases, suggestions_on_similar

    case = get_object_or_404(selectors.cases_visible(request.user), pk=pk)
    similar = similar_cases(request.user, case)
    suggestions = suggestions_on_similar(request.user, case, [c.pk for c, _, _ in similar])
    return render(request, "cases/_similar.html", {"similar": similar, "suggestions": suggestions})
