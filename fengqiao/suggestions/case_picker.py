"""The related-cases picker of the clue form: search-as-you-type over the court's own cases
(case number fragment or full text, through the case search), each hit added to the form with
one click (htmx, no page script). Only the user's court's cases can be found or added."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from fengqiao.cases.models import Case
from fengqiao.cases.selectors import CaseFilters, case_search, cases_visible
from fengqiao.courts.decorators import permission_required

MAX_RESULTS = 20


def court_cases(user) -> QuerySet[Case]:
    """The cases a clue of the user's court may cite: its own."""
    if user.court_id is None:
        return Case.objects.none()
    return cases_visible(user).filter(owner_id=user.court_id)


def search_court_cases(user, query: str) -> list[Case]:
    """Case-number fragments match the number; other text goes through the full-text index."""
    query = query.strip()[:100]
    if not query:
        return []
    own = court_cases(user).only("id", "case_no", "cause", "decided_on")
    by_number = list(own.filter(case_no__icontains=query).order_by("-id")[:MAX_RESULTS])
    if len(by_number) >= MAX_RESULTS:
        return by_number
    seen = {c.pk for c in by_number}
    text_hits = case_search(user, CaseFilters(q=query, owner=user.court_id)).exclude(pk__in=seen)
    return by_number + list(text_hits.order_by("-id")[: MAX_RESULTS - len(by_number)])


@permission_required("clue.create")
def case_search_results(request):
    """htmx: the hits for the typed text, each with an “添加” button."""
    query = request.GET.get("q", "")
    return render(
        request,
        "suggestions/partials/case_results.html",
        {"cases": search_court_cases(request.user, query), "q": query.strip()},
    )


@permission_required("clue.create")
def case_pick(request):
    """htmx: one picked case as a checked box of the form's ``cases`` field."""
    value = request.GET.get("id", "")
    if not value.isdigit():
        raise Http404("没有该案件")
    case = get_object_or_404(court_cases(request.user), pk=int(value))
    return render(request, "suggestions/partials/case_picked.html", {"case": case})
