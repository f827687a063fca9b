from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fengqiao.cases.selectors import cases_visible
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.publicity import selectors, services
from fengqiao.publicity.models import PublicationReview
from fengqiao.suggestions.uploads import generated_download


@permission_required("publicity.review")
def review_list(request):
    return render(
        request,
        "publicity/review_list.html",
        {
            "reviews": selectors.reviews_visible(request.user).select_related("released_by")[:200],
            "policies": PublicationReview.Policy.choices,
        },
    )


@require_POST
@permission_required("publicity.review")
def review_new(request):
    policy = request.POST.get("policy", "publish")
    case_id = request.POST.get("case", "")
    try:
        if case_id.isdigit():
            case = get_object_or_404(
                cases_visible(request.user).filter(owner_id=request.user.court_id), pk=int(case_id)
            )
            review = services.review_create(
                actor=request.user,
                text=case.full_text,
                title=f"{case.case_no} {case.cause}",
                policy=policy,
                case=case,
            )
        else:
            review = services.review_create(
                actor=request.user,
                text=request.POST.get("text", ""),
                title=request.POST.get("title", "") or "未命名材料",
                policy=policy,
            )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("publicity:list")
    return redirect("publicity:detail", pk=review.pk)


@permission_required("publicity.review")
def review_detail(request, pk: int):
    review = get_object_or_404(selectors.reviews_visible(request.user), pk=pk)
    return render(
        request,
        "publicity/review_detail.html",
        {
            "review": review,
            "segments": selectors.segments(review),
            "preview": services.apply_spans(review.source_text, review.spans),
            "may_override": has_permission(request.user, "publicity.override"),
            "counts": {
                status: sum(s["status"] == status for s in review.spans)
                for status in ("accepted", "rejected", "added")
            },
        },
    )


@require_POST
@permission_required("publicity.review")
def review_act(request, pk: int, action: str):
    review = get_object_or_404(selectors.reviews_visible(request.user), pk=pk)
    try:
        if action == "span":
            index = request.POST.get("index", "")
            services.review_set_span(
                actor=request.user,
                review=review,
                index=int(index) if index.isdigit() else -1,
                accepted=request.POST.get("accepted") == "1",
            )
        elif action == "add":
            count = services.review_add_mask(
                actor=request.user,
                review=review,
                text=request.POST.get("text", ""),
                replacement=request.POST.get("replacement", "") or services.MANUAL_MASK,
            )
            messages.success(request, f"已补充隐去 {count} 处。")
        elif action == "release":
            services.review_release(
                actor=request.user,
                review=review,
                override_reason=request.POST.get("override_reason", ""),
            )
            messages.success(request, "已审查并发布。")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("publicity:detail", pk=review.pk)


@permission_required("publicity.review")
def review_download(request, pk: int):
    review = get_object_or_404(
        selectors.reviews_visible(request.user), pk=pk, state=PublicationReview.State.RELEASED
    )
    return generated_download(review.released_text, f"{review.title}.txt")
