"""``{% guidance_card s %}``: the guidance comments on the suggestion page, for those who may
see them (and the comment form for a superior court that may comment)."""

from __future__ import annotations

from django import template

from fengqiao.guidance import policy, selectors
from fengqiao.guidance.forms import CommentForm, RespondForm

register = template.Library()


@register.inclusion_tag("guidance/partials/letter_card.html", takes_context=True)
def guidance_card(context, suggestion) -> dict:
    user = context["request"].user
    if getattr(user, "is_recipient", True):
        return {"show": False}
    comments = selectors.comments_on(user, suggestion)
    for c in comments:
        c.can_respond = not policy.respond_reason(user, c)
    may_comment = policy.may_comment(user, suggestion)
    return {
        "show": bool(comments) or may_comment,
        "s": suggestion,
        "comments": comments,
        "may_comment": may_comment,
        "form": CommentForm() if may_comment else None,
        "respond_form": RespondForm(),
        "csrf_token": context.get("csrf_token"),
    }
