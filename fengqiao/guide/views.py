"""工作指引: the rules in full text (searchable), the FAQ, and a format check on upload."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from fengqiao.guidance.selectors import guide_context
from fengqiao.guide import rules
from fengqiao.guide.faq import FAQ
from fengqiao.guide.forms import FormatCheckForm


@login_required
def index(request):
    query = request.GET.get("q", "").strip()[:50]
    return render(
        request,
        "guide/index.html",
        {
            "query": query,
            "passages": rules.search(query),
            "faq": FAQ,
            # templates per category and exemplary letters (court users only; fengqiao/guidance)
            **guide_context(request.user),
        },
    )


@login_required
def format_check(request):
    from fengqiao.documents.checker import check_docx

    result, name = None, ""
    if request.method == "POST":
        form = FormatCheckForm(request.POST, request.FILES)
        if form.is_valid():
            name = request.FILES["document"].name
            result = check_docx(
                form.cleaned_data["document"], kind=form.cleaned_data["kind"] or None
            )
    else:
        form = FormatCheckForm()
    from fengqiao.documents.rules_kinds import KINDS

    kind_label = KINDS.get(getattr(result, "kind", None) or "", "")
    return render(
        request,
        "guide/format_check.html",
        {"form": form, "result": result, "name": name, "kind_label": kind_label},
    )
