"""Time-limited signed links for people without an account (the recipient portal's single
letters, the associations' relayed digests): a TimestampSigner over SECRET_KEY with a salt of
its own per kind of link, so one kind never opens another, and Chinese messages for a link that
is broken or out of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing

BROKEN = "该链接无效（可能复制不完整或被修改）。请核对后重新打开。"


class LinkInvalid(Exception):
    """The token is tampered with, malformed or expired; ``str()`` is a Chinese message."""


@dataclass(frozen=True)
class SignedLink:
    salt: str
    days_setting: str  # the setting holding the validity in days
    default_days: int
    sender: str  # who sends a new link, for the expiry message: 发出司法建议的法院

    def days(self) -> int:
        return int(getattr(settings, self.days_setting, self.default_days))

    def sign(self, data: dict[str, Any]) -> str:
        return signing.TimestampSigner(salt=self.salt).sign_object(data)

    def read(self, token: str, *keys: str) -> tuple[int, ...]:
        """The integer values under ``keys`` (raises :class:`LinkInvalid`)."""
        try:
            data = signing.TimestampSigner(salt=self.salt).unsign_object(
                token, max_age=timedelta(days=self.days())
            )
        except signing.SignatureExpired as exc:
            raise LinkInvalid(
                f"该链接已超过 {self.days()} 天有效期。请联系{self.sender}重新发送链接。"
            ) from exc
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise LinkInvalid(BROKEN) from exc
        try:
            return tuple(int(data[k]) for k in keys)
        except (KeyError, TypeError, ValueError) as exc:
            raise LinkInvalid(BROKEN) from exc
