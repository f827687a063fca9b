"""The typed JSON API (django-ninja). OpenAPI at /api/openapi.json.

Authentication: ``Authorization: Bearer <token>`` (``fengqiao api-token USERNAME``), or the
browser session for GET requests. Every endpoint uses the same scoped selectors as the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema, Status
from ninja.security import HttpBearer, SessionAuth

from fengqiao.audit.selectors import audit_entries_visible
from fengqiao.courts import selectors, services
from fengqiao.courts.models import UnitKind
from fengqiao.courts.permissions import require_permission


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = services.api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="枫桥 司法建议工作平台 API",
    version="1",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "您没有执行该操作的权限。"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "对象不存在或您无权查看。"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=400)


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    court_id: int | None
    court_name: str | None
    recipient_unit_id: int | None
    roles: list[str]


class CourtOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    level: str
    parent_id: int | None


class RecipientOut(Schema):
    id: int
    court_id: int
    name: str
    normalized_name: str
    kind: str
    superior_id: int | None
    contact_name: str
    contact_phone: str


class RecipientIn(Schema):
    court_id: int
    name: str
    kind: UnitKind
    superior_id: int | None = None
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""


class AuditOut(Schema):
    id: int
    created_at: str
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    court_id: int | None


@api.get("/me", response=MeOut)
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "court_id": user.court_id,
        "court_name": user.court.name if user.court_id else None,
        "recipient_unit_id": user.recipient_unit_id,
        "roles": sorted(user.role_codes()),
    }


@api.get("/courts", response=list[CourtOut])
def list_courts(request):
    require_permission(request.user, "court.view")
    return list(selectors.visible_courts(request.user))


@api.get("/courts/{court_id}", response=CourtOut)
def get_court(request, court_id: int):
    require_permission(request.user, "court.view")
    return get_object_or_404(selectors.visible_courts(request.user), pk=court_id)


@api.get("/recipients", response=list[RecipientOut])
def list_recipients(request):
    require_permission(request.user, "recipient.view")
    return list(selectors.recipient_units_visible(request.user))


@api.get("/recipients/{unit_id}", response=RecipientOut)
def get_recipient(request, unit_id: int):
    require_permission(request.user, "recipient.view")
    return get_object_or_404(selectors.recipient_units_visible(request.user), pk=unit_id)


@api.post("/recipients", response={201: RecipientOut})
def create_recipient(request, payload: RecipientIn):
    require_permission(request.user, "recipient.manage")
    court = get_object_or_404(selectors.visible_courts(request.user), pk=payload.court_id)
    superior = None
    if payload.superior_id is not None:
        superior = get_object_or_404(
            selectors.recipient_units_visible(request.user), pk=payload.superior_id
        )
    unit = services.recipient_unit_create(
        actor=request.user,
        court=court,
        name=payload.name,
        kind=payload.kind.value,
        superior=superior,
        address=payload.address,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
    )
    return Status(201, unit)


@api.get("/audit", response=list[AuditOut])
def list_audit(request, limit: int = 100):
    require_permission(request.user, "audit.view")
    entries = audit_entries_visible(request.user)[: max(1, min(limit, 1000))]
    return [
        {
            **{f: getattr(e, f) for f in AuditOut.model_fields if f != "created_at"},
            "created_at": e.created_at.isoformat(),
        }
        for e in entries
    ]
