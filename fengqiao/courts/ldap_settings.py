"""Unified identity (LDAP) login settings, read from environment variables; off by default.

Safe to import from settings.py: it touches neither models nor the app registry, and imports
python-ldap / django-auth-ldap only when ``FENGQIAO_LDAP_URL`` is set.

Variables (all optional; setting FENGQIAO_LDAP_URL turns the login on):
  FENGQIAO_LDAP_URL               ldap://host:389 or ldaps://host:636 (space-separated for several)
  FENGQIAO_LDAP_BIND_DN           service account used to search for the user (empty: anonymous)
  FENGQIAO_LDAP_BIND_PASSWORD     its password
  FENGQIAO_LDAP_USER_SEARCH_BASE  where users are searched, e.g. ou=people,dc=court,dc=cn
  FENGQIAO_LDAP_USER_FILTER       search filter, default (uid=%(user)s); AD: (sAMAccountName=%(user)s)
  FENGQIAO_LDAP_USER_DN_TEMPLATE  instead of searching, bind straight to e.g.
                                  uid=%(user)s,ou=people,dc=court,dc=cn
  FENGQIAO_LDAP_START_TLS         1: StartTLS on an ldap:// connection
  FENGQIAO_LDAP_CA_FILE           CA certificate (PEM) that signed the directory's certificate
  FENGQIAO_LDAP_TIMEOUT           seconds to wait for the directory, default 5
  FENGQIAO_LDAP_ATTR_FULL_NAME    attributes for 姓名, first present wins; default displayName,cn
  FENGQIAO_LDAP_ATTR_EMAIL        attribute for the e-mail address, default mail

Whatever is configured, a directory login only ever matches an EXISTING local account by
username: no account is created and no role is given (AUTH_LDAP_NO_NEW_USERS, no group
mirroring, no flags from groups).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

LDAP_BACKEND = "fengqiao.courts.ldap_backend.FengqiaoLDAPBackend"

INSTALL_HINT = (
    "已设置 FENGQIAO_LDAP_URL，但未安装统一身份登录组件 django-auth-ldap（python-ldap）："
    "请先 apt-get install libldap2-dev libsasl2-dev，再在虚拟环境中 pip install -e '.[ldap]'"
)


class LDAPSettingsError(ImproperlyConfigured):
    """A FENGQIAO_LDAP_* variable is missing or malformed; the message says which and why."""


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return False
    if value in {"1", "true", "yes", "on"}:
        return True
    raise LDAPSettingsError(f"{name} 应为 1 或 0，实际为 {value!r}")


def ldap_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings for unified identity login from ``environ``.

    Always returns ``FENGQIAO_LDAP_ENABLED``; when it is true, also the ``AUTH_LDAP_*`` settings
    django-auth-ldap reads and ``FENGQIAO_LDAP_*`` for the attribute mapping."""
    url = environ.get("FENGQIAO_LDAP_URL", "").strip()
    if not url:
        return {"FENGQIAO_LDAP_ENABLED": False}
    try:
        import ldap
        from django_auth_ldap.config import LDAPSearch
    except ImportError as exc:
        raise LDAPSettingsError(INSTALL_HINT) from exc

    template = environ.get("FENGQIAO_LDAP_USER_DN_TEMPLATE", "").strip()
    base = environ.get("FENGQIAO_LDAP_USER_SEARCH_BASE", "").strip()
    user_filter = environ.get("FENGQIAO_LDAP_USER_FILTER", "").strip() or "(uid=%(user)s)"
    if not template and not base:
        raise LDAPSettingsError(
            "已设置 FENGQIAO_LDAP_URL：还需设置 FENGQIAO_LDAP_USER_SEARCH_BASE（按条件查找用户）"
            "或 FENGQIAO_LDAP_USER_DN_TEMPLATE（如 uid=%(user)s,ou=people,dc=court,dc=cn）"
        )
    for name, value in (
        ("FENGQIAO_LDAP_USER_DN_TEMPLATE", template),
        ("FENGQIAO_LDAP_USER_FILTER", "" if template else user_filter),
    ):
        if value and "%(user)s" not in value:
            raise LDAPSettingsError(f"{name} 必须包含 %(user)s（登录名的位置），实际为 {value!r}")
    raw_timeout = environ.get("FENGQIAO_LDAP_TIMEOUT", "").strip() or "5"
    try:
        timeout = float(raw_timeout)
    except ValueError:
        timeout = 0.0
    if not 0 < timeout <= 300:
        raise LDAPSettingsError(
            f"FENGQIAO_LDAP_TIMEOUT 应为 1–300 之间的秒数，实际为 {raw_timeout!r}"
        )

    options: dict[int, Any] = {
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
        ldap.OPT_REFERRALS: 0,
    }
    ca_file = environ.get("FENGQIAO_LDAP_CA_FILE", "").strip()
    if ca_file:
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # must come last: applies the TLS options above

    name_attrs = [
        a.strip()
        for a in (environ.get("FENGQIAO_LDAP_ATTR_FULL_NAME", "") or "displayName,cn").split(",")
        if a.strip()
    ]
    return {
        "FENGQIAO_LDAP_ENABLED": True,
        "FENGQIAO_LDAP_NAME_ATTRS": name_attrs,
        "FENGQIAO_LDAP_EMAIL_ATTR": environ.get("FENGQIAO_LDAP_ATTR_EMAIL", "").strip() or "mail",
        "AUTH_LDAP_SERVER_URI": url,
        "AUTH_LDAP_BIND_DN": environ.get("FENGQIAO_LDAP_BIND_DN", "").strip(),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("FENGQIAO_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_USER_DN_TEMPLATE": template or None,
        "AUTH_LDAP_USER_SEARCH": (
            None if template else LDAPSearch(base, ldap.SCOPE_SUBTREE, user_filter)
        ),
        "AUTH_LDAP_START_TLS": _flag(environ, "FENGQIAO_LDAP_START_TLS"),
        # After the password is accepted, read the person's own entry as that person (a DN
        # template needs no service account at all).
        "AUTH_LDAP_BIND_AS_AUTHENTICATING_USER": True,
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        # Match existing accounts only; never create, never touch roles, groups or flags.
        "AUTH_LDAP_NO_NEW_USERS": True,
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,
        "AUTH_LDAP_USER_ATTR_MAP": {},
        "AUTH_LDAP_USER_FLAGS_BY_GROUP": {},
        "AUTH_LDAP_MIRROR_GROUPS": False,
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
        "AUTH_LDAP_PERMIT_EMPTY_PASSWORD": False,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        # Directories compare names ignoring case and surrounding spaces, so the lockout must
        # too: otherwise ZhangSan, ZHANGSAN, " zhangsan" … would each get their own 5 tries.
        "AXES_USERNAME_CALLABLE": "fengqiao.courts.ldap_settings.lockout_username",
    }


def lockout_username(request, credentials) -> str | None:
    """The name django-axes counts failed logins under while directory login is on: the typed
    name, stripped and lower-cased (directory names ignore case and surrounding spaces)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username") if request is not None else None
    return username.strip().lower() if isinstance(username, str) else username


def with_ldap_backend(backends: list[str], *, enabled: bool) -> list[str]:
    """``backends`` with the LDAP backend just before Django's model backend when enabled, so
    the lockout backend (django-axes) still runs first and local accounts keep working."""
    if not enabled:
        return list(backends)
    model_backend = "django.contrib.auth.backends.ModelBackend"
    position = backends.index(model_backend) if model_backend in backends else len(backends)
    return [*backends[:position], LDAP_BACKEND, *backends[position:]]
