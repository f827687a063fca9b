"""Signed single-letter links: a recipient without an account opens exactly one letter.

The token carries the suggestion id and the recipient unit id, signed with SECRET_KEY
(TimestampSigner, salt ``fengqiao.portal.letter``) and valid for FENGQIAO_LETTER_LINK_DAYS
(default 90) days. It is checked again at every use: the letter must still be addressed to
that unit and be visible in the portal (``letters_for_recipient``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from fengqiao.portal.selectors import PORTAL_STATES
from fengqiao.suggestions.models import Suggestion

SALT = "fengqiao.portal.letter"
DEFAULT_DAYS = 90


class LinkInvalid(Exception):
    """The token is tampered with, malformed or expired; ``str()`` is a Chinese message."""


def link_days() -> int:
    return int(getattr(settings, "FENGQIAO_LETTER_LINK_DAYS", DEFAULT_DAYS))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def letter_token(suggestion: Suggestion) -> str:
    if suggestion.state not in PORTAL_STATES:
        raise ValidationError(
            "只有已发给被建议单位（征求意见或已送达）的司法建议才能生成单函链接。"
        )
    return _signer().sign_object({"s": suggestion.pk, "u": suggestion.recipient_id})


def make_letter_link(suggestion: Suggestion) -> str:
    """The site-relative URL of the signed single-letter page (prefix it with the site's
    address when sending it out)."""
    return reverse("portal:link", kwargs={"token": letter_token(suggestion)})


@dataclass(frozen=True)
class LetterLink:
    suggestion_id: int
    unit_id: int


def read_letter_token(token: str) -> LetterLink:
    try:
        data = _signer().unsign_object(token, max_age=timedelta(days=link_days()))
    except signing.SignatureExpired as exc:
        raise LinkInvalid(
            f"该链接已超过 {link_days()} 天有效期。请联系发出司法建议的法院重新发送链接。"
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid("该链接无效（可能复制不完整或被修改）。请核对后重新打开。") from exc
    try:
        return LetterLink(int(data["s"]), int(data["u"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid("该链接无效（可能复制不完整或被修改）。请核对后重新打开。") from exc
