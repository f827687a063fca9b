"""A court's review and sign-off chains: see the defaults, define the court's own per category."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.courts.models import Role, User
from fengqiao.suggestions import workflow_services
from fengqiao.suggestions.models import Category, Workflow

MAX_STEPS = 6


class ChainForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(
        label="适用类别", choices=[("", "其他所有类别"), *Category.choices], required=False
    )
    name = forms.CharField(label="流程名称", max_length=100)

    def __init__(self, *args, court, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(court=court, is_active=True).order_by("username")
        for i in range(1, MAX_STEPS + 1):
            self.fields[f"step_{i}_name"] = forms.CharField(
                label=f"第{i}步名称", max_length=50, required=False
            )
            self.fields[f"step_{i}_role"] = forms.ChoiceField(
                label="办理角色", choices=[("", "—"), *Role.choices], required=False
            )
            self.fields[f"step_{i}_user"] = forms.ModelChoiceField(
                label="或指定人员", queryset=people, required=False
            )
            self.fields[f"step_{i}_meeting"] = forms.BooleanField(
                label="须关联审委会会议", required=False
            )
            self.fields[f"step_{i}_signs"] = forms.BooleanField(
                label="签发（编号）", required=False
            )
            self.fields[f"step_{i}_repeat"] = forms.BooleanField(
                label="征求意见后修改须重新审核", required=False
            )
        self.style_fields()
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"

    def rows(self):
        return [
            [self[f"step_{i}_{k}"] for k in ("name", "role", "user", "meeting", "signs", "repeat")]
            for i in range(1, MAX_STEPS + 1)
        ]

    def steps(self) -> list[dict]:
        data, steps = self.cleaned_data, []
        for i in range(1, MAX_STEPS + 1):
            name = data[f"step_{i}_name"].strip()
            if not name:
                continue
            role, user = data[f"step_{i}_role"], data[f"step_{i}_user"]
            steps.append(
                {
                    "name": name,
                    "role": role,
                    "user": user,
                    "requires_meeting": data[f"step_{i}_meeting"],
                    "signs": data[f"step_{i}_signs"],
                    # 第五条: after 征求意见 the signing step always repeats; others as set here
                    "repeat_after_precomm": data[f"step_{i}_repeat"],
                }
            )
        return steps  # the chain's rules are checked by workflow_services.workflow_create


@permission_required("court.manage")
def workflow_list(request):
    court = request.user.court
    form = ChainForm(request.POST or None, court=court)
    if request.method == "POST" and form.is_valid():
        try:
            workflow_services.workflow_create(
                actor=request.user,
                category=form.cleaned_data["category"],
                name=form.cleaned_data["name"],
                steps=form.steps(),
            )
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, "审批流程已保存，新提交审核的司法建议将按此流程办理。")
            return redirect("suggestions:workflows")
    workflows = (
        Workflow.objects.filter(retired=False)
        .filter(Q(court__isnull=True) | Q(court=court))
        .prefetch_related("steps__user")
        .order_by("court_id", "category")
    )
    return render(request, "suggestions/workflows.html", {"workflows": workflows, "form": form})


@require_POST
@permission_required("court.manage")
def workflow_delete(request, pk: int):
    workflow = get_object_or_404(Workflow, pk=pk, court=request.user.court, retired=False)
    try:
        workflow_services.workflow_retire(actor=request.user, workflow=workflow)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已删除，本院该类别恢复使用默认流程。")
    return redirect("suggestions:workflows")
