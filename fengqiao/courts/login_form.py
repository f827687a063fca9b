"""The login form: Django's, plus the unified identity (LDAP) refusal said in plain words."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from fengqiao.core.forms import CleanTextFormMixin

# Imports nothing of python-ldap: the login page works where the LDAP extra is not installed.
NOT_PROVISIONED_MESSAGE = "该统一身份账号尚未在本系统开通，请联系系统管理员。"
# Set on the request by the LDAP backend when the directory accepted the password but no local
# account matches (the directory already proved the person owns that name, so saying it is safe).
NOT_PROVISIONED_FLAG = "fengqiao_ldap_not_provisioned"


class LoginForm(CleanTextFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "ldap_not_provisioned": NOT_PROVISIONED_MESSAGE,
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, NOT_PROVISIONED_FLAG, False):
                raise ValidationError(
                    self.error_messages["ldap_not_provisioned"], code="ldap_not_provisioned"
                ) from None
            raise

    @property
    def ldap_not_provisioned(self) -> bool:
        """The directory accepted the password but no local account matches the name."""
        return self.has_error("__all__", "ldap_not_provisioned")
