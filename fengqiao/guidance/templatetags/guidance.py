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


@register.inclusion_tag("guidance/partials/drafting_templates.html", takes_context=True)
def letter_templates_card(context, suggestion) -> dict:
    """On the drafting page: the templates of the letter's category (the court's own and
    adopted ones, then the built-in 2023 one), to follow while writing."""
    user = context["request"].user
    groups = [g for g in selectors.templates_by_category(user) if g.category == suggestion.category]
    return {"group": groups[0] if groups else None}
