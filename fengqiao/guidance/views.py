"""指导与统一标准 pages (thin: parse, call a selector or a service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.core.params import id_param, year_param
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import court_subtree
from fengqiao.dashboard.selectors import register_url
from fengqiao.guidance import exports, policy, selectors, services
from fengqiao.guidance.forms import CommentForm, ExchangeForm, RespondForm, TemplateForm
from fengqiao.guidance.models import ExchangeMaterial
from fengqiao.suggestions.models import Suggestion
from fengqiao.suggestions.selectors import suggestions_visible
from fengqiao.suggestions.uploads import generated_download, stored_file_response


def _errors(request, error) -> None:
    messages.error(request, "；".join(getattr(error, "messages", [str(error)])))


# ---- comments ---------------------------------------------------------------------------------


@permission_required("guidance.view")
def index(request):
    user = request.user
    q = request.GET.get("q", "").strip()[:50]
    comments = list(selectors.comments_visible(user).order_by("-created_at", "-id")[:200])
    visible = set(
        suggestions_visible(user)
        .filter(pk__in=[c.suggestion_id for c in comments])
        .values_list("pk", flat=True)
    )
    for c in comments:
        c.letter_visible = c.suggestion_id in visible
        c.can_respond = not policy.respond_reason(user, c)
    can_comment = has_permission(user, "guidance.comment")
    return render(
        request,
        "guidance/index.html",
        {
            "comments": comments,
            "can_comment": can_comment,
            "letters": list(selectors.commentable_letters(user, q=q)) if can_comment else [],
            "q": q,
            "form": CommentForm(),
            "respond_form": RespondForm(),
            "can_figures": has_permission(user, "guidance.figures"),
        },
    )


@require_POST
@permission_required("guidance.comment")
def comment_create(request, pk: int | None = None):
    pk = pk or id_param(request.POST, "letter") or 0
    suggestion = get_object_or_404(Suggestion.objects.select_related("court"), pk=pk)
    if not policy.is_strict_ancestor(request.user.court_id, suggestion.court):
        raise Http404("没有找到该司法建议。")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写指导意见（不超过 3000 字）。")
    else:
        try:
            services.comment_create(
                actor=request.user, suggestion=suggestion, body=form.cleaned_data["body"]
            )
            messages.success(request, "已提出指导意见，已通知起草人。")
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
    if request.POST.get("back") == "letter":
        return redirect("suggestions:detail", pk=suggestion.pk)
    return redirect("guidance:index")


@require_POST
@permission_required("guidance.view")
def comment_act(request, pk: int, action: str):
    comment = get_object_or_404(selectors.comments_visible(request.user), pk=pk)
    try:
        if action == "read":
            services.comment_mark_read(actor=request.user, comment=comment)
            messages.success(request, "已标记为已阅。")
        elif action == "respond":
            form = RespondForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请填写回复（不超过 3000 字）。")
            services.comment_respond(
                actor=request.user, comment=comment, response=form.cleaned_data["response"]
            )
            messages.success(request, "已回复指导意见。")
        else:
            raise Http404("未知操作。")
    except (ValidationError, PermissionDenied) as error:
        _errors(request, error)
    if request.POST.get("back") == "letter":
        return redirect("suggestions:detail", pk=comment.suggestion_id)
    return redirect("guidance:index")


# ---- templates --------------------------------------------------------------------------------


@permission_required("guidance.view")
def templates(request):
    user = request.user
    form = TemplateForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create":
                form = TemplateForm(request.POST)
                if form.is_valid():
                    services.template_create(actor=user, data=form.cleaned_data)
                    messages.success(request, "已创建模板。")
                    return redirect("guidance:templates")
                raise ValidationError("请检查模板各项。")
            if action == "adopt":
                source = get_object_or_404(
                    selectors.adoptable_templates(user), pk=id_param(request.POST, "template") or 0
                )
                services.template_adopt(actor=user, source=source)
                messages.success(request, "已采用上级法院的模板。")
            elif action in ("publish", "unpublish"):
                template = get_object_or_404(
                    selectors.court_templates(user), pk=id_param(request.POST, "template") or 0
                )
                services.template_publish(actor=user, template=template, shared=action == "publish")
                messages.success(request, "已更新发布状态。")
            else:
                raise ValidationError("未知操作。")
            return redirect("guidance:templates")
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
            if action != "create":
                return redirect("guidance:templates")
    adopted = set(
        selectors.court_templates(user)
        .filter(adopted_from__isnull=False)
        .values_list("adopted_from_id", flat=True)
    )
    return render(
        request,
        "guidance/templates.html",
        {
            "own": list(selectors.court_templates(user)),
            "adoptable": list(selectors.adoptable_templates(user)),
            "adopted_ids": adopted,
            "can_manage": has_permission(user, "template.manage"),
            "has_children": user.court.children.exists(),
            "form": form,
            "can_figures": has_permission(user, "guidance.figures"),
        },
    )


@permission_required("template.manage")
def template_edit(request, pk: int):
    template = get_object_or_404(selectors.court_templates(request.user), pk=pk)
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                services.template_edit(
                    actor=request.user, template=template, data=form.cleaned_data
                )
                messages.success(request, "已保存模板。")
                return redirect("guidance:templates")
            except (ValidationError, PermissionDenied) as error:
                _errors(request, error)
    else:
        form = TemplateForm(
            initial={f: getattr(template, f) for f in (*services.TEMPLATE_FIELDS, "notes")}
        )
    return render(request, "guidance/template_edit.html", {"template": template, "form": form})


# ---- subtree figures --------------------------------------------------------------------------


def _year(request) -> int:
    return year_param(request.GET) or timezone.localdate().year


@permission_required("guidance.figures")
def figures(request):
    year = _year(request)
    rows = selectors.subtree_figures(request.user, year)
    for row in rows:
        base = {"court": row.court.pk, "year": year, "issued": 1}
        row.links = {
            "issued": register_url(**base),
            "delivered": register_url(**base, delivered=1),
            "on_time": register_url(**base, reply="on_time"),
            "late": register_url(**base, reply="late"),
            "no_reply": register_url(**base, reply="none"),
            "adoption": register_url(**base, replied=1),
        }
    this_year = timezone.localdate().year
    return render(
        request,
        "guidance/figures.html",
        {
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
            "rows": rows,
            "total": selectors.figures_total(rows),
            "can_figures": True,
        },
    )


@permission_required("guidance.figures")
def figures_export(request):
    year = _year(request)
    rows = selectors.subtree_figures(request.user, year)
    data = exports.figures_workbook(rows, selectors.figures_total(rows), year)
    return generated_download(data, f"辖区法院司法建议工作对比{year}.xlsx")


# ---- exchange meetings ------------------------------------------------------------------------


@permission_required("guidance.view")
def exchanges(request):
    return render(
        request,
        "guidance/exchanges.html",
        {
            "meetings": list(
                selectors.exchanges_visible(request.user).prefetch_related("attendee_courts")[:200]
            ),
            "can_record": has_permission(request.user, "exchange.manage"),
            "can_figures": has_permission(request.user, "guidance.figures"),
        },
    )


@permission_required("exchange.manage")
def exchange_new(request):
    user = request.user
    courts = court_subtree(user.court).order_by("path")
    if request.method == "POST":
        form = ExchangeForm(request.POST, courts=courts)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.exchange_record(
                    actor=user,
                    name=data["name"],
                    held_on=data["held_on"],
                    place=data["place"],
                    attendee_courts=list(data["attendee_courts"]),
                    attendee_people=data["attendee_people"],
                    summary=data["summary"],
                    materials=request.FILES.getlist("materials"),
                )
                messages.success(request, "已登记经验交流会。")
                return redirect("guidance:exchange_detail", pk=meeting.pk)
            except ValidationError as error:
                form.add_error(None, error)
    else:
        form = ExchangeForm(courts=courts)
    return render(request, "guidance/exchange_new.html", {"form": form})


@permission_required("guidance.view")
def exchange_detail(request, pk: int):
    meeting = get_object_or_404(selectors.exchanges_visible(request.user), pk=pk)
    may_upload = not policy.exchange_record_reason(request.user) and (
        meeting.organiser_id == request.user.court_id
    )
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied("只有组织法院可以上传交流材料。")
        files = request.FILES.getlist("materials")
        if not files:
            messages.error(request, "请选择要上传的文件。")
        for upload in files:
            try:
                services.material_add(actor=request.user, meeting=meeting, uploaded_file=upload)
                messages.success(request, f"已上传“{upload.name}”。")
            except (ValidationError, PermissionDenied) as error:
                _errors(request, error)
        return redirect("guidance:exchange_detail", pk=meeting.pk)
    return render(
        request,
        "guidance/exchange_detail.html",
        {
            "m": meeting,
            "courts": list(meeting.attendee_courts.order_by("path")),
            "materials": list(meeting.materials.all()),
            "may_upload": may_upload,
            "accept": ",".join(services.MATERIAL_TYPES),
        },
    )


@permission_required("guidance.view")
def material_download(request, pk: int):
    material = get_object_or_404(
        ExchangeMaterial.objects.select_related("meeting"),
        pk=pk,
        meeting__in=selectors.exchanges_visible(request.user),
    )
    return stored_file_response(
        material.file, filename=material.original_name, content_type=material.content_type
    )
