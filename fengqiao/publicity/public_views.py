"""The public page (no login): a court's published items, read-only — only the anonymised
texts of drafts that went through the approval chain and were published; no sources, no
people, no internal notes."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from fengqiao.publicity import draft_selectors, exports


def _court(code: str):
    court = draft_selectors.public_court(code)
    if court is None:
        raise Http404("没有该法院。")
    return court


def public_list(request, code: str):
    court = _court(code)
    return render(
        request,
        "publicity/public_list.html",
        {"court": court, "items": draft_selectors.public_items(court)[:100]},
    )


def public_detail(request, code: str, pk: int):
    court = _court(code)
    item = get_object_or_404(draft_selectors.public_items(court), pk=pk)
    return render(
        request,
        "publicity/public_detail.html",
        {
            "court": court,
            "item": item,
            "body": item.body,
            "sections": exports.sections_with_quotes(item.body),
            "publication": item.publication,
        },
    )


def public_chart(request, code: str, pk: int):
    court = _court(code)
    item = get_object_or_404(draft_selectors.public_items(court), pk=pk)
    png = exports.chart_png(item)
    if png is None:
        raise Http404("没有成效图。")
    return HttpResponse(png, content_type="image/png")
