from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from fengqiao.dashboard import selectors


@login_required
def home(request):
    user = request.user
    if user.is_recipient:
        return redirect("portal:list")
    return render(
        request,
        "dashboard/home.html",
        {
            "figures": selectors.dashboard_figures(user),
            "state_chart": selectors.state_chart(user),
            "hotspots": selectors.newest_hotspots(user),
            "waiting": selectors.waiting_for(user),
            "activity": selectors.recent_activity(user),
        },
    )
