"""Bulk import pages: template download, upload → preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fengqiao.administration import bulk_import
from fengqiao.administration.forms import ImportUploadForm
from fengqiao.administration.models import ImportKind
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import require_permission
from fengqiao.suggestions.uploads import generated_download

STATUS_ORDER = {"error": 0, "duplicate": 1, "ok": 2}  # problems first, then by row
TEMPLATE_NAMES = {
    ImportKind.USERS: "用户批量导入模板.xlsx",
    ImportKind.RECIPIENTS: "被建议单位批量导入模板.xlsx",
}


def _kind(request, kind: str) -> ImportKind:
    try:
        kind = ImportKind(kind)
    except ValueError:
        raise Http404 from None
    require_permission(request.user, bulk_import.PERMISSIONS[kind])
    return kind


@permission_required("recipient.view")
def import_template(request, kind: str):
    kind = _kind(request, kind)
    data = bulk_import.template_workbook(actor=request.user, kind=kind)
    return generated_download(data, TEMPLATE_NAMES[kind])


@permission_required("recipient.view")
def import_upload(request, kind: str):
    kind = _kind(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            preview = bulk_import.preview_upload(
                actor=request.user, kind=kind, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", "；".join(error.messages))
        else:
            return redirect("administration:import_preview", token=preview.token)
    return render(
        request,
        "administration/import_upload.html",
        {
            "form": form,
            "kind": kind,
            "columns": bulk_import.COLUMNS[kind],
            "minutes": bulk_import.PREVIEW_MINUTES,
        },
    )


@permission_required("recipient.view")
def import_preview(request, token: str):
    try:
        preview = bulk_import.preview_for(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("administration:import_upload", kind=ImportKind.USERS)
    if preview.confirmed_at is not None:
        messages.info(request, "这次导入已经确认过。")
        return redirect("administration:import_upload", kind=preview.kind)
    kind = ImportKind(preview.kind)
    return render(
        request,
        "administration/import_preview.html",
        {
            "preview": preview,
            "rows": sorted(preview.rows, key=lambda r: (STATUS_ORDER[r["status"]], r["row"])),
            "kind": kind,
            "columns": bulk_import.COLUMNS[kind],
            "counts": bulk_import.summary(preview.rows),
        },
    )


@require_POST
@permission_required("recipient.view")
@never_cache
def import_confirm(request, token: str):
    try:
        kind = ImportKind(bulk_import.preview_for(actor=request.user, token=token).kind)
        result = bulk_import.confirm_import(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("administration:import_upload", kind=ImportKind.USERS)
    except PermissionDenied:
        raise
    return render(
        request,
        "administration/import_done.html",
        {"kind": kind, "result": result, "columns": bulk_import.COLUMNS[kind]},
    )
