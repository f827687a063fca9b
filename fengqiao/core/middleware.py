"""Request data without control characters, before any view or form reads it.

Query strings (``request.GET``) and form posts (``request.POST``) are cleaned with
:func:`fengqiao.core.text.clean_text` (``\\n`` and ``\\t`` kept; NUL, ESC, vertical tab, C1 …
removed), so even a view that reads ``request.POST`` directly, or a search box given ``%00``
(which PostgreSQL refuses in a query), never sees them. JSON bodies are cleaned by the API's
input schemas (``fengqiao.core.schemas``); single-line form fields additionally by the forms.
"""

from __future__ import annotations

from django.http import QueryDict

from fengqiao.core.text import clean_text, has_control_characters

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
