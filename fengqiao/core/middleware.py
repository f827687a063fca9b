"""Request-wide guards: body size before anything reads it, request data without control
characters, and no caching of signed-in pages.

Control characters: query strings (``request.GET``) and form posts (``request.POST``) are
cleaned with :func:`fengqiao.core.text.clean_text` (``\\n`` and ``\\t`` kept; NUL, ESC, vertical
tab, C1 … removed), so even a view that reads ``request.POST`` directly, or a search box given
``%00`` (which PostgreSQL refuses in a query), never sees them. JSON bodies are cleaned by the
API's input schemas (``fengqiao.core.schemas``); single-line form fields also by the forms.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

from fengqiao.core.text import clean_text, has_control_characters

BODY_METHODS = {"POST", "PUT", "PATCH"}


class RequestSizeLimitMiddleware:
    """Refuse an oversized request from its headers, before the body is read or spooled.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, so a multipart upload is written to
    the temporary directory in full before a view can refuse it. This middleware must come first
    in MIDDLEWARE: a Content-Length above FENGQIAO_REQUEST_MAX_BYTES gets 413 at once, and a body
    without a length (chunked) gets 411 — Django would read such a body as empty anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refusal(request)
        return refused if refused is not None else self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse | None:
        length = request.META.get("CONTENT_LENGTH") or ""
        if not length:
            chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
            if chunked and request.method in BODY_METHODS:
                return _plain(411, "请求缺少 Content-Length：请以普通方式上传文件。")
            return None
        try:
            size = int(length)
        except ValueError:
            return _plain(400, "请求的 Content-Length 无效。")
        limit = settings.FENGQIAO_REQUEST_MAX_BYTES
        if size > limit:
            return _plain(
                413,
                f"提交的内容过大（{size / 1048576:.1f} MB），单次提交不能超过 "
                f"{limit / 1048576:.0f} MB：请减少或压缩附件后重试。",
            )
        return None


def _plain(status: int, message: str) -> HttpResponse:
    # The unread body is never spooled: gunicorn discards it (bounded by its own deadline).
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user carries ``Cache-Control: no-store`` (and private):
    a shared or browser cache never keeps a court's pages. Static files never reach here
    (whitenoise answers them earlier) and anonymous pages are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def clean_query_dict(data: QueryDict) -> QueryDict:
    if not any(
        has_control_characters(k)
        or "\r" in k
        or any(has_control_characters(v) or "\r" in v for v in vs)
        for k, vs in data.lists()
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_query_dict(request.GET)
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.content_type in FORM_TYPES:
            request.POST = clean_query_dict(request.POST)
        return self.get_response(request)
