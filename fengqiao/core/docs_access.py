"""Who may open the API docs (/api/docs, /api/openapi.json): anyone while DEBUG is on, only
signed-in users in production. Used as django-ninja's ``docs_decorator``."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def docs_login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
