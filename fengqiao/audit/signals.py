"""Log-ins, log-outs and failed log-ins go into the audit trail too."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fengqiao.audit.services import audit_record


def _ip(request) -> str:
    if request is None:
        return ""
    from fengqiao.core.client_address import client_address

    return (client_address(request) or "")[:45]


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs) -> None:
    audit_record(
        code="auth.login", actor=user, obj=user, court=user.court_id, ip_address=_ip(request)
    )


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(
            code="auth.logout", actor=user, obj=user, court=user.court_id, ip_address=_ip(request)
        )


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        code="auth.login_failed",
        object_type="courts.user",
        object_label=str(credentials.get("username", ""))[:100],
        ip_address=_ip(request),
    )
