"""Signed relay links: an association without an account opens exactly one relayed digest.

The same mechanism as the recipient portal's single-letter links (``portal/links.py``):
TimestampSigner over SECRET_KEY, here with salt ``fengqiao.outreach.relay``, so a portal link
never opens a relay nor the other way round. Valid for FENGQIAO_RELAY_LINK_DAYS (default 90)
days. The token is stored on the relay and compared again at every use.
"""

from __future__ import annotations

import hmac

from fengqiao.core.signed_links import BROKEN, LinkInvalid, SignedLink

__all__ = ["BROKEN", "LinkInvalid", "link_days", "read_relay_token", "relay_token", "same_token"]

SALT = "fengqiao.outreach.relay"
DEFAULT_DAYS = 90
LINK = SignedLink(
    salt=SALT,
    days_setting="FENGQIAO_RELAY_LINK_DAYS",
    default_days=DEFAULT_DAYS,
    sender="转送材料的法院",
)


def link_days() -> int:
    return LINK.days()


def relay_token(relay) -> str:
    return LINK.sign({"r": relay.pk, "a": relay.association_id})


def read_relay_token(token: str) -> int:
    """The relay id the token was issued for (raises :class:`LinkInvalid`)."""
    return LINK.read(token, "r")[0]


def same_token(stored: str, given: str) -> bool:
    return bool(stored) and hmac.compare_digest(stored.encode(), given.encode())
