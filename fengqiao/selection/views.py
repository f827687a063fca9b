"""Pages of 优秀司法建议评选 (thin: parse, call a selector or service, render).

A round outside the user's organiser subtree is 404; recipients get 403 (the action table);
a reviewer reaches only their own assignments, by code."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.audit.services import audit_record
from fengqiao.core.params import id_param
from fengqiao.courts.decorators import permission_required
from fengqiao.selection import exports, policy, selectors, services
from fengqiao.selection.forms import RoundForm
from fengqiao.selection.models import Nomination, Review, Round
from fengqiao.suggestions.uploads import generated_download


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _round(request, pk: int) -> Round:
    return get_object_or_404(selectors.rounds_visible(request.user), pk=pk)


@permission_required("selection.view")
def round_list(request):
    return render(
        request,
        "selection/list.html",
        {"rounds": selectors.round_rows(request.user), "may_open": policy.may_open(request.user)},
    )


@permission_required("selection.organise")
def round_open(request):
    if not policy.may_open(request.user):
        raise PermissionDenied("只有有下级法院的法院研究室可以发起优秀司法建议评选。")
    form = RoundForm(request.POST or None, court=request.user.court)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            round_ = services.round_open(
                actor=request.user,
                name=d["name"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                nomination_deadline=d["nomination_deadline"],
                review_deadline=d["review_deadline"],
                quota=d["quota"],
                awards=(
                    d["awards_first"],
                    d["awards_second"],
                    d["awards_third"],
                    d["awards_merit"],
                ),
                rubric=form.rubric_obj(),
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, "评选已发起，辖区法院可以推荐参评作品。")
            return redirect("selection:detail", round_.pk)
    return render(request, "selection/open.html", {"form": form})


@permission_required("selection.view")
def round_detail(request, pk: int):
    round_ = _round(request, pk)
    user = request.user
    organiser = policy.is_organiser(user, round_)
    context = {
        "round": round_,
        "organiser": organiser,
        "may_nominate": policy.may_nominate(user, round_),
        "my_reviews": list(selectors.my_reviews(user, round_)),
        "may_see_results": policy.may_see_results(user, round_),
        "today": timezone.localdate(),
    }
    if context["may_nominate"]:
        context["my_nominations"] = list(
            selectors.nominations_for(user, round_).filter(court_id=user.court_id)
        )
        context["quota_left"] = round_.quota - len(context["my_nominations"])
    if organiser:
        context["progress"] = selectors.progress(round_)
        chosen = set(round_.reviewers.values_list("pk", flat=True))
        context["chosen"] = chosen
        context["reviewers"] = [u for u in services.eligible_reviewers(round_) if u.pk in chosen]
        if round_.state == Round.State.REVIEWING:
            context["pending"] = selectors.pending_reviews(round_)
            context["substitutes"] = [
                u for u in services.eligible_reviewers(round_) if not policy.is_organiser(u, round_)
            ]
        if round_.state == Round.State.COLLECTING:
            context["eligible"] = [
                u
                for u in services.eligible_reviewers(round_).prefetch_related("role_grants")
                if not policy.is_organiser(u, round_)
            ]
    return render(request, "selection/detail.html", context)


@require_POST
@permission_required("selection.organise")
def round_act(request, pk: int, action: str):
    round_ = _round(request, pk)
    try:
        if action == "reviewers":
            ids = [v for v in request.POST.getlist("reviewer") if v.isdigit()]
            services.round_set_reviewers(actor=request.user, round_=round_, reviewer_ids=ids)
            messages.success(request, "评审人已保存。")
        elif action == "start":
            services.review_start(actor=request.user, round_=round_)
            messages.success(request, "已开始评审，评审任务已分配。")
        elif action == "reassign":
            review = get_object_or_404(
                Review, pk=id_param(request.POST, "review"), nomination__round=round_
            )
            reviewer = id_param(request.POST, "reviewer")
            if reviewer is None:
                raise ValidationError("请选择改派给哪位评审人。")
            services.review_reassign(actor=request.user, review=review, reviewer_id=reviewer)
            messages.success(request, "评审任务已改派，新评审人已收到提醒。")
        elif action == "publish":
            services.results_publish(actor=request.user, round_=round_)
            messages.success(request, "评选结果已公布。")
            return redirect("selection:results", round_.pk)
        else:
            raise Http404
    except ValidationError as exc:
        _error(request, exc)
    return redirect("selection:detail", round_.pk)


@permission_required("selection.nominate")
def nominate(request, pk: int):
    round_ = _round(request, pk)
    policy.require_nominator(request.user, round_)
    letters = selectors.nominable(request.user, round_)
    if request.method == "POST":
        value = request.POST.get("suggestion", "")
        suggestion = letters.filter(pk=int(value)).first() if value.isdigit() else None
        if suggestion is None and value.isdigit():
            # not in the list: let the service say why (period, not issued, other court…)
            from fengqiao.suggestions.selectors import suggestions_visible

            suggestion = suggestions_visible(request.user).filter(pk=int(value)).first()
        if suggestion is None:
            messages.error(request, "请选择本院的一件司法建议。")
        else:
            try:
                services.nomination_create(
                    actor=request.user,
                    round_=round_,
                    suggestion=suggestion,
                    recommendation=request.POST.get("recommendation", ""),
                )
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, "已推荐参评。")
                return redirect("selection:detail", round_.pk)
    return render(
        request,
        "selection/nominate.html",
        {"round": round_, "letters": letters[:200], "posted": request.POST},
    )


@require_POST
@permission_required("selection.nominate")
def withdraw(request, pk: int, nid: int):
    round_ = _round(request, pk)
    nomination = get_object_or_404(
        Nomination.objects.filter(round=round_, court_id=request.user.court_id), pk=nid
    )
    try:
        services.nomination_withdraw(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已撤回推荐。")
    return redirect("selection:detail", round_.pk)


@permission_required("selection.view")
def review(request, pk: int, rid: int):
    round_ = _round(request, pk)
    item = selectors.review_for(request.user, round_, rid)
    if item is None:
        raise Http404
    if request.method == "POST":
        points = {c["key"]: request.POST.get(f"p_{c['key']}", "") for c in round_.opinion_criteria}
        remarks = {c["key"]: request.POST.get(f"r_{c['key']}", "") for c in round_.opinion_criteria}
        try:
            services.review_submit(
                actor=request.user,
                review=item,
                points=points,
                remarks=remarks,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, "评分已提交。")
            return redirect("selection:review", round_.pk, item.pk)
        item = selectors.review_for(request.user, round_, rid)
    nomination = item.nomination
    criteria = []
    for c in round_.criteria:
        levels = [
            {"points": i, "description": d.get("description", "") if isinstance(d, dict) else d}
            for i, d in enumerate(c.get("levels", []))
        ]
        criteria.append(
            {
                **c,
                "levels": levels,
                "range": range(c["max_points"] + 1),
                "opinion": c.get("source", "opinion") == "opinion",
                "computed": nomination.computed.get(c["key"]),
                "given": item.points.get(c["key"]),
                "posted": request.POST.get(f"p_{c['key']}", ""),
                "remark": item.remarks.get(c["key"], "") or request.POST.get(f"r_{c['key']}", ""),
            }
        )
    sections = [
        ("标题", nomination.blind.get("title", "")),
        ("背景", nomination.blind.get("background", "")),
        ("存在的问题", nomination.blind.get("problems", "")),
        ("司法建议", nomination.blind.get("suggestions", "")),
    ]
    return render(
        request,
        "selection/review.html",
        {
            "round": round_,
            "item": item,
            "nomination": nomination,
            "criteria": criteria,
            "sections": sections,
            "others": selectors.other_totals(item),
            "open": round_.state == Round.State.REVIEWING and item.submitted_at is None,
            "comment": request.POST.get("comment", ""),
        },
    )


def _results(request, pk: int) -> tuple[Round, list[Nomination]]:
    round_ = _round(request, pk)
    if not policy.may_see_results(request.user, round_):
        raise Http404
    rows = (
        Nomination.objects.filter(round=round_)
        .select_related("court", "suggestion")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.order_by("pk")))
    )
    if round_.state == Round.State.FINISHED:
        return round_, list(rows.order_by("rank", "code"))
    # the organiser's provisional view before publication
    order = {r.key: r for r in services.compute_results(round_)}
    rows = list(rows)
    for n in rows:
        r = order[n.pk]
        n.mean, n.median, n.minimum, n.rank, n.tier = r.mean, r.median, r.minimum, r.rank, r.tier
    return round_, sorted(rows, key=lambda n: n.rank)


@permission_required("selection.view")
def results(request, pk: int):
    round_, rows = _results(request, pk)
    return render(
        request,
        "selection/results.html",
        {
            "round": round_,
            "rows": rows,
            "published": round_.state == Round.State.FINISHED,
            "organiser": policy.is_organiser(request.user, round_),
            "table": exports.result_rows(rows),
        },
    )


def _published(request, pk: int) -> tuple[Round, list[Nomination]]:
    round_, rows = _results(request, pk)
    if round_.state != Round.State.FINISHED:
        raise Http404
    return round_, rows


@permission_required("selection.view")
def results_docx(request, pk: int):
    round_, rows = _published(request, pk)
    issued = timezone.localdate(round_.published_at)
    data = exports.results_docx(round_, rows, issued_on=issued)
    audit_record(actor=request.user, code="selection.export", obj=round_, after={"format": "docx"})
    return generated_download(data, f"{exports.notice_title(round_)}.docx")


@permission_required("selection.view")
def results_xlsx(request, pk: int):
    round_, rows = _published(request, pk)
    data = exports.results_workbook(round_, rows)
    audit_record(actor=request.user, code="selection.export", obj=round_, after={"format": "xlsx"})
    return generated_download(data, f"{round_.name}评选结果.xlsx")
