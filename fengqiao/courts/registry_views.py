"""法院名录 pages for system administrators: browse the tree, search, correct a court."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.courts.models import Court, CourtLevel
from fengqiao.courts.registry_load import court_by_code
from fengqiao.courts.registry_services import (
    can_edit_court,
    court_register,
    court_update,
    registry_children,
    registry_search,
    split_aliases,
    split_codes,
)


class CourtCorrectionForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="法院名称", max_length=100)
    code = forms.CharField(label="法院代字", max_length=20, help_text="案号中使用的代字，如 京0105")
    parent_code = forms.CharField(
        label="上级法院代字", max_length=20, required=False, help_text="留空表示没有上级法院"
    )
    aliases = forms.CharField(
        label="曾用名/别名",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个；改名时原名称自动保留在这里",
    )
    alt_codes = forms.CharField(
        label="其他代字",
        required=False,
        help_text="逗号分隔；区划调整前后的代字、旧式代字，导入裁判文书时同样识别",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


def _ancestors(court: Court) -> list[Court]:
    ids = [int(i) for i in court.path.strip("/").split("/") if i]
    by_id = Court.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@permission_required("registry.view")
def registry_browse(request):
    q = request.GET.get("q", "").strip()[:50]
    under = request.GET.get("under", "").strip()[:20]
    current = court_by_code(under) if under else None
    if under and current is None:
        messages.error(request, f"没有法院代字为“{under}”的法院。")
    results = list(registry_search(request.user, q=q)) if q else None
    children = list(registry_children(request.user, parent=current))
    total = Court.objects.count()
    return render(
        request,
        "courts/registry_browse.html",
        {
            "q": q,
            "current": current,
            "ancestors": _ancestors(current) if current else [],
            "children": children,
            "results": results,
            "total": total,
            "can_edit_current": bool(current and can_edit_court(request.user, current)),
        },
    )


@permission_required("registry.view")
def registry_edit(request, pk: int):
    court = get_object_or_404(Court.objects.select_related("parent"), pk=pk)
    if not can_edit_court(request.user, court):
        raise PermissionDenied("您只能修改本院及下级法院的名录信息。")
    initial = {
        "name": court.name,
        "code": court.code,
        "parent_code": court.parent.code if court.parent else "",
        "aliases": "\n".join(court.aliases or []),
        "alt_codes": ", ".join(court.alt_codes or []),
    }
    form = CourtCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = None
        if data["parent_code"]:
            parent = court_by_code(data["parent_code"])
            if parent is None:
                form.add_error("parent_code", f"没有法院代字为“{data['parent_code']}”的法院。")
        if not form.errors:
            try:
                court = court_update(
                    actor=request.user,
                    court=court,
                    name=data["name"],
                    code=data["code"],
                    parent=parent,
                    aliases=split_aliases(data["aliases"]),
                    alt_codes=split_codes(data["alt_codes"]),
                )
            except ValidationError as error:
                form.add_error(None, "；".join(error.messages))
            else:
                messages.success(request, f"已保存 {court.name} 的名录信息。")
                return redirect(f"{reverse('courts:registry')}?under={quote(court.code)}")
    return render(request, "courts/registry_edit.html", {"court": court, "form": form})


class CourtRegisterForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="法院名称", max_length=100, help_text="全称，如 济南铁路运输法院")
    code = forms.CharField(
        label="法院代字", max_length=20, help_text="2016 年起案号中使用的代字，如 鲁7101"
    )
    level = forms.ChoiceField(label="级别", choices=CourtLevel.choices, initial=CourtLevel.BASIC)
    parent_code = forms.CharField(label="上级法院代字", max_length=20, required=False)
    aliases = forms.CharField(
        label="曾用名/别名",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


@permission_required("registry.manage")
def registry_register(request):
    form = CourtRegisterForm(
        request.POST or None, initial={"parent_code": request.GET.get("parent", "")[:20]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = court_by_code(data["parent_code"]) if data["parent_code"] else None
        if data["parent_code"] and parent is None:
            form.add_error("parent_code", f"没有法院代字为“{data['parent_code']}”的法院。")
        else:
            try:
                court = court_register(
                    actor=request.user,
                    name=data["name"],
                    code=data["code"],
                    level=data["level"],
                    parent=parent,
                    aliases=split_aliases(data["aliases"]),
                )
            except ValidationError as error:
                form.add_error(None, "；".join(error.messages))
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"已登记 {court.name}（{court.code}）。重新导入隔离区中的文书即可归入该院。",
                )
                return redirect(f"{reverse('courts:registry')}?under={quote(court.code)}")
    return render(request, "courts/registry_register.html", {"form": form})
