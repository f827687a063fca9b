"""Signed single-letter links: a recipient without an account opens exactly one letter.

The token carries the suggestion id and the recipient unit id, signed with SECRET_KEY
(TimestampSigner, salt ``fengqiao.portal.letter``) and valid for FENGQIAO_LETTER_LINK_DAYS
(default 90) days. It is checked again at every use: the letter must still be addressed to
that unit and be visible in the portal (``letters_for_recipient``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse

from fengqiao.core.signed_links import LinkInvalid, SignedLink
from fengqiao.portal.selectors import PORTAL_STATES
from fengqiao.suggestions.models import Suggestion

__all__ = ["LinkInvalid", "letter_token", "link_days", "make_letter_link", "read_letter_token"]

SALT = "fengqiao.portal.letter"
DEFAULT_DAYS = 90


LINK = SignedLink(
    salt=SALT,
    days_setting="FENGQIAO_LETTER_LINK_DAYS",
    default_days=DEFAULT_DAYS,
    sender="发出司法建议的法院",
)


def link_days() -> int:
    return LINK.days()


def letter_token(suggestion: Suggestion) -> str:
    if suggestion.state not in PORTAL_STATES:
        raise ValidationError(
            "只有已发给被建议单位（征求意见或已送达）的司法建议才能生成单函链接。"
        )
    return LINK.sign({"s": suggestion.pk, "u": suggestion.recipient_id})


def make_letter_link(suggestion: Suggestion) -> str:
    """The site-relative URL of the signed single-letter page (prefix it with the site's
    address when sending it out)."""
    return reverse("portal:link", kwargs={"token": letter_token(suggestion)})


@dataclass(frozen=True)
class LetterLink:
    suggestion_id: int
    unit_id: int


def read_letter_token(token: str) -> LetterLink:
    return LetterLink(*LINK.read(token, "s", "u"))
