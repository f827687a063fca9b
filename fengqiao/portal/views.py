"""The recipient's portal: thin views. Access is always decided by
``selectors.letters_for_recipient`` — for a logged-in recipient user, or for the unit's link
account when the page is opened through a signed single-letter link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fengqiao.core.paging import paginate
from fengqiao.courts.models import RecipientUnit, User
from fengqiao.documents.forms import render_notice_docx
from fengqiao.portal import selectors, services
from fengqiao.portal.forms import ReplyForm
from fengqiao.portal.links import LinkInvalid, read_letter_token
from fengqiao.suggestions import letters, policy, precommunication, stored_letters
from fengqiao.suggestions import services as suggestion_services
from fengqiao.suggestions.models import State, StoredLetter, Suggestion
from fengqiao.suggestions.precomm_forms import AnswerForm
from fengqiao.suggestions.uploads import DOCX, attachment_response, download_response

NOT_FOR_COURT = "“我的来函”仅供被建议单位使用。法院工作人员请在司法建议页面办理。"


def recipient_required(view: Callable) -> Callable:
    """Logged in as a recipient unit's user; court users get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_recipient:
            raise PermissionDenied(NOT_FOR_COURT)
        return view(request, *args, **kwargs)

    return wrapped


@dataclass
class Access:
    """Who is acting, on which letter, and the URL the letter's pages hang under."""

    actor: User
    suggestion: Suggestion
    base: str
    via_link: bool = False


def _letter_for(actor: User, suggestion_id: int) -> Suggestion:
    return get_object_or_404(selectors.letters_for_recipient(actor), pk=suggestion_id)


def _login_access(request, pk: int) -> Access:
    suggestion = _letter_for(request.user, pk)
    return Access(request.user, suggestion, reverse("portal:detail", args=[pk]))


def _link_access(request, token: str) -> Access:
    """Resolve a signed link. A logged-in court user gets 403, a logged-in user of another
    unit 404, a logged-in user of the unit acts as themselves; anyone else acts as the
    unit's link account."""
    link = read_letter_token(token)  # LinkInvalid → 403 page
    user = request.user
    if user.is_authenticated and not user.is_recipient:
        raise PermissionDenied(NOT_FOR_COURT)
    if user.is_authenticated and user.recipient_unit_id != link.unit_id:
        raise Http404
    unit = RecipientUnit.objects.filter(pk=link.unit_id).first()
    if unit is None:
        raise Http404
    actor = user if user.is_authenticated else services.link_actor_for(unit)
    suggestion = _letter_for(actor, link.suggestion_id)
    return Access(actor, suggestion, reverse("portal:link", args=[token]), via_link=True)


def _link_view(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, token: str, *args, **kwargs):
        try:
            access = _link_access(request, token)
        except LinkInvalid as exc:
            return render(request, "portal/link_invalid.html", {"reason": str(exc)}, status=403)
        return view(request, access, *args, **kwargs)

    return wrapped


def _login_view(view: Callable) -> Callable:
    @recipient_required
    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        return view(request, _login_access(request, pk), *args, **kwargs)

    return wrapped


# ---- pages ---------------------------------------------------------------------------------


@recipient_required
def letter_list(request):
    return render(
        request,
        "portal/letter_list.html",
        {"letters": paginate(request, selectors.letters_for_recipient(request.user), unit="件")},
    )


def _letter_items(suggestion: Suggestion):
    version = selectors.letter_version(suggestion)
    if version is None:
        return version, []
    return version, letters.letter_content(suggestion, version.content).suggestions


def _detail(request, access: Access):
    suggestion = access.suggestion
    version, items = _letter_items(suggestion)
    pending = list(selectors.pending_communications(suggestion))
    may_reply = policy.allowed(access.actor, suggestion, "reply")  # the lifecycle policy
    opinion_forms = {
        c.pk: AnswerForm(initial={"communication": c.pk}, items=precommunication.draft_items(c))
        for c in pending
    }
    reply_form = ReplyForm(items=items) if may_reply else None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "opinion" and pending:
            done, key, form = _post_opinion(request, access, pending)
            if done:
                return redirect(access.base)
            opinion_forms[key] = form
            status = 400
        elif action == "reply" and may_reply:
            done, reply_form = _post_reply(request, access, items)
            if done:
                return redirect(access.base)
            status = 400
        else:
            messages.error(request, "该函当前不能办理此项操作，请刷新页面后查看。")
            return redirect(access.base)
    notice = selectors.latest_notice(suggestion)
    consultation = None
    if suggestion.state == State.PRE_COMMUNICATION:
        draft = precommunication.draft_version(suggestion)
        consultation = precommunication.draft_content(suggestion, draft) if draft else None
    return render(
        request,
        "portal/letter_detail.html",
        {
            "access": access,
            "suggestion": suggestion,
            "content": letters.letter_content(suggestion, version.content) if version else None,
            "show_letter": suggestion.state in selectors.LETTER_STATES,
            "stored_pdf": stored_letters.current_letter(suggestion, "pdf"),
            "notice": letters.notice_content(suggestion, notice)
            if notice and suggestion.state == State.PRE_COMMUNICATION
            else None,
            "consultation": consultation,
            "communications": selectors.communications_for_letter(suggestion),
            "opinion_forms": [(c, opinion_forms[c.pk]) for c in pending],
            "reply_form": reply_form,
            "replies": selectors.replies_for_letter(suggestion),
            "letter_attachments": selectors.letter_attachments(suggestion),
        },
        status=status,
    )


def _post_opinion(request, access: Access, pending):
    """The answer to one 告知函 (named by the form's hidden field)."""
    raw = request.POST.get("communication", "")
    communication = next((c for c in pending if str(c.pk) == raw.strip()), None)
    target = communication or pending[0]
    form = AnswerForm(request.POST, items=precommunication.draft_items(target))
    if communication is None:
        form.is_valid()
        form.add_error(None, "该告知函已答复或不存在，请刷新页面。")
        return False, target.pk, form
    if not form.is_valid():
        return False, target.pk, form
    try:
        suggestion_services.communication_opinion(
            actor=access.actor,
            communication=communication,
            stance=form.cleaned_data["stance"],
            opinion=form.cleaned_data["opinion"],
            item_opinions=form.item_opinions(),
            opinion_on=timezone.localdate(),
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return False, target.pk, form
    messages.success(request, "意见已提交，法院将据此研究修改建议书。")
    return True, target.pk, form


def _post_reply(request, access: Access, items):
    form = ReplyForm(request.POST, request.FILES, items=items)
    if not form.is_valid():
        return False, form
    try:
        services.reply_submit(
            actor=access.actor,
            suggestion=access.suggestion,
            received_on=form.cleaned_data["received_on"],
            content=form.cleaned_data["content"],
            items=form.reply_items(),
            files=form.cleaned_data["attachments"],
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return False, form
    messages.success(request, "回函已提交。法院经办人将收到通知。")
    return True, form


# ---- downloads -----------------------------------------------------------------------------


def _file_stem(suggestion: Suggestion) -> str:
    return (suggestion.doc_number or suggestion.title or f"司法建议{suggestion.pk}")[:100]


def _signed_letter(suggestion: Suggestion, kind: str) -> StoredLetter | None:
    """The stored file of a letter the recipient may download (None: not stored yet)."""
    if suggestion.state not in selectors.LETTER_STATES:
        raise Http404
    return stored_letters.current_letter(suggestion, kind)


def _docx(request, access: Access):
    stored = _signed_letter(access.suggestion, "docx")
    if stored is not None:
        return stored_letters.letter_file_response(
            stored, filename=f"{_file_stem(access.suggestion)}.docx"
        )
    # a letter signed before signed letters were stored (until `fengqiao letters` runs)
    version = selectors.letter_version(access.suggestion)
    if version is None:
        raise Http404
    return download_response(
        letters.letter_docx(access.suggestion, version),  # 成文日期 = suggestion.issued_on
        filename=f"{_file_stem(access.suggestion)}.docx",
        content_type=DOCX.content_type,
    )


def _pdf(request, access: Access):
    """The stored PDF; until the background worker has made it, a page saying so (202) with
    the Word version — never a conversion inside the request."""
    pdf = _signed_letter(access.suggestion, "pdf")
    if pdf is not None and pdf.is_ready:
        return stored_letters.letter_file_response(
            pdf, filename=f"{_file_stem(access.suggestion)}.pdf"
        )
    return render(
        request, "portal/pdf_unavailable.html", {"access": access, "pdf": pdf}, status=202
    )


def _notice(request, access: Access):
    notice = selectors.latest_notice(access.suggestion)
    if notice is None:
        raise Http404
    data = render_notice_docx(letters.notice_content(access.suggestion, notice))
    return download_response(
        data,
        filename=f"告知函-{_file_stem(access.suggestion)}.docx",
        content_type=DOCX.content_type,
    )


def _draft(request, access: Access):
    """The 征求意见稿 (marked, no 文号, no 院印, no date), while 征求意见中."""
    suggestion = access.suggestion
    if suggestion.state != State.PRE_COMMUNICATION:
        raise Http404
    version = precommunication.draft_version(suggestion)
    if version is None:
        raise Http404
    return download_response(
        precommunication.draft_docx(suggestion, version),
        filename=f"{suggestion.title[:80]}（征求意见稿）.docx",
        content_type=DOCX.content_type,
    )


def _attachment(request, access: Access, attachment_id: int):
    attachment = get_object_or_404(
        selectors.attachments_for_letter(access.suggestion), pk=attachment_id
    )
    return attachment_response(attachment)


# Logged-in recipient users.
letter_detail = require_http_methods(["GET", "POST"])(_login_view(_detail))
letter_docx = require_http_methods(["GET"])(_login_view(_docx))
letter_pdf = require_http_methods(["GET"])(_login_view(_pdf))
notice_docx = require_http_methods(["GET"])(_login_view(_notice))
draft_docx = require_http_methods(["GET"])(_login_view(_draft))
attachment_download = require_http_methods(["GET"])(_login_view(_attachment))

# Signed single-letter links.
link_detail = require_http_methods(["GET", "POST"])(_link_view(_detail))
link_docx = require_http_methods(["GET"])(_link_view(_docx))
link_pdf = require_http_methods(["GET"])(_link_view(_pdf))
link_notice = require_http_methods(["GET"])(_link_view(_notice))
link_draft = require_http_methods(["GET"])(_link_view(_draft))
link_attachment = require_http_methods(["GET"])(_link_view(_attachment))
