"""Pages of the 征求意见 (事前沟通, 第五条) on the court side: send the 征求意见稿 with a 告知函,
conclude the round, download the 征求意见稿. Thin: parse, call the service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.courts.decorators import permission_required
from fengqiao.suggestions import policy, precommunication, selectors, services
from fengqiao.suggestions.models import PreCommunication, Suggestion
from fengqiao.suggestions.precomm_forms import ConcludeForm, NoticeForm
from fengqiao.suggestions.uploads import generated_download


def _suggestion(request, pk: int) -> Suggestion:
    return get_object_or_404(
        selectors.suggestions_visible(request.user).select_related(
            "court", "recipient", "drafter", "clerk"
        ),
        pk=pk,
    )


def page_context(user, suggestion: Suggestion, step) -> dict:
    """What the suggestion page shows and offers of the 征求意见."""
    today = timezone.localdate()
    round_ = precommunication.round_for(suggestion)
    return {
        "precomm": {
            "round": round_,
            "can_send": policy.allowed(user, suggestion, "communicate"),
            "can_revise": policy.allowed(user, suggestion, "revise"),
            "can_proceed": policy.allowed(user, suggestion, "proceed"),
            "can_record_opinion": policy.allowed(user, suggestion, "opinion"),
            "send_form": NoticeForm(
                initial={
                    "kind": PreCommunication.Kind.NOTICE,
                    "held_on": today,
                    "respond_by": precommunication.default_respond_by(today),
                }
            ),
            "conclude_form": ConcludeForm(),
            "period_days": precommunication.notice_period_days(),
        },
        "review_holder": precommunication.review_holder_label(suggestion, step),
    }


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))


@require_POST
@permission_required("suggestion.view")
def send(request, pk: int):
    suggestion = _suggestion(request, pk)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("suggestions:detail", pk=pk)
    try:
        communication = services.communication_record(
            actor=request.user, suggestion=suggestion, **form.cleaned_data
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        if communication.kind == PreCommunication.Kind.NOTICE:
            messages.success(
                request,
                f"征求意见稿已随告知函发出，请于 {communication.respond_by:%Y-%m-%d} 前反馈。"
                "被建议单位可在“我的来函”或随函链接中阅读全文并提出意见。",
            )
        else:
            messages.success(request, "事前沟通已记录。")
    return redirect("suggestions:detail", pk=pk)


@require_POST
@permission_required("suggestion.view")
def conclude(request, pk: int):
    suggestion = _suggestion(request, pk)
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("suggestions:detail", pk=pk)
    revise = form.cleaned_data["decision"] == PreCommunication.Conclusion.REVISE
    try:
        if revise:
            services.suggestion_revise(
                actor=request.user, suggestion=suggestion, reason=form.cleaned_data["reason"]
            )
        else:
            services.communication_conclude(actor=request.user, suggestion=suggestion)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            "已退回起草人修改，起草人已收到提醒。" if revise else "征求意见已结束，继续办理。",
        )
    return redirect("suggestions:detail", pk=pk)


@permission_required("suggestion.view")
def consultation_docx(request, pk: int):
    """The 征求意见稿 (the version sent with the 告知函; else the latest draft)."""
    suggestion = _suggestion(request, pk)
    if request.user.court_id != suggestion.court_id:
        raise PermissionDenied("只能下载本院的征求意见稿。")
    version = precommunication.draft_version(suggestion)
    if version is None:
        raise Http404("尚无文稿")
    data = precommunication.draft_docx(suggestion, version)
    return generated_download(data, f"{suggestion.title}（征求意见稿·第{version.number}稿）.docx")
