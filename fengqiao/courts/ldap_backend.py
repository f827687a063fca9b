"""Unified identity (LDAP) login: django-auth-ldap, restricted to accounts that already exist.

The directory only proves who someone is. What they may do comes from the local account an
administrator opened for them (court, division, roles): a directory user with no local account
is refused and nothing is created; a deactivated local account is refused; the local password
is left as it is. Only 姓名 and e-mail are refreshed from the directory, with an audit record
when they change. Configuration: :mod:`fengqiao.courts.ldap_settings`.
"""

from __future__ import annotations

import logging

import ldap
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from fengqiao.audit.services import audit_record
from fengqiao.courts.login_form import NOT_PROVISIONED_FLAG
from fengqiao.courts.models import User

logger = logging.getLogger(__name__)


FULL_NAME_MAX = User._meta.get_field("full_name").max_length


class FengqiaoLDAPBackend(LDAPBackend):
    """django-auth-ldap's backend that only ever logs into an existing, active local account.

    Django instantiates authentication backends anew for every ``authenticate()`` call, so the
    per-attempt flag below is never shared between requests."""

    _not_provisioned = False

    def authenticate(self, request, username=None, password=None, **kwargs):
        self._not_provisioned = False
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if self._not_provisioned:
                _refuse_not_provisioned(request, username or "")
            return None
        if not user.is_active:
            logger.info("ldap login refused: local account %s is deactivated", user.pk)
            return None
        try:
            attrs = user.ldap_user.attrs or {}
        except ldap.LDAPError as exc:  # the login stands; only the refresh of 姓名/邮箱 is skipped
            logger.warning("ldap login: could not read the entry of %s: %s", user.pk, exc)
            attrs = {}
        ldap_profile_sync(user=user, attrs=attrs)
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        # Like ModelBackend: a session of an account deactivated since ends at the next request.
        return user if user is not None and user.is_active else None

    def get_or_build_user(self, username, ldap_user):
        """The existing account whose username matches (case-insensitively, as directories
        compare names); an unsaved placeholder otherwise, which AUTH_LDAP_NO_NEW_USERS refuses
        before anything is saved."""
        matches = list(User.objects.filter(username__iexact=username.strip())[:2])
        if len(matches) == 1:
            return matches[0], False
        if len(matches) > 1:
            # Two local accounts differing only in case: refuse rather than guess which.
            logger.warning("ldap login refused: several local accounts match %r", username)
        else:
            self._not_provisioned = True
        return User(username=username), True


def _refuse_not_provisioned(request, username: str) -> None:
    if request is not None:
        setattr(request, NOT_PROVISIONED_FLAG, True)
    audit_record(
        code="login.ldap_not_provisioned",
        object_type="courts.user",
        object_label=username[:100],
        ip_address=request.META.get("REMOTE_ADDR", "")[:45] if request is not None else "",
    )


def _first(attrs, names: list[str]) -> str:
    for name in names:
        values = attrs.get(name) or []
        for value in values:
            text = str(value).strip()
            if text:
                return text
    return ""


def ldap_profile_sync(*, user: User, attrs) -> bool:
    """Refresh 姓名 and e-mail of ``user`` from the directory entry's ``attrs`` (lists of values
    keyed case-insensitively). Nothing else is touched — not the password, roles, court or
    division. Values the directory lacks or that are invalid leave the local ones as they are.
    Returns whether anything changed; a change is audited."""
    full_name = _first(attrs, settings.FENGQIAO_LDAP_NAME_ATTRS)[:FULL_NAME_MAX]
    email = _first(attrs, [settings.FENGQIAO_LDAP_EMAIL_ATTR])
    if email:
        try:
            validate_email(email)
        except ValidationError:
            email = ""
    changes = {
        field: value
        for field, value in (("full_name", full_name), ("email", email))
        if value and getattr(user, field) != value
    }
    if not changes:
        return False
    before = {field: getattr(user, field) for field in changes}
    with transaction.atomic():
        for field, value in changes.items():
            setattr(user, field, value)
        user.save(update_fields=list(changes))
        audit_record(
            code="user.ldap_sync",
            actor=user,
            obj=user,
            court=user.court_id,
            before=before,
            after=changes,
        )
    return True
