"""考评 pages: rankings (judge / division / court) with the breakdown one click away, a letter's
scores and points, scoring, the rubric, and the recipient scorecard. Thin: parse, call a
selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.core.params import id_param, int_param
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.evaluation import exports, rules, selectors, services
from fengqiao.evaluation.models import Rubric
from fengqiao.evaluation.periods import KINDS, period_from_params
from fengqiao.suggestions import policy
from fengqiao.suggestions.uploads import generated_download

RANK_BY = ("judge", "division", "court")


def _by(request) -> str:
    by = request.GET.get("by", "court")
    return by if by in RANK_BY else "court"


def _chart(rows) -> dict:
    top = rows[:15]
    return {
        "option": {
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "grid": {"left": 50, "right": 50, "bottom": 70},
            "xAxis": {
                "type": "category",
                "data": [r.label for r in top],
                # a few long names (courts) wrap under their bars; many are tilted and cut
                "axisLabel": (
                    {"interval": 0, "width": 150, "overflow": "break"}
                    if len(top) <= 4
                    else {"interval": 0, "rotate": 30, "width": 120, "overflow": "truncate"}
                ),
            },
            "yAxis": [
                {"type": "value", "name": "积分"},
                {"type": "value", "name": "每件质量分", "max": 100},
            ],
            "series": [
                {"name": "谏分", "type": "bar", "stack": "p", "data": [r.jian for r in top]},
                {"name": "纳分", "type": "bar", "stack": "p", "data": [r.na for r in top]},
                {
                    "name": "每件平均质量分",
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": [r.quality for r in top],
                },
            ],
        }
    }


@permission_required("evaluation.own")
def index(request):
    period = period_from_params(request.GET)
    user = request.user
    context = {"period": period, "kinds": KINDS, "rules": rules}
    if not selectors.may_see_rankings(user):
        context["mine"] = selectors.my_letters(user, period)
        return render(request, "evaluation/mine.html", context)
    by = _by(request)
    rows = selectors.ranking(user, period, by)
    context.update(by=by, by_labels={k: selectors.BY[k] for k in RANK_BY}, rows=rows)
    context["chart"] = _chart(rows) if rows else None
    return render(request, "evaluation/index.html", context)


@permission_required("evaluation.view")
def export(request):
    period = period_from_params(request.GET)
    by = request.GET.get("by", "court")
    if by == "recipient":
        rows = selectors.recipient_rows(request.user, period)
        data = exports.recipients_workbook(rows, selectors.recipient_kind_rows(rows), period=period)
    else:
        by = by if by in RANK_BY else "court"
        data = exports.ranking_workbook(
            selectors.ranking(request.user, period, by), by=by, period=period
        )
    return generated_download(data, f"考评-{selectors.BY[by]}-{period.label}.xlsx")


@permission_required("evaluation.view")
def row_detail(request):
    period = period_from_params(request.GET)
    by = request.GET.get("by", "court")
    if by not in selectors.BY:
        raise Http404
    key = request.GET.get("key", "")[:40]
    letters = selectors.row_letters(request.user, period, by, key)
    if request.GET.get("format") == "xlsx":
        return generated_download(
            exports.letters_workbook(letters), f"考评明细-{period.label}.xlsx"
        )
    return render(
        request,
        "evaluation/row.html",
        {"period": period, "by": by, "key": key, "letters": letters, "by_label": selectors.BY[by]},
    )


def _visible_letter(request, pk: int):
    return get_object_or_404(
        selectors.letters_for(request.user).select_related("court", "drafter", "recipient"), pk=pk
    )


@permission_required("evaluation.own")
def letter(request, pk: int):
    suggestion = _visible_letter(request, pk)
    points = selectors.letter_points([suggestion])[suggestion.pk]
    rubric = services.current_rubric(suggestion.court)
    return render(
        request,
        "evaluation/letter.html",
        {
            "s": suggestion,
            "points": points,
            "scores": selectors.scores_for(request.user, suggestion),
            "rubric": rubric,
            "criteria": list(rubric.criteria.all()) if rubric else [],
            "can_score": policy.allowed(request.user, suggestion, "score") and rubric is not None,
        },
    )


@require_POST
@permission_required("evaluation.score")
def score(request, pk: int):
    suggestion = _visible_letter(request, pk)
    rubric = services.current_rubric(suggestion.court)
    points: dict[str, int] = {}
    for criterion in rubric.criteria.all() if rubric else []:
        if not criterion.computed:
            value = int_param(request.POST, f"c_{criterion.key}", maximum=100)
            if value is not None:
                points[criterion.key] = value
    try:
        services.score_record(
            actor=request.user,
            suggestion=suggestion,
            points=points,
            comment=request.POST.get("comment", "")[:2000],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "已记录评分。")
    return redirect("evaluation:letter", pk=suggestion.pk)


@permission_required("evaluation.own")
def rubrics(request):
    user = request.user
    court = user.court
    if request.method == "POST":
        try:
            _rubric_action(request)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        return redirect("evaluation:rubrics")
    current = services.current_rubric(court)
    return render(
        request,
        "evaluation/rubrics.html",
        {
            "current": current,
            "criteria": list(current.criteria.all()) if current else [],
            "versions": Rubric.objects.filter(court=court).select_related("adopted_from__court"),
            "adoptable": services.adoptable_rubrics(court),
            "can_manage": has_permission(user, "rubric.manage"),
            "has_children": court.children.exists(),
        },
    )


def _rubric_action(request) -> None:
    user, action = request.user, request.POST.get("action")
    if action == "default":
        services.rubric_default_create(actor=user, court=user.court)
        messages.success(request, "已按默认标准创建评分标准。")
    elif action == "adopt":
        source = get_object_or_404(
            services.adoptable_rubrics(user.court), pk=id_param(request.POST, "rubric") or 0
        )
        services.rubric_adopt(actor=user, source=source)
        messages.success(request, "已采用上级法院的评分标准。")
    elif action in ("publish", "unpublish"):
        current = services.current_rubric(user.court)
        if current is None:
            raise ValidationError("本院尚无评分标准。")
        services.rubric_publish(actor=user, rubric=current, shared=action == "publish")
        messages.success(request, "已更新发布状态。")
    elif action == "edit":
        current = services.current_rubric(user.court)
        if current is None:
            raise ValidationError("本院尚无评分标准。")
        criteria = services.criteria_of(current)
        for c in criteria:
            weight = int_param(request.POST, f"w_{c['key']}", minimum=1, maximum=100)
            if weight is None:
                raise ValidationError(f"“{c['name']}”的权重应为 1–100 的整数。")
            c["weight"] = weight
        new = services.rubric_edit(
            actor=user, rubric=current, criteria=criteria, note=request.POST.get("note", "")[:200]
        )
        messages.success(request, f"已保存为第{new.version}版。")
    else:
        raise ValidationError("未知操作。")


@permission_required("evaluation.view")
def recipients(request):
    period = period_from_params(request.GET)
    units = {u for u in request.GET.getlist("unit") if u.isdigit() and len(u) < 19}
    every = selectors.recipient_rows(request.user, period)
    rows = [r for r in every if not units or r.key in units]
    kinds = selectors.recipient_kind_rows(rows)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return generated_download(
            exports.recipients_workbook(rows, kinds, period=period),
            f"被建议单位考评-{period.label}.xlsx",
        )
    if fmt == "docx":
        data = exports.recipients_docx(
            rows,
            kinds,
            court_name=request.user.court.name,
            period=period,
            issued_on=timezone.localdate(),
        )
        return generated_download(
            data, f"{exports.scorecard_title(request.user.court.name, period)}.docx"
        )
    return render(
        request,
        "evaluation/recipients.html",
        {
            "period": period,
            "rows": rows,
            "kinds": kinds,
            "rules": rules,
            "units": [(r.key, r.name, r.key in units) for r in every],
            "unit_query": "".join(f"&unit={u}" for u in sorted(units)),
        },
    )
