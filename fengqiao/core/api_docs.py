"""The API docs page (/api/docs): Swagger UI from our own static files, behind login.

django-ninja serves its bundled Swagger UI only when ``ninja`` is an installed app (importing
ninja and pydantic at every start, ``fengqiao help`` included), otherwise it loads the UI from a
CDN that our CSP blocks. Instead settings.STATICFILES_DIRS lists ninja's static folder and
``LocalSwagger`` renders fengqiao/templates/api/swagger.html, which links those files.

``docs_login_required`` is ninja's ``docs_decorator``: anyone may open the page while DEBUG is
on, only signed-in users in production. Ninja also applies it to the schema view; the schema
(/api/openapi.json) stays public for token clients generating code from it.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import Swagger
from ninja.openapi.docs import _csrf_needed


class LocalSwagger(Swagger):
    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(swagger_settings, ensure_ascii=False),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


def docs_login_required(view):
    if getattr(getattr(view, "func", None), "__name__", "") == "openapi_json":
        return view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
