"""Who may open the API docs page (/api/docs): anyone while DEBUG is on, only signed-in users
in production. Used as django-ninja's ``docs_decorator``, which ninja also applies to the
schema view; the schema (/api/openapi.json) stays public for token clients generating code."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def docs_login_required(view):
    if getattr(getattr(view, "func", None), "__name__", "") == "openapi_json":
        return view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
