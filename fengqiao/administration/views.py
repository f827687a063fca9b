"""The system administrator's pages (系统管理) and everyone's own account page (我的账户)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fengqiao.administration import selectors, services
from fengqiao.administration.forms import (
    DivisionForm,
    DocumentSettingsForm,
    HolidayScheduleForm,
    RecipientForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from fengqiao.administration.models import DocumentSettings
from fengqiao.core.paging import paginate
from fengqiao.courts import services as court_services
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.models import ApiToken, RecipientUnit, UnitKind, User
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import can_see_court


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


@permission_required("user.manage")
def index(request):
    court = request.user.court
    return render(
        request,
        "administration/index.html",
        {
            "court": court,
            "user_count": selectors.court_users(request.user).filter(is_active=True).count(),
            "division_count": selectors.court_divisions(request.user)
            .filter(is_active=True)
            .count(),
            "unit_count": RecipientUnit.objects.filter(court=court).count(),
            "settings": services.document_settings_for(court),
        },
    )


# ---- users ---------------------------------------------------------------------------------


@permission_required("user.manage")
def user_list(request):
    query = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    users = selectors.court_users(request.user, query=query, status=status)
    listing = paginate(request, users)
    listing.page.object_list = selectors.with_role_cache(listing.page.object_list)
    locked = selectors.locked_usernames([u.username for u in listing])
    return render(
        request,
        "administration/user_list.html",
        {"listing": listing, "q": query, "status": status, "locked": locked},
    )


@permission_required("user.manage")
@never_cache
def user_create(request):
    court = request.user.court
    form = UserCreateForm(request.POST or None, court=court)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.user_create_with_temporary_password(
                actor=request.user,
                court=court,
                username=data["username"],
                full_name=data["full_name"],
                roles=data["roles"],
                division=data["division"],
                phone=data["phone"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return render(
                request,
                "administration/temporary_password.html",
                {"target": user, "password": password, "created": True},
            )
    return render(request, "administration/user_form.html", {"form": form, "creating": True})


def _court_user(request, pk: int) -> User:
    return get_object_or_404(selectors.court_users(request.user), pk=pk)


@permission_required("user.manage")
def user_detail(request, pk: int):
    target = _court_user(request, pk)
    initial = {
        "full_name": target.full_name,
        "phone": target.phone,
        "email": target.email,
        "division": target.division_id,
        "roles": sorted(target.role_codes()),
    }
    form = UserEditForm(
        request.POST or None,
        initial=initial,
        court=request.user.court,
        is_recipient=target.is_recipient,
        current_division_id=target.division_id,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=target,
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                division=data.get("division"),
                roles=data.get("roles"),
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"已保存 {target.username} 的信息。")
            return redirect("administration:user_detail", pk=target.pk)
    return render(
        request,
        "administration/user_detail.html",
        {
            "target": target,
            "form": form,
            "locked": target.username in selectors.locked_usernames([target.username]),
            "tokens": selectors.tokens_of(target),
            "token_form": TokenForm(),
        },
    )


def _user_action(request, pk: int, action, success: str):
    target = _court_user(request, pk)
    try:
        action(actor=request.user, user=target)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, success.format(name=target.display_name))
    return redirect("administration:user_detail", pk=target.pk)


@require_POST
@permission_required("user.manage")
def user_deactivate(request, pk: int):
    def deactivate(*, actor, user):
        return services.user_set_active(actor=actor, user=user, active=False)

    return _user_action(request, pk, deactivate, "已停用 {name} 的账户，其已不能登录或使用 API。")


@require_POST
@permission_required("user.manage")
def user_activate(request, pk: int):
    def activate(*, actor, user):
        return services.user_set_active(actor=actor, user=user, active=True)

    return _user_action(request, pk, activate, "已重新启用 {name} 的账户。")


@require_POST
@permission_required("user.manage")
def user_unlock(request, pk: int):
    return _user_action(request, pk, services.user_unlock, "已解除 {name} 的登录锁定。")


@require_POST
@permission_required("user.manage")
@never_cache
def user_reset_password(request, pk: int):
    target = _court_user(request, pk)
    try:
        password = services.user_reset_password(actor=request.user, user=target)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("administration:user_detail", pk=target.pk)
    return render(
        request,
        "administration/temporary_password.html",
        {"target": target, "password": password, "created": False},
    )


# ---- API tokens (own page and the administrator's) -----------------------------------------


def _issue_token(request, target: User):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "有效天数应为 1–3650 之间的整数，或留空。")
        return None
    days = form.cleaned_data["expires_days"]
    try:
        return court_services.api_token_create(
            actor=request.user,
            user=target,
            name=form.cleaned_data["name"],
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return None


def _revoke_token(request, token: ApiToken) -> None:
    try:
        court_services.api_token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"已吊销令牌 {token.prefix}…，使用它的程序将无法再访问接口。")


@require_POST
@permission_required("user.manage")
@never_cache
def user_token_issue(request, pk: int):
    target = _court_user(request, pk)
    key = _issue_token(request, target)
    if key is None:
        return redirect("administration:user_detail", pk=target.pk)
    return render(request, "administration/token_issued.html", {"target": target, "key": key})


@require_POST
@permission_required("user.manage")
def user_token_revoke(request, pk: int, token_pk: int):
    target = _court_user(request, pk)
    _revoke_token(request, get_object_or_404(ApiToken, pk=token_pk, user=target))
    return redirect("administration:user_detail", pk=target.pk)


@login_required
def account(request):
    return render(
        request,
        "administration/account.html",
        {"tokens": selectors.tokens_of(request.user), "token_form": TokenForm()},
    )


@require_POST
@login_required
@never_cache
def account_token_issue(request):
    key = _issue_token(request, request.user)
    if key is None:
        return redirect("administration:account")
    return render(request, "administration/token_issued.html", {"target": request.user, "key": key})


@require_POST
@login_required
def account_token_revoke(request, token_pk: int):
    _revoke_token(request, get_object_or_404(ApiToken, pk=token_pk, user=request.user))
    return redirect("administration:account")


# ---- divisions -----------------------------------------------------------------------------


@permission_required("court.manage")
def division_list(request):
    form = DivisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            division = services.division_create(
                actor=request.user, court=request.user.court, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"已创建庭室：{division.name}")
            return redirect("administration:division_list")
    return render(
        request,
        "administration/division_list.html",
        {"divisions": selectors.court_divisions(request.user), "form": form},
    )


def _court_division(request, pk: int):
    return get_object_or_404(selectors.court_divisions(request.user), pk=pk)


@require_POST
@permission_required("court.manage")
def division_rename(request, pk: int):
    division = _court_division(request, pk)
    form = DivisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "庭室名称不能为空，最多 50 个字。")
        return redirect("administration:division_list")
    try:
        services.division_rename(
            actor=request.user, division=division, name=form.cleaned_data["name"]
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"已更名为：{form.cleaned_data['name']}")
    return redirect("administration:division_list")


@require_POST
@permission_required("court.manage")
def division_toggle(request, pk: int):
    division = _court_division(request, pk)
    try:
        services.division_set_active(
            actor=request.user, division=division, active=not division.is_active
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        state = "启用" if not division.is_active else "停用"
        messages.success(request, f"已{state}庭室：{division.name}")
    return redirect("administration:division_list")


# ---- recipient units -----------------------------------------------------------------------


@permission_required("recipient.manage")
def recipient_list(request):
    query = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("kind", "")
    kind = kind if kind in UnitKind.values else ""
    units = selectors.court_recipient_units(request.user, query=query, kind=kind)
    listing = paginate(request, units)
    return render(
        request,
        "administration/recipient_list.html",
        {"listing": listing, "q": query, "kind": kind, "kinds": UnitKind.choices},
    )


@permission_required("recipient.manage")
def recipient_create(request):
    form = RecipientForm(request.POST or None, court=request.user.court)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.recipient_unit_create(
                actor=request.user, court=request.user.court, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"已登记被建议单位：{unit.name}")
            return redirect("administration:recipient_list")
    return render(request, "administration/recipient_form.html", {"form": form})


@permission_required("recipient.manage")
def recipient_edit(request, pk: int):
    unit = get_object_or_404(selectors.court_recipient_units(request.user), pk=pk)
    initial = {
        "name": unit.name,
        "kind": unit.kind,
        "superior": unit.superior_id,
        "address": unit.address,
        "contact_name": unit.contact_name,
        "contact_phone": unit.contact_phone,
    }
    form = RecipientForm(
        request.POST or None, initial=initial, court=request.user.court, exclude_pk=unit.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"已保存：{unit.name}")
            return redirect("administration:recipient_list")
    return render(request, "administration/recipient_form.html", {"form": form, "unit": unit})


# ---- document settings ---------------------------------------------------------------------


@permission_required("court.manage")
def document_settings(request):
    court = request.user.court
    current = services.document_settings_for(court)
    initial = {
        "short_name": court.short_name,
        "doc_number_pattern": court.doc_number_pattern,
        "embed_seal": current.embed_seal,
        "contact_name": current.contact_name,
        "contact_phone": current.contact_phone,
    }
    form = DocumentSettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_settings_update(
                actor=request.user,
                court=court,
                short_name=data["short_name"],
                doc_number_pattern=data["doc_number_pattern"],
                embed_seal=data["embed_seal"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                seal_file=data["seal"] or None,
                remove_seal=data["remove_seal"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "公文设置已保存。")
            return redirect("administration:document_settings")
    from fengqiao.suggestions.numbering import court_doc_number

    return render(
        request,
        "administration/document_settings.html",
        {
            "form": form,
            "current": current,
            "example_number": court_doc_number(court, timezone.localdate().year, 1),
        },
    )


@login_required
def seal_image(request, court_pk: int):
    """The court's seal image, only to its own staff (never a public media URL)."""
    if not has_permission(request.user, "court.view") or not can_see_court(request.user, court_pk):
        raise Http404
    doc = DocumentSettings.objects.filter(court_id=court_pk).exclude(seal="").first()
    if doc is None:
        raise Http404
    response = FileResponse(doc.seal.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="seal.png"'
    return response


# ---- holiday schedules -----------------------------------------------------------------------


@permission_required("court.manage")
def holiday_schedules(request):
    """Enter a year's State Council holiday schedule; due dates then follow it."""
    from fengqiao.suggestions import due_dates

    year = request.GET.get("year", "")
    initial = {}
    if year.isdigit():
        found = selectors.holiday_schedule(int(year))
        initial = {"year": int(year)}
        if found is not None:
            initial |= {
                "holidays": "\n".join(found.holidays),
                "workdays": "\n".join(found.workdays),
                "source": found.source,
            }
    form = HolidayScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row, changed = services.holiday_schedule_save(
                actor=request.user,
                year=data["year"],
                holidays=data["holidays"],
                workdays=data["workdays"],
                source=data["source"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                f"{row.year}年节假日安排已保存，重新计算了 {changed} 件司法建议的答复期限。",
            )
            return redirect("administration:holiday_schedules")
    this_year = timezone.localdate().year
    years = [
        {"year": y, "source": due_dates.schedule_source(y, selectors.entered_years())}
        for y in range(this_year - 1, this_year + 3)
    ]
    return render(
        request,
        "administration/holiday_schedules.html",
        {"form": form, "schedules": selectors.holiday_schedules(), "years": years},
    )
