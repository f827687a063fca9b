from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fengqiao.dashboard import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_recipient:
        return redirect("portal:list")
    return render(
        request,
        "dashboard/home.html",
        {
            "figures": selectors.morning_figures(user),
            "charts": selectors.dashboard_charts(user),
            "hotspots": selectors.newest_hotspots(user),
            "waiting": selectors.waiting_for(user),
            "activity": selectors.recent_activity(user),
        },
    )


@login_required
def chart_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    """A home-page chart's numbers as Excel, scoped like the page."""
    from fengqiao.suggestions.uploads import generated_download

    user = request.user
    if user.is_recipient or user.court_id is None:
        raise PermissionDenied("仅法院工作人员可以下载统计数据")
    chart = selectors.dashboard_chart(user, key)
    if chart is None:
        raise Http404("没有这个图表")
    return generated_download(selectors.chart_workbook(chart), f"工作台统计-{chart.dimension}.xlsx")
