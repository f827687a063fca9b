"""Pages of the lifecycle: register, suggestion page with its timeline and actions, drafting,
clues, meetings and “my work”. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import difflib
import html

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fengqiao.audit.models import AuditEntry
from fengqiao.core.paging import facet_counts, paginate
from fengqiao.core.params import id_param, int_param
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import recipient_units_addressable, visible_courts
from fengqiao.documents.content import chinese_ordinal
from fengqiao.suggestions import (
    case_picker,
    deliberation_views,
    forms,
    letters,
    policy,
    precomm_views,
    reply_reasons,
    selectors,
    services,
    stored_letters,
)
from fengqiao.suggestions.archive_checklist import archive_checklist, missing_required
from fengqiao.suggestions.exports import register_workbook
from fengqiao.suggestions.models import (
    Category,
    Clue,
    Meeting,
    OutcomeReason,
    State,
    SuggestionVersion,
)
from fengqiao.suggestions.uploads import generated_download

# ---- register and “my work” ----------------------------------------------------------------


@permission_required("suggestion.view")
def register(request):
    filters = selectors.RegisterFilters.from_query(request.GET)
    rows = selectors.register(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return generated_download(register_workbook(rows), "司法建议台账.xlsx")
    listing = paginate(request, rows, unit="件")
    counts = selectors.state_counts(request.user)
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return render(
        request,
        "suggestions/register.html",
        {
            "listing": listing,
            "filters": filters,
            "states": [(value, label, counts.get(value, 0)) for value, label in State.choices],
            "categories": Category.choices,
            "courts": visible_courts(request.user),
            "querystring": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@permission_required("suggestion.view")
def my_work(request):
    return render(
        request,
        "suggestions/my_work.html",
        {"work": selectors.my_work(request.user), "today": timezone.localdate()},
    )


# ---- the suggestion page -------------------------------------------------------------------


def _suggestion(request, pk: int):
    return get_object_or_404(
        selectors.suggestions_visible(request.user).select_related(
            "court", "recipient", "holder", "drafter", "clerk", "signed_by", "clue"
        ),
        pk=pk,
    )


def _own(request, suggestion) -> bool:
    return request.user.court_id == suggestion.court_id


def _reply_items(suggestion) -> list[str]:
    return [i.heading or i.body[:20] for i in letters.suggestion_items(suggestion)]


@permission_required("suggestion.view")
def suggestion_detail(request, pk: int):
    return _detail_page(request, _suggestion(request, pk))


def _detail_page(request, suggestion, *, review_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    version = suggestion.latest_version()
    step = selectors.active_step(suggestion)
    register_role = _own(request, suggestion) and has_permission(user, "suggestion.register")
    units = recipient_units_addressable(user)
    meetings = selectors.meetings_visible(user).filter(kind=Meeting.Kind.COMMITTEE)
    actions = policy.available_actions(user, suggestion)
    can = dict.fromkeys(actions, True)  # the page shows exactly what the policy allows
    communications = suggestion.communications.all()
    context = {
        "s": suggestion,
        "version": version,
        "step": step,
        "can": can,
        "content": letters.letter_content(suggestion, version.content) if version else None,
        "versions": suggestion.versions.select_related("created_by").order_by("-number"),
        "runs": suggestion.runs.prefetch_related("steps__step", "steps__actor", "steps__meeting"),
        "communications": communications,
        "deliveries": suggestion.deliveries.select_related("receipt"),
        "extensions": suggestion.extensions.all(),
        "replies": list(suggestion.replies.prefetch_related("items", "attachments")),
        "follow_ups": suggestion.follow_ups.all(),
        "attachments": suggestion.attachments.all(),
        "timeline": AuditEntry.objects.filter(
            object_type="suggestions.suggestion", object_id=str(suggestion.pk)
        ).order_by("id"),
        "overdue": suggestion.is_overdue,
        "stored_pdf": stored_letters.current_letter(suggestion, "pdf"),
        "review_form": review_form or forms.ReviewForm(meetings=meetings),
        "communication_form": forms.CommunicationForm(initial={"held_on": timezone.localdate()}),
        "opinion_form": forms.OpinionForm(
            communications=communications.filter(opinion_on__isnull=True),
            initial={"opinion_on": timezone.localdate()},
        ),
        "reason_form": forms.ReasonForm(),
        "delivery_form": forms.DeliveryForm(initial={"delivered_on": timezone.localdate()}),
        "extension_form": forms.ExtensionForm(),
        "reply_form": forms.ReplyForm(
            items=_reply_items(suggestion), initial={"received_on": timezone.localdate()}
        ),
        "follow_up_form": forms.FollowUpForm(initial={"held_on": timezone.localdate()}),
        "complete_form": forms.CompleteForm(initial={"completed_on": timezone.localdate()}),
        "has_pending_opinion": communications.filter(opinion_on__isnull=True).exists(),
        "letter_link": _letter_link(request, suggestion) if register_role else None,
        "link_days": settings.FENGQIAO_LETTER_LINK_DAYS,
        "effect": _effect(suggestion),
        "units": units,
        "reason_targets": reply_reasons.reason_targets(suggestion)
        if suggestion.state in policy.DELIVERED_STATES
        else [],
        "reason_choices": OutcomeReason.choices,
    }
    context.update(precomm_views.page_context(user, suggestion, step))
    checklist = archive_checklist(suggestion)
    context.update(archive_checklist=checklist, archive_missing=missing_required(checklist))
    return render(request, "suggestions/detail.html", context, status=status)


def _effect(suggestion):
    from fengqiao.mining.selectors import suggestion_effect

    return suggestion_effect(suggestion)


def _letter_link(request, suggestion) -> str | None:
    """The signed, expiring single-letter link to send along with the letter."""
    from fengqiao.portal.links import make_letter_link

    if suggestion.state not in policy.RECIPIENT_ACTION_STATES:
        return None
    return request.build_absolute_uri(make_letter_link(suggestion))


def _handle(request, suggestion, form, action) -> HttpResponse:
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect("suggestions:detail", pk=suggestion.pk)
    from fengqiao.suggestions.uploads import discard_files_on_error

    try:
        with discard_files_on_error(), transaction.atomic():
            action(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已保存。")
    return redirect("suggestions:detail", pk=suggestion.pk)


@require_POST
@permission_required("suggestion.view")
def suggestion_act(request, pk: int, action: str):
    suggestion = _suggestion(request, pk)
    user = request.user
    refused = (
        policy.refusal(user, suggestion, action) if action in policy.SUGGESTION_RULES else None
    )
    if refused is not None:  # refused before any form is read or file saved
        error, message = refused
        if error is PermissionDenied:
            raise PermissionDenied(message)
        messages.error(request, message)
        return redirect("suggestions:detail", pk=suggestion.pk)
    data, files = request.POST, request.FILES
    meetings = selectors.meetings_visible(user).filter(kind=Meeting.Kind.COMMITTEE)
    if action == "submit":
        return _handle(
            request,
            suggestion,
            forms.StyledForm(data),
            lambda d: services.review_submit(actor=user, suggestion=suggestion),
        )
    if action == "review":
        return _review(request, suggestion, forms.ReviewForm(data, meetings=meetings))
    if action == "communicate":
        return _handle(
            request,
            suggestion,
            forms.CommunicationForm(data),
            lambda d: services.communication_record(actor=user, suggestion=suggestion, **d),
        )
    if action == "opinion":
        form = forms.OpinionForm(data, communications=suggestion.communications.all())
        return _handle(
            request,
            suggestion,
            form,
            lambda d: services.communication_opinion(
                actor=user,
                communication=d["communication"],
                opinion=d["opinion"],
                opinion_on=d["opinion_on"],
            ),
        )
    if action == "revise":
        return _handle(
            request,
            suggestion,
            forms.ReasonForm(data),
            lambda d: services.suggestion_revise(
                actor=user, suggestion=suggestion, reason=d["reason"]
            ),
        )
    if action == "withdraw":
        return _handle(
            request,
            suggestion,
            forms.ReasonForm(data),
            lambda d: services.suggestion_withdraw(
                actor=user, suggestion=suggestion, reason=d["reason"]
            ),
        )
    if action == "deliver":

        def deliver(d):
            from fengqiao.suggestions.uploads import save_upload

            receipt = None
            if d["receipt"]:
                receipt = save_upload(
                    suggestion=suggestion, uploaded_file=d["receipt"], kind="receipt", actor=user
                )
            services.delivery_record(
                actor=user,
                suggestion=suggestion,
                method=d["method"],
                delivered_on=d["delivered_on"],
                receipt=receipt,
                cc_superior=d["cc_superior"],
                cc_superior_court=d["cc_superior_court"],
                note=d["note"],
            )

        return _handle(request, suggestion, forms.DeliveryForm(data, files), deliver)
    if action == "extend":
        return _handle(
            request,
            suggestion,
            forms.ExtensionForm(data),
            lambda d: services.extension_grant(actor=user, suggestion=suggestion, **d),
        )
    if action == "reply":
        form = forms.ReplyForm(data, files, items=_reply_items(suggestion))

        def reply(d):
            from fengqiao.suggestions.uploads import save_upload

            uploads = [
                save_upload(suggestion=suggestion, uploaded_file=f, kind="reply", actor=user)
                for f in files.getlist("files")
            ]
            services.reply_register(
                actor=user,
                suggestion=suggestion,
                received_on=d["received_on"],
                content=d["content"],
                items=form.items(),
                attachments=uploads,
            )

        return _handle(request, suggestion, form, reply)
    if action == "follow_up":
        return _handle(
            request,
            suggestion,
            forms.FollowUpForm(data),
            lambda d: services.follow_up_record(actor=user, suggestion=suggestion, **d),
        )
    if action == "classify_reply":
        return _handle(
            request,
            suggestion,
            forms.ReplyReasonForm(data),
            lambda d: reply_reasons.reply_reason_set(
                actor=user,
                suggestion=suggestion,
                item_index=d["item"],
                reason=d["reason"],
                note=d["note"],
            ),
        )
    if action == "complete":
        return _handle(
            request,
            suggestion,
            forms.CompleteForm(data),
            lambda d: services.suggestion_complete(actor=user, suggestion=suggestion, **d),
        )
    if action == "archive":
        return _handle(
            request,
            suggestion,
            forms.StyledForm(data),
            lambda d: services.suggestion_archive(actor=user, suggestion=suggestion),
        )
    raise Http404("未知的操作")


def _review(request, suggestion, form) -> HttpResponse:
    """On an error the page comes back with the reviewer's own choice and text (never reset to
    “同意”, which a second click would then submit)."""
    if form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                services.review_act(
                    actor=request.user,
                    suggestion=suggestion,
                    approve=d["approve"],
                    comment=d["comment"],
                    meeting=d["meeting"],
                    override_reason=d["override_reason"],
                    see_again=d["see_again"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存。")
            return redirect("suggestions:detail", pk=suggestion.pk)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return _detail_page(request, suggestion, review_form=form, status=400)


@permission_required("suggestion.view")
def letter_download(request, pk: int, fmt: str):
    """The signed letter: the stored file, as signed (never regenerated, never converted
    here); a draft version: its .docx rendered on demand. No PDF of drafts."""
    suggestion = _suggestion(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("没有该格式")
    number = int_param(request.GET, "version", minimum=1)
    stored = stored_letters.current_letter(suggestion, "docx")
    if stored is not None and (number is None or number == stored.version.number):
        if fmt == "docx":
            return stored_letters.letter_file_response(
                stored, filename=stored_letters.download_name(suggestion, "docx")
            )
        pdf = stored_letters.current_letter(suggestion, "pdf")
        if pdf is not None and pdf.is_ready:
            return stored_letters.letter_file_response(
                pdf, filename=stored_letters.download_name(suggestion, "pdf")
            )
        return render(
            request,
            "suggestions/pdf_pending.html",
            {"s": suggestion, "pdf": pdf},
            status=202,
        )
    version = (
        suggestion.versions.filter(number=number).first()
        if number is not None
        else suggestion.latest_version()
    )
    if version is None:
        raise Http404("没有该版本")
    if fmt == "pdf":
        return render(
            request, "suggestions/pdf_pending.html", {"s": suggestion, "draft": True}, status=404
        )
    data = letters.letter_docx(suggestion, version)
    name = f"{suggestion.doc_number or suggestion.title}（第{version.number}稿）"
    return generated_download(data, f"{name}.docx")


FORM_DOCUMENTS = {"notice": "告知函", "receipt": "送达回证", "register": "台账摘录"}


@permission_required("suggestion.view")
def form_download(request, pk: int, kind: str):

    from fengqiao.documents import forms as document_forms

    suggestion = _suggestion(request, pk)
    if kind == "notice":
        communication = (
            suggestion.communications.filter(kind="notice").order_by("-held_on", "-id").first()
        )
        if communication is None:
            raise Http404("尚未发出告知函")
        data = document_forms.render_notice_docx(letters.notice_content(suggestion, communication))
    elif kind == "receipt" and suggestion.doc_number:
        data = document_forms.render_delivery_receipt_docx(letters.receipt_content(suggestion))
    elif kind == "register":
        data = document_forms.render_register_extract_docx(letters.register_extract(suggestion))
    else:
        raise Http404("没有该文书")
    name = f"{FORM_DOCUMENTS[kind]}-{suggestion.doc_number or suggestion.title}.docx"
    return generated_download(data, name)


@permission_required("suggestion.view")
def attachment_download(request, pk: int, attachment_id: int):
    from fengqiao.suggestions.uploads import attachment_response

    suggestion = _suggestion(request, pk)
    return attachment_response(get_object_or_404(suggestion.attachments, pk=attachment_id))


# ---- drafting -------------------------------------------------------------------------------


@permission_required("suggestion.draft")
def suggestion_new(request):
    units = recipient_units_addressable(request.user)
    form = forms.SuggestionCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            return redirect("suggestions:edit", pk=suggestion.pk)
    return render(request, "suggestions/new.html", {"form": form})


@permission_required("suggestion.draft")
def suggestion_edit(request, pk: int):
    suggestion = _suggestion(request, pk)
    if not policy.allowed(request.user, suggestion, "edit"):
        raise PermissionDenied("该文稿当前不能由您修改。")
    units = recipient_units_addressable(request.user)
    version = suggestion.latest_version()
    form = forms.DraftForm(
        request.POST or None,
        units=units,
        initial=forms.DraftForm.initial_from(version.content, suggestion),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_save(
                actor=request.user,
                suggestion=suggestion,
                content=form.content(),
                note=form.cleaned_data["note"],
                minors_law=form.cleaned_data["minors_law"],
                reply_months=form.cleaned_data["reply_months"],
                cc_units=form.cleaned_data["cc_units"],
            )
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, "文稿已保存为新版本。")
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(request, "suggestions/edit.html", {"s": suggestion, "form": form})


def _version_lines(version: SuggestionVersion, suggestion) -> list[str]:
    content = letters.letter_content(suggestion, version.content)
    lines = [content.title, content.recipient + "：", *content.background]
    lines += [
        f"问题（{chinese_ordinal(i)}）{p.heading} {p.body}"
        for i, p in enumerate(content.problems, 1)
    ]
    lines += [
        f"建议（{chinese_ordinal(i)}）{s.heading} {s.body}"
        for i, s in enumerate(content.suggestions, 1)
    ]
    lines += [
        *content.other_matters,
        *[f"附件：{a}" for a in content.attachments],
        f"联系人：{content.contact_name} {content.contact_phone}",
    ]
    return lines


@permission_required("suggestion.view")
def version_compare(request, pk: int):
    suggestion = _suggestion(request, pk)
    numbers = sorted(suggestion.versions.values_list("number", flat=True))
    if len(numbers) < 1:
        raise Http404("没有版本")

    def pick(name: str, default: int) -> SuggestionVersion:
        number = int_param(request.GET, name, minimum=1) or default
        return get_object_or_404(suggestion.versions, number=number)

    left = pick("a", numbers[-2] if len(numbers) > 1 else numbers[0])
    right = pick("b", numbers[-1])
    table = difflib.HtmlDiff(wrapcolumn=40).make_table(
        _version_lines(left, suggestion),
        _version_lines(right, suggestion),
        fromdesc=html.escape(f"第{left.number}稿"),
        todesc=html.escape(f"第{right.number}稿"),
    )
    return render(
        request,
        "suggestions/compare.html",
        {
            "s": suggestion,
            "table": mark_safe(table),
            "left": left,
            "right": right,
            "numbers": numbers,
        },
    )


# ---- clues and meetings ---------------------------------------------------------------------


@permission_required("suggestion.view")
def clue_list(request):
    visible = selectors.clues_visible(request.user)
    clues = visible.select_related("raised_by", "recipient")
    state = request.GET.get("state", "")
    state = state if state in Clue.State.values else ""
    if state:
        clues = clues.filter(state=state)
    counts = {f.value: f.count for f in facet_counts(visible, "state", limit=None)}
    return render(
        request,
        "suggestions/clue_list.html",
        {
            "listing": paginate(request, clues),
            "states": [(value, label, counts.get(value, 0)) for value, label in Clue.State.choices],
            "state": state,
            "can_create": has_permission(request.user, "clue.create"),
        },
    )


@permission_required("clue.create")
def clue_new(request):
    units = recipient_units_addressable(request.user)
    own_cases = case_picker.court_cases(request.user)
    initial = {}
    if (case_id := id_param(request.GET, "case")) is not None:
        initial["cases"] = [case_id]
    form = forms.ClueForm(request.POST or None, units=units, cases=own_cases, initial=initial)
    picked = request.POST.getlist("cases") if request.method == "POST" else initial.get("cases", [])
    picked_ids = [int(p) for p in picked if str(p).isdigit() and len(str(p)) <= 12][:200]
    picked_cases = own_cases.filter(pk__in=picked_ids)
    if request.method == "POST" and form.is_valid():
        try:
            clue = services.clue_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, "线索已提出，等待研判。")
            return redirect("suggestions:clue_detail", pk=clue.pk)
    return render(
        request, "suggestions/clue_new.html", {"form": form, "picked_cases": picked_cases}
    )


@permission_required("suggestion.view")
def clue_detail(request, pk: int):
    clue = get_object_or_404(
        selectors.clues_visible(request.user).select_related(
            "raised_by", "recipient", "merged_into"
        ),
        pk=pk,
    )
    others = (
        selectors.clues_visible(request.user)
        .exclude(pk=clue.pk)
        .filter(state__in=[Clue.State.NEW, Clue.State.ACCEPTED])
    )
    triage_form = forms.TriageForm(request.POST or None, clues=others)
    if request.method == "POST":
        if triage_form.is_valid():
            try:
                services.clue_triage(
                    actor=request.user,
                    clue=clue,
                    decision=triage_form.cleaned_data["decision"],
                    reason=triage_form.cleaned_data["reason"],
                    merge_into=triage_form.cleaned_data["merge_into"],
                )
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "研判结果已记录。")
            return redirect("suggestions:clue_detail", pk=clue.pk)
    return render(
        request,
        "suggestions/clue_detail.html",
        {
            "clue": clue,
            "cases": clue.cases.all()[:50],
            "triage_form": triage_form,
            "can_triage": policy.allowed(request.user, clue, "clue.triage"),
            "agenda": clue.agenda_items.select_related("meeting"),
            "suggestions": clue.suggestions.all(),
            **deliberation_views.clue_context(request.user, clue),
        },
    )


@permission_required("suggestion.view")
def meeting_list(request):
    return render(
        request,
        "suggestions/meeting_list.html",
        {
            "listing": paginate(request, selectors.meetings_visible(request.user)),
            "can_manage": has_permission(request.user, "meeting.manage"),
        },
    )


@permission_required("meeting.manage")
def meeting_new(request):
    form = forms.MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("held_on", error)
        else:
            messages.success(request, "会议已登记。")
            return redirect("suggestions:meeting_detail", pk=meeting.pk)
    return render(request, "suggestions/meeting_new.html", {"form": form})


@permission_required("suggestion.view")
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(selectors.meetings_visible(request.user), pk=pk)
    user = request.user
    units = recipient_units_addressable(user)
    accepted = selectors.clues_to_put_on_agenda(user)
    if request.method == "POST":
        try:
            if "add_clue" in request.POST:
                form = forms.AgendaAddForm(request.POST, clues=accepted)
                if form.is_valid():
                    services.agenda_add(actor=user, meeting=meeting, clue=form.cleaned_data["clue"])
            else:
                item = get_object_or_404(meeting.items, pk=request.POST.get("item"))
                form = forms.DecideForm(request.POST, units=units)
                if form.is_valid():
                    created = services.agenda_decide(actor=user, item=item, **form.cleaned_data)
                    if created is not None:
                        messages.success(request, f"已决定制发，草稿已生成：{created.title}")
            if not form.is_valid():
                messages.error(request, "请检查填写内容。")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("suggestions:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "suggestions/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": deliberation_views.decide_forms(
                meeting.items.select_related(
                    "clue", "clue__recipient", "suggestion", "recipient"
                ).prefetch_related("clue__suggestions"),
                units,
            ),
            "add_form": forms.AgendaAddForm(clues=accepted),
            "can_manage": policy.allowed(user, meeting, "meeting.edit"),
        },
    )


# dashboard: what waits for the user
def _waiting(user):
    from django.urls import reverse

    from fengqiao.dashboard.selectors import WaitingItem

    if user.is_recipient or user.court_id is None:
        return []
    work = selectors.my_work(user, limit=10)
    items = [
        WaitingItem(
            f"待审批：{s.run.suggestion.title}",
            s.step.name,
            reverse("suggestions:detail", args=[s.run.suggestion_id]),
        )
        for s in work["review"]
    ]
    labels = {
        "drafting": "待修改文稿",
        "clues": "待研判线索",
        "to_send": "待送达",
        "overdue": "已逾期未回复",
        "due_soon": "即将到期",
        "to_archive": "待归档",
    }
    for key, label in labels.items():
        for obj in work.get(key, [])[:10]:
            url = reverse(
                "suggestions:clue_detail" if key == "clues" else "suggestions:detail", args=[obj.pk]
            )
            detail = getattr(obj, "doc_number", "") or ""
            items.append(WaitingItem(f"{label}：{obj.title}", detail, url))
    return items
