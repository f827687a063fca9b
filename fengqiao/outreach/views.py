"""Pages under /outreach/: research exports, associations, relays (研究室), and the
association's signed digest link (no login, read-only, one acknowledge button)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import court_subtree
from fengqiao.outreach import digest, links, selectors, services
from fengqiao.outreach.forms import AcknowledgeForm, AssociationForm, ExportForm, RelayForm
from fengqiao.outreach.sectors import Sector, sector_labels, sectors_for
from fengqiao.suggestions.uploads import generated_download


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@permission_required("outreach.export")
def index(request):
    may_manage = has_permission(request.user, "outreach.manage")
    return render(
        request,
        "outreach/index.html",
        {
            "exports": selectors.exports_visible(request.user)[:5],
            "may_manage": may_manage,
            "associations": selectors.associations_for(request.user).count(),
            "relays": selectors.relays_for(request.user)[:10],
        },
    )


@permission_required("outreach.export")
def export_list(request):
    user = request.user
    form = ExportForm(request.POST or None)
    has_subtree = court_subtree(user.court).exclude(pk=user.court_id).exists()
    if not has_subtree:
        del form.fields["subtree"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.research_export_create(
                actor=user,
                court=user.court,
                subtree=bool(data.get("subtree")),
                date_from=data["date_from"],
                date_to=data["date_to"],
                recipient_institution=data["recipient_institution"],
                agreement_number=data["agreement_number"],
                agreement_title=data["agreement_title"],
                agreement_date=data["agreement_date"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, f"已生成科研数据集：司法建议 {export.letters} 件，可下载 zip。"
            )
            return redirect("outreach:exports")
    return render(
        request,
        "outreach/exports.html",
        {
            "form": form,
            "exports": selectors.exports_visible(user)[:200],
            "has_subtree": has_subtree,
            "may_manage": has_permission(user, "outreach.manage"),
        },
    )


@permission_required("outreach.export")
def export_download(request, pk: int):
    export = get_object_or_404(selectors.exports_visible(request.user), pk=pk)
    try:
        data = services.export_zip(actor=request.user, export=export)
    except ValidationError as error:
        _errors(request, error)
        return redirect("outreach:exports")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.folder_name}.zip"'
    return response


@permission_required("outreach.manage")
def association_list(request):
    form = AssociationForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.association_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "已登记行业协会。")
            return redirect("outreach:associations")
    return render(
        request,
        "outreach/associations.html",
        {
            "form": form,
            "associations": selectors.associations_for(request.user),
            "sectors": Sector.choices,
        },
    )


@permission_required("outreach.manage")
def association_edit(request, pk: int):
    association = get_object_or_404(selectors.associations_for(request.user), pk=pk)
    initial = {
        f: getattr(association, f)
        for f in (
            "name",
            "sectors",
            "contact_name",
            "contact_phone",
            "contact_email",
            "address",
            "note",
            "active",
        )
    }
    form = AssociationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.association_save(
                actor=request.user, association=association, **form.cleaned_data
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "已保存。")
            return redirect("outreach:associations")
    return render(
        request,
        "outreach/association_edit.html",
        {"form": form, "association": association},
    )


@permission_required("outreach.manage")
def relay_list(request):
    entries = list(selectors.relayable_entries(request.user)[:100])
    for entry in entries:
        entry.sector_labels = sector_labels(sectors_for(entry.domain, entry.recipient_kind))
    return render(
        request,
        "outreach/relays.html",
        {"relays": selectors.relays_for(request.user)[:200], "entries": entries},
    )


@permission_required("outreach.manage")
def relay_new(request, entry_pk: int):
    entry = get_object_or_404(selectors.relayable_entries(request.user), pk=entry_pk)
    associations = selectors.associations_for_entry(request.user, entry)
    form = RelayForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.relay_send(
                actor=request.user,
                entry=entry,
                associations=list(form.cleaned_data["associations"]),
                cover_note=form.cleaned_data["cover_note"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"已转送 {len(created)} 个行业协会，请将各自的链接发给协会。")
            return redirect("outreach:relays")
    return render(
        request,
        "outreach/relay_new.html",
        {
            "entry": entry,
            "form": form,
            "sector_labels": sector_labels(sectors_for(entry.domain, entry.recipient_kind)),
        },
    )


@permission_required("outreach.manage")
def relay_detail(request, pk: int):
    relay = get_object_or_404(selectors.relays_for(request.user), pk=pk)
    link = request.build_absolute_uri(reverse("outreach:link", args=[relay.token]))
    return render(request, "outreach/relay_detail.html", {"relay": relay, "link": link})


# ---- the association's signed link (no login) --------------------------------------------


def _relay_or_invalid(request, token: str):
    user = request.user
    if user.is_authenticated and user.is_recipient:
        raise PermissionDenied("该链接供行业协会查阅，被建议单位账号不能打开。")
    try:
        return services.relay_for_token(token), None
    except links.LinkInvalid as exc:
        return None, render(request, "outreach/link_invalid.html", {"reason": str(exc)}, status=403)


def link_detail(request, token: str):
    relay, invalid = _relay_or_invalid(request, token)
    if invalid is not None:
        return invalid
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.relay_acknowledge(relay=relay, name=form.cleaned_data["name"])
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, "已确认收悉，谢谢。")
            return redirect("outreach:link", token=token)
    return render(
        request,
        "outreach/link.html",
        {"relay": relay, "digest": digest.digest_of(relay), "form": form, "token": token},
    )


def link_docx(request, token: str):
    relay, invalid = _relay_or_invalid(request, token)
    if invalid is not None:
        return invalid
    return generated_download(
        digest.digest_docx(relay), f"{relay.entry.title[:60]}（转送材料）.docx"
    )


link_acknowledge = require_POST(link_detail)
