"""The annual report page: the year's figures as the report will print them, the two sections
the court writes (pre-filled from the figures), and the .docx download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.selectors import visible_courts
from fengqiao.dashboard import services
from fengqiao.dashboard.annual import annual_figures
from fengqiao.dashboard.annual_report import suggested_plan, suggested_problems
from fengqiao.dashboard.forms import AnnualReportForm, default_report_year


@permission_required("report.annual")
def annual_report(request):
    from fengqiao.suggestions.uploads import generated_download

    user = request.user
    courts = visible_courts(user).order_by("level", "code")
    chosen = {"court": user.court, "year": default_report_year(), "subtree": False}
    if request.method == "POST":
        form = AnnualReportForm(request.POST, courts=courts)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.annual_report_generate(
                    actor=user,
                    court=data["court"],
                    year=data["year"],
                    subtree=data["subtree"],
                    problems=form.lines(data["problems"]),
                    plan=form.lines(data["plan"]),
                )
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                return generated_download(report.data, report.filename)
            chosen = {k: data[k] for k in chosen}
    else:
        asked = AnnualReportForm(request.GET, courts=courts) if "year" in request.GET else None
        if asked is not None and asked.is_valid():
            chosen = {k: asked.cleaned_data[k] for k in chosen}
        elif asked is not None:
            messages.error(request, "参数不正确，已显示默认年度。")
    figures = annual_figures(chosen["court"], chosen["year"], subtree=chosen["subtree"])
    if request.method != "POST":
        form = AnnualReportForm(
            courts=courts,
            initial={
                **chosen,
                "court": chosen["court"].pk,
                "problems": "\n".join(suggested_problems(figures)),
                "plan": "\n".join(suggested_plan(figures)),
            },
        )
    return render(request, "dashboard/annual_report.html", {"form": form, "fig": figures})
