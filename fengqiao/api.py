"""The typed JSON API (django-ninja). OpenAPI at /api/openapi.json.

Authentication: ``Authorization: Bearer <token>`` (``fengqiao api-token USERNAME``), or the
browser session for GET requests. Every endpoint uses the same scoped selectors as the pages.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from django.core.signals import got_request_exception
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from fengqiao.administration.middleware import PASSWORD_CHANGE_REQUIRED
from fengqiao.audit.selectors import audit_entries_visible
from fengqiao.core.api_docs import LocalSwagger, docs_login_required
from fengqiao.core.schemas import CleanInput
from fengqiao.courts import selectors, services
from fengqiao.courts.models import UnitKind
from fengqiao.courts.permissions import require_permission
from fengqiao.evaluation.api import router as evaluation_router
from fengqiao.feedback.api import router as feedback_router
from fengqiao.guidance.api import router as guidance_router
from fengqiao.library.api import router as library_router
from fengqiao.outreach.api import router as outreach_router
from fengqiao.publicity.api import router as publicity_router
from fengqiao.selection.api import router as selection_router
from fengqiao.suggestions.api import router as suggestions_router
from fengqiao.suggestions.correction_api import router as corrections_router
from fengqiao.suggestions.reply_reason_api import router as reply_reasons_router
from fengqiao.suggestions.services import TransitionError

logger = logging.getLogger("fengqiao.api")


class PasswordChangeRequired(PermissionDenied):
    """The token's user must first replace the password an administrator set."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        # Unknown, revoked and expired tokens all give None → 401.
        user = services.api_token_user(token)
        if user is not None:
            if user.must_change_password:
                raise PasswordChangeRequired(PASSWORD_CHANGE_REQUIRED["detail"])
            request.user = user
        return user


api = NinjaAPI(
    title="枫桥 司法建议工作平台 API",
    version="1",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_decorator=docs_login_required,
)
api.add_router("/", suggestions_router)
api.add_router("/", corrections_router)
api.add_router("/", reply_reasons_router)
api.add_router("/", feedback_router)
api.add_router("/", evaluation_router)
api.add_router("/", library_router)
api.add_router("/", selection_router)
api.add_router("/", guidance_router)
api.add_router("/", outreach_router)
api.add_router("/", publicity_router)


# ---- errors: always {"detail": <中文说明>, "code": <机器码>} -------------------------------------

_HTTP_CODES = {
    400: ("invalid", "请求不正确。"),
    401: ("unauthenticated", "请先登录，或在 Authorization 头中提供有效的 API 令牌。"),
    403: ("permission_denied", "您没有执行该操作的权限。"),
    404: ("not_found", "对象不存在或您无权查看。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    429: ("throttled", "请求过于频繁，请稍后再试。"),
}

_INPUT_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段",
    "string_too_short": "不能为空",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "too_long": "条目过多（最多 {max_length} 项）",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为数组",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "date_type": "日期格式无效，应为 YYYY-MM-DD",
    "date_parsing": "日期格式无效，应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式无效，应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式无效，应为 YYYY-MM-DD",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}",
    "json_invalid": "不是有效的 JSON",
}
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_PARAM_NAMES = {"payload", "filters"}


def error_response(request, status: int, code: str, detail: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def _input_error(error: dict) -> dict:
    loc = [str(part)[:60] if isinstance(part, str) else part for part in error.get("loc", ())]
    if loc and loc[0] in _SOURCES:
        loc = loc[1:]
        if len(loc) > 1 and loc[0] in _PARAM_NAMES:
            loc = loc[1:]
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    template = _INPUT_MESSAGES.get(kind)
    if template is not None:
        try:
            message = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError, ValueError):
            message = template.split("{")[0].rstrip("（：")
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return {"loc": loc, "msg": message, "type": kind}


@api.exception_handler(PasswordChangeRequired)
def _password_change_required(request, exc):
    return error_response(request, 403, PASSWORD_CHANGE_REQUIRED["code"], str(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    detail = str(exc) or _HTTP_CODES[403][1]
    return error_response(request, 403, "permission_denied", detail)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", _HTTP_CODES[404][1])


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request, exc):
    return error_response(request, 404, "not_found", _HTTP_CODES[404][1])


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return error_response(request, 400, "invalid", "请求不正确（数据过大或格式可疑）。")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return error_response(request, 400, "invalid", "；".join(exc.messages) or "数据不正确。")


@api.exception_handler(TransitionError)
def _invalid_transition(request, exc):
    return error_response(request, 409, "invalid_transition", "；".join(exc.messages))


@api.exception_handler(NinjaValidationError)
def _invalid_input(request, exc):
    errors = [_input_error(e) for e in exc.errors]
    summary = "；".join(
        f"{'.'.join(str(p) for p in e['loc']) or '请求体'}：{e['msg']}" for e in errors[:5]
    )
    if len(errors) > 5:
        summary += f"；等 {len(errors)} 处"
    return error_response(
        request, 422, "invalid_input", f"请求参数不正确：{summary}", errors=errors
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    code, detail = _HTTP_CODES.get(exc.status_code, ("error", str(exc)))
    if exc.status_code == 400 and "parse" in str(exc).lower():
        code, detail = "invalid_json", "请求体不是有效的 JSON。"
    elif exc.status_code == 403 and "csrf" in str(exc).lower():
        code, detail = "csrf_failed", "CSRF 校验失败：浏览器会话请求须带 X-CSRFToken 头。"
    return error_response(request, exc.status_code, code, detail)


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.error("API 内部错误：%s %s", request.method, request.path, exc_info=exc)
    got_request_exception.send(sender=None, request=request)
    if settings.DEBUG:
        raise exc
    return error_response(
        request, 500, "server_error", "服务器内部错误，已记录；请稍后重试或联系管理员。"
    )


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


class RecipientIn(CleanInput):
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
