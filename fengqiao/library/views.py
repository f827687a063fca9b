"""Pages of the library: search (all court users), entry, and the research office's review."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.library import selectors, services, sharing
from fengqiao.library.index import FACETS
from fengqiao.library.models import LibraryEntry
from fengqiao.suggestions.policy import DELIVERED_STATES
from fengqiao.suggestions.selectors import suggestions_visible


def _offset(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 7 else 0


@permission_required("library.view")
def library_search(request):
    q = request.GET.get("q", "").strip()[:200]
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    filters = selectors.filters_from(request.GET)
    page = selectors.search(
        request.user, q=q, filters=filters, sort=sort, offset=_offset(request.GET.get("offset", ""))
    )
    base = [("q", q)] if q else []
    base += [(k, v) for k, values in filters.items() for v in values]
    facet_links = []
    for name in FACETS:
        rows = []
        for key, label, count in page.facets.get(name, []):
            chosen = key in filters.get(name, [])
            params = [(k, v) for k, v in base if not (k == name and v == key)]
            if not chosen:
                params.append((name, key))
            rows.append(
                {"label": label, "count": count, "chosen": chosen, "url": urlencode(params)}
            )
        facet_links.append((selectors.FACET_LABELS[name], rows))

    def paged(offset: int) -> str:
        return urlencode([*base, ("sort", sort), ("offset", offset)])

    return render(
        request,
        "library/search.html",
        {
            "page": page,
            "q": q,
            "sort": sort,
            "facet_links": facet_links,
            "filters": filters,
            "base_query": urlencode(base),
            "next_query": paged(page.offset + page.limit),
            "previous_query": paged(max(0, page.offset - page.limit)),
            "end": min(page.offset + page.limit, page.total),
            "may_review": has_permission(request.user, "library.review"),
        },
    )


@permission_required("library.view")
def entry_detail(request, pk: int):
    entry = get_object_or_404(
        selectors.entries_visible(request.user).select_related("court"), pk=pk
    )
    return render(
        request,
        "library/detail.html",
        {
            "entry": entry,
            "sections": [(sharing.SECTION_LABELS[s], entry.text(s)) for s in sharing.SECTIONS[1:]],
            "similar": selectors.similar(request.user, entry),
            "may_review": selectors.entries_for_review(request.user).filter(pk=pk).exists(),
        },
    )


@permission_required("library.review")
def review_list(request):
    entries = selectors.entries_for_review(request.user).select_related("suggestion")
    status = request.GET.get("status", "")
    if status in LibraryEntry.Status.values:
        entries = entries.filter(status=status)
    shared = LibraryEntry.objects.filter(court_id=request.user.court_id).values("suggestion_id")
    unshared = (
        suggestions_visible(request.user)
        .filter(court_id=request.user.court_id, state__in=DELIVERED_STATES)
        .exclude(pk__in=shared)
        .exclude(doc_number="")
        .order_by("-delivered_on", "-id")[:50]
    )
    return render(
        request,
        "library/review_list.html",
        {
            "entries": entries[:200],
            "status": status,
            "statuses": LibraryEntry.Status.choices,
            "share_on_delivery": services.share_on_delivery(request.user.court_id),
            "unshared": unshared,
        },
    )


def _segments(part: dict) -> list[dict]:
    """A section's source cut at its spans (for highlighting), each with its index and status."""
    text, out, cursor = part.get("source", ""), [], 0
    ordered = sorted(enumerate(part.get("spans", [])), key=lambda pair: pair[1]["start"])
    for index, span in ordered:
        if span["start"] < cursor:
            continue
        if span["start"] > cursor:
            out.append({"text": text[cursor : span["start"]], "index": None})
        out.append(
            {
                "text": text[span["start"] : span["end"]],
                "index": index,
                "status": span.get("status", "accepted"),
                "replacement": span.get("replacement", ""),
                "reason": f"{span.get('kind', '')}：{span.get('reason', '')}",
            }
        )
        cursor = span["end"]
    out.append({"text": text[cursor:], "index": None})
    return out


@permission_required("library.review")
def review_detail(request, pk: int):
    entry = get_object_or_404(
        selectors.entries_for_review(request.user).select_related("suggestion", "court"), pk=pk
    )
    sections = [
        {
            "name": name,
            "label": sharing.SECTION_LABELS[name],
            "segments": _segments(entry.sections.get(name) or {}),
            "text": entry.text(name),
            "spans": sum(
                s.get("status") != "rejected"
                for s in (entry.sections.get(name) or {}).get("spans", [])
            ),
        }
        for name in sharing.SECTIONS
    ]
    return render(request, "library/review.html", {"entry": entry, "sections": sections})


@require_POST
@permission_required("library.review")
def review_act(request, pk: int, action: str):
    entry = get_object_or_404(selectors.entries_for_review(request.user), pk=pk)
    try:
        if action == "span":
            index = request.POST.get("index", "")
            services.entry_set_span(
                actor=request.user,
                entry=entry,
                section=request.POST.get("section", ""),
                index=int(index) if index.isdigit() and len(index) < 6 else -1,
                accepted=request.POST.get("accepted") == "1",
            )
        elif action == "add":
            count = services.entry_add_mask(
                actor=request.user,
                entry=entry,
                text=request.POST.get("text", "")[:100],
                replacement=request.POST.get("replacement", ""),
            )
            messages.success(request, f"已补充隐去 {count} 处。")
        elif action == "release":
            services.entry_release(actor=request.user, entry=entry)
            messages.success(request, "已审核发布到案例库，各级法院均可检索。")
        elif action == "withdraw":
            services.entry_withdraw(
                actor=request.user, entry=entry, reason=request.POST.get("reason", "")
            )
            messages.success(request, "已从案例库撤下。")
        else:
            messages.error(request, "不支持的操作。")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("library:review", pk=entry.pk)


@require_POST
@permission_required("library.review")
def settings_update(request):
    action = request.POST.get("action", "settings")
    try:
        if action == "submit":
            raw = request.POST.get("suggestion", "")
            suggestion = get_object_or_404(
                suggestions_visible(request.user).filter(court_id=request.user.court_id),
                pk=int(raw) if raw.isdigit() and len(raw) < 12 else 0,
            )
            entry = services.entry_submit(actor=request.user, suggestion=suggestion)
            messages.success(request, "已提交案例库，待审核。")
            return redirect("library:review", pk=entry.pk)
        services.settings_update(
            actor=request.user,
            court_id=request.user.court_id,
            share_on_delivery=request.POST.get("share_on_delivery") == "1",
        )
        messages.success(request, "案例库设置已保存。")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("library:review_list")
