"""Signed relay links: an association without an account opens exactly one relayed digest.

The same mechanism as the recipient portal's single-letter links (``portal/links.py``):
TimestampSigner over SECRET_KEY, here with salt ``fengqiao.outreach.relay``, so a portal link
never opens a relay nor the other way round. Valid for FENGQIAO_RELAY_LINK_DAYS (default 90)
days. The token is stored on the relay and compared again at every use.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "fengqiao.outreach.relay"
DEFAULT_DAYS = 90
BROKEN = "该链接无效（可能复制不完整或被修改）。请核对后重新打开。"


class LinkInvalid(Exception):
    """The token is tampered with, malformed or expired; ``str()`` is a Chinese message."""


def link_days() -> int:
    return int(getattr(settings, "FENGQIAO_RELAY_LINK_DAYS", DEFAULT_DAYS))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def relay_token(relay) -> str:
    return _signer().sign_object({"r": relay.pk, "a": relay.association_id})


def read_relay_token(token: str) -> int:
    """The relay id the token was issued for (raises :class:`LinkInvalid`)."""
    try:
        data = _signer().unsign_object(token, max_age=timedelta(days=link_days()))
    except signing.SignatureExpired as exc:
        raise LinkInvalid(
            f"该链接已超过 {link_days()} 天有效期。请联系转送材料的法院重新发送链接。"
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid(BROKEN) from exc
    try:
        return int(data["r"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid(BROKEN) from exc


def same_token(stored: str, given: str) -> bool:
    return bool(stored) and hmac.compare_digest(stored.encode(), given.encode())
