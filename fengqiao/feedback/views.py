"""反馈分析 pages: the analysis (with its Excel export) and the drafter's lesson fragment.
Thin: parse, call the scoped selectors, render."""

from __future__ import annotations

from django.shortcuts import render

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.models import UnitKind
from fengqiao.courts.selectors import recipient_units_addressable
from fengqiao.feedback import selectors
from fengqiao.feedback.exports import analysis_workbook
from fengqiao.suggestions.uploads import generated_download


@permission_required("suggestion.view")
def analysis(request):
    filters = selectors.AnalysisFilters.from_query(request.GET)
    result = selectors.analysis(request.user, filters)
    courts = list(selectors.court_choices(request.user))
    if request.GET.get("format") == "xlsx":
        chosen = next((c.name for c in courts if c.pk == filters.court), "全部可见法院")
        years = f"{filters.year_from or '不限'}—{filters.year_to or '不限'}年"
        heading = f"范围：{chosen}（含下级法院）；编号年度：{years}"
        return generated_download(analysis_workbook(result.tables, heading), "反馈分析.xlsx")
    return render(
        request,
        "feedback/analysis.html",
        {
            "result": result,
            "charts": result.charts(),
            "filters": filters,
            "courts": courts,
            "querystring": filters.querystring(),
        },
    )


@permission_required("suggestion.view")
def lesson(request):
    """The drafting page's fragment: adoption for the chosen domain and recipient kind, and two
    or three adopted letters of the same kind the user may see."""
    domain = request.GET.get("domain", "").strip()[:20]
    kind = request.GET.get("kind", "").strip()
    recipient = request.GET.get("recipient", "").strip()
    if recipient.isdigit() and len(recipient) < 19:
        unit = recipient_units_addressable(request.user).filter(pk=int(recipient)).first()
        kind = unit.kind if unit else ""
    if kind not in UnitKind.values:
        kind = ""
    lesson = selectors.lesson_for(request.user, domain=domain, kind=kind)
    return render(request, "feedback/partials/lesson.html", {"lesson": lesson})
