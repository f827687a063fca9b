"""Until a user whose account an administrator created (or whose password was reset) has
chosen their own password, every page leads to the change-password page and the API answers
with a JSON error."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse

PASSWORD_CHANGE_REQUIRED = {
    "detail": "您须先在网页上修改管理员设置的初始密码（“修改密码”页面），然后才能使用接口。",
    "code": "password_change_required",
}
ALLOWED_URL_NAMES = frozenset({"password_change", "password_change_done", "logout", "login"})


def _signed_in_through_directory(request) -> bool:
    """Someone who signed in with the unified identity service (LDAP) never uses the local
    password an administrator set, so there is nothing for them to change."""
    session = getattr(request, "session", None)
    backend = session.get(BACKEND_SESSION_KEY, "") if session is not None else ""
    return backend.endswith("FengqiaoLDAPBackend")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not _signed_in_through_directory(request)
        ):
            blocked = self._blocked(request)
            if blocked is not None:
                return blocked
        return self.get_response(request)

    def _blocked(self, request):
        path = request.path_info
        if path.startswith(settings.STATIC_URL) or path == "/favicon.ico":
            return None
        if path.startswith("/api/"):
            return JsonResponse(PASSWORD_CHANGE_REQUIRED, status=403)
        try:
            name = resolve(path).url_name
        except Resolver404:
            name = None
        if name in ALLOWED_URL_NAMES:
            return None
        return HttpResponseRedirect(reverse("password_change"))
