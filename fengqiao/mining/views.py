from __future__ import annotations

import io
from datetime import timedelta
from itertools import groupby

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from openpyxl import Workbook

from fengqiao.core.paging import paginate
from fengqiao.core.params import date_param
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.courts.permissions import has_permission
from fengqiao.mining import backtrace
from fengqiao.mining.models import BacktraceRun
from fengqiao.suggestions.models import State
from fengqiao.suggestions.selectors import suggestions_visible
from fengqiao.suggestions.uploads import generated_download

SUGGESTION_MENU = 50
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class StartForm(BootstrapFormMixin, forms.Form):
    suggestion = forms.ModelChoiceField(
        label="样本司法建议（本院或共享的已签发建议）", queryset=None
    )
    period_from = forms.DateField(label="案件结案起", widget=DATE)
    period_to = forms.DateField(label="案件结案止", widget=DATE)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        eligible = suggestions_visible(user).exclude(
            state__in=[State.DRAFTING, State.IN_REVIEW, State.WITHDRAWN]
        )
        field = self.fields["suggestion"]
        field.queryset = eligible  # what a submitted id is checked against
        # the menu lists the newest letters only: a court with thousands of signed letters
        # would otherwise send one <option> per letter on every visit
        field.widget.choices = [("", "---------")] + [
            (s.pk, str(s)) for s in eligible.order_by("-id")[:SUGGESTION_MENU]
        ]
        self.style_fields()


class ReminderForm(BootstrapFormMixin, forms.Form):
    judge_name = forms.CharField(widget=forms.HiddenInput)
    talked_on = forms.DateField(label="谈话日期", widget=DATE)
    note = forms.CharField(label="谈话内容", widget=forms.Textarea(attrs={"rows": 2}))
    response = forms.CharField(
        label="法官反馈", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


def _runs(user):
    return BacktraceRun.objects.filter(court_id=user.court_id).select_related(
        "suggestion", "created_by"
    )


@permission_required("backtrace.view")
def run_list(request):
    today = timezone.localdate()
    form = StartForm(
        request.POST or None,
        user=request.user,
        initial={"period_from": today - timedelta(days=730), "period_to": today},
    )
    if request.method == "POST":
        if not has_permission(request.user, "backtrace.manage"):
            messages.error(request, "只有研究室可以发起反向追溯。")
        elif form.is_valid():
            try:
                run = backtrace.backtrace_start(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "已提交后台运行，完成后结果显示在此页。")
                return redirect("mining:backtrace_detail", pk=run.pk)
    return render(
        request,
        "mining/backtrace_list.html",
        {
            "listing": paginate(request, _runs(request.user)),
            "form": form,
            "can_manage": has_permission(request.user, "backtrace.manage"),
        },
    )


def _filtered_hits(run, params):
    hits = run.hits.select_related("case").order_by("division_name", "judge_name", "-score")
    if params.get("judge"):
        hits = hits.filter(judge_name=params["judge"])
    if params.get("division"):
        hits = hits.filter(division_name=params["division"])
    start, end = date_param(params, "from"), date_param(params, "to")
    if (params.get("from") and start is None) or (params.get("to") and end is None):
        raise ValueError("日期格式不正确")
    if start:
        hits = hits.filter(case__decided_on__gte=start)
    if end:
        hits = hits.filter(case__decided_on__lte=end)
    return hits


@permission_required("backtrace.view")
def run_detail(request, pk: int):
    run = get_object_or_404(_runs(request.user), pk=pk)
    try:
        hits = list(_filtered_hits(run, request.GET))
    except ValueError:
        messages.error(request, "日期格式不正确。")
        hits = list(_filtered_hits(run, {}))
    if request.GET.get("format") == "xlsx":
        return _excel(run, hits)
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            try:
                backtrace.reminder_record(actor=request.user, run=run, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "谈话提醒已记录。")
        return redirect("mining:backtrace_detail", pk=run.pk)
    groups = [(judge, list(items)) for judge, items in groupby(hits, key=lambda h: h.judge_name)]
    reminders = {}
    for reminder in run.reminders.select_related("talked_by"):
        reminders.setdefault(reminder.judge_name, []).append(reminder)
    return render(
        request,
        "mining/backtrace_detail.html",
        {
            "run": run,
            "groups": groups,
            "reminders": reminders,
            "judges": sorted({h.judge_name for h in run.hits.all()}),
            "divisions": sorted({h.division_name for h in run.hits.all() if h.division_name}),
            "can_manage": has_permission(request.user, "backtrace.manage"),
            "reminder_form": ReminderForm(initial={"talked_on": timezone.localdate()}),
            "querystring": request.GET.urlencode(),
        },
    )


def _excel(run, hits) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "反向追溯"
    sheet.append(["庭室", "承办法官", "案号", "案由", "结案日期", "相似度", "相似理由"])
    for hit in hits:
        sheet.append(
            [
                hit.division_name,
                hit.judge_name,
                hit.case.case_no,
                hit.case.cause,
                hit.case.decided_on,
                round(hit.score, 3),
                "；".join(hit.reasons),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return generated_download(buffer.getvalue(), "反向追溯.xlsx")
