"""``{% correct_date_card s %}``: the 更正 form on the suggestion page, for those who may use it."""

from __future__ import annotations

from django import template

from fengqiao.suggestions import policy
from fengqiao.suggestions.corrections import correctable_dates

register = template.Library()


@register.inclusion_tag("suggestions/partials/correct_date.html", takes_context=True)
def correct_date_card(context, suggestion) -> dict:
    from fengqiao.suggestions.correction_views import CorrectDateForm

    user = context["request"].user
    targets = (
        correctable_dates(suggestion) if policy.allowed(user, suggestion, "correct_date") else []
    )
    return {
        "s": suggestion,
        "form": CorrectDateForm(targets=targets) if targets else None,
        "csrf_token": context.get("csrf_token"),
    }
