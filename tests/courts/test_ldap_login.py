"""Unified identity (LDAP) login against a real slapd started by the test (tests/ldap_slapd.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts import services
from fengqiao.courts.ldap_settings import (
    LDAP_BACKEND,
    LDAPSettingsError,
    ldap_settings,
)
from fengqiao.courts.login_form import NOT_PROVISIONED_MESSAGE
from fengqiao.courts.models import Role, User
from tests.conftest import PASSWORD
from tests.ldap_slapd import PEOPLE_DN, Slapd, enable_ldap, needs_ldap_library, start_slapd

REPO = Path(__file__).resolve().parents[2]
LOCAL_PASSWORD = "Local-only-2026"


@pytest.fixture(scope="module")
def slapd(tmp_path_factory) -> Slapd:
    needs_ldap_library()
    server = start_slapd(tmp_path_factory.mktemp("slapd"))
    yield server
    server.stop()


@pytest.fixture
def ldap_on(settings, slapd) -> Slapd:
    enable_ldap(settings, slapd.env())
    return slapd


@pytest.fixture
def zhangsan(world) -> User:
    """A local account opened by an administrator for the directory user zhangsan."""
    return services.user_create(
        username="zhangsan",
        password=LOCAL_PASSWORD,
        full_name="张三",
        court=world.basic,
        roles=[Role.JUDGE],
    )


def _login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def _logged_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


# --- off by default, and the settings it reads ---------------------------------------------


def test_disabled_without_environment_variables(settings):
    assert ldap_settings({}) == {"FENGQIAO_LDAP_ENABLED": False}
    if "FENGQIAO_LDAP_URL" not in os.environ:
        assert settings.FENGQIAO_LDAP_ENABLED is False
        assert LDAP_BACKEND not in settings.AUTHENTICATION_BACKENDS


def _backends_in_fresh_process(tmp_path: Path, extra_env: dict[str, str]) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FENGQIAO_LDAP_")}
    env.update(FENGQIAO_DATA_DIR=str(tmp_path), PYTHONPATH=str(REPO), **extra_env)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.AUTHENTICATION_BACKENDS))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "fengqiao.settings"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_settings_module_wires_backend_only_when_url_set(tmp_path):
    needs_ldap_library()
    assert LDAP_BACKEND not in _backends_in_fresh_process(tmp_path, {})
    enabled = _backends_in_fresh_process(
        tmp_path,
        {
            "FENGQIAO_LDAP_URL": "ldap://127.0.0.1:1/",
            "FENGQIAO_LDAP_USER_SEARCH_BASE": PEOPLE_DN,
        },
    )
    # The lockout backend first, then the directory, then local accounts.
    assert enabled == [
        "axes.backends.AxesStandaloneBackend",
        LDAP_BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "FENGQIAO_LDAP_USER_SEARCH_BASE"),
        (
            {"FENGQIAO_LDAP_USER_SEARCH_BASE": PEOPLE_DN, "FENGQIAO_LDAP_USER_FILTER": "(uid=x)"},
            "FENGQIAO_LDAP_USER_FILTER",
        ),
        ({"FENGQIAO_LDAP_USER_DN_TEMPLATE": "uid=x,ou=people"}, "FENGQIAO_LDAP_USER_DN_TEMPLATE"),
        (
            {"FENGQIAO_LDAP_USER_SEARCH_BASE": PEOPLE_DN, "FENGQIAO_LDAP_TIMEOUT": "soon"},
            "FENGQIAO_LDAP_TIMEOUT",
        ),
        (
            {"FENGQIAO_LDAP_USER_SEARCH_BASE": PEOPLE_DN, "FENGQIAO_LDAP_START_TLS": "maybe"},
            "FENGQIAO_LDAP_START_TLS",
        ),
    ],
)
def test_misconfiguration_names_the_variable(env, names):
    needs_ldap_library()
    with pytest.raises(LDAPSettingsError, match=names):
        ldap_settings({"FENGQIAO_LDAP_URL": "ldap://127.0.0.1:1/", **env})


def test_settings_never_create_users_or_grant_anything():
    needs_ldap_library()
    values = ldap_settings(
        {"FENGQIAO_LDAP_URL": "ldap://127.0.0.1:1/", "FENGQIAO_LDAP_USER_SEARCH_BASE": PEOPLE_DN}
    )
    assert values["AUTH_LDAP_NO_NEW_USERS"] is True
    assert values["AUTH_LDAP_MIRROR_GROUPS"] is False
    assert values["AUTH_LDAP_USER_FLAGS_BY_GROUP"] == {}
    assert values["AUTH_LDAP_USER_ATTR_MAP"] == {}


# --- logging in through the real login page against the real directory ---------------------


def test_directory_user_with_local_account_logs_in(client, ldap_on, zhangsan):
    password_hash = zhangsan.password
    response = _login(client, "zhangsan", ldap_on.people["zhangsan"].password)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert _logged_in_as(client) == zhangsan.pk
    assert client.session["_auth_user_backend"] == LDAP_BACKEND
    assert client.get(reverse("dashboard:home")).status_code == 200

    zhangsan.refresh_from_db()
    # 姓名 from displayName, e-mail from mail; the local password and roles stay as they were.
    assert zhangsan.full_name == "张三（立案庭）"
    assert zhangsan.email == "zs@court.test"
    assert zhangsan.password == password_hash
    assert zhangsan.check_password(LOCAL_PASSWORD)
    assert zhangsan.role_codes() == {Role.JUDGE}
    sync = AuditEntry.objects.get(code="user.ldap_sync")
    assert sync.object_id == str(zhangsan.pk)
    assert sync.after == {"full_name": "张三（立案庭）", "email": "zs@court.test"}

    # Nothing changed in the directory: the next login writes no second sync record.
    client.logout()
    _login(client, "zhangsan", ldap_on.people["zhangsan"].password)
    assert _logged_in_as(client) == zhangsan.pk
    assert AuditEntry.objects.filter(code="user.ldap_sync").count() == 1


def test_wrong_directory_password_is_refused(client, ldap_on, zhangsan):
    response = _login(client, "zhangsan", "not-the-password")
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    assert "用户名或密码不正确" in response.content.decode()
    assert NOT_PROVISIONED_MESSAGE not in response.content.decode()
    zhangsan.refresh_from_db()
    assert zhangsan.full_name == "张三"  # nothing synced from a failed attempt


def test_directory_user_without_local_account_is_refused_and_not_created(client, ldap_on, world):
    users_before = User.objects.count()
    response = _login(client, "lisi", ldap_on.people["lisi"].password)
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    assert NOT_PROVISIONED_MESSAGE in response.content.decode()
    assert User.objects.count() == users_before
    assert not User.objects.filter(username__iexact="lisi").exists()
    refused = AuditEntry.objects.get(code="login.ldap_not_provisioned")
    assert refused.object_label == "lisi"
    # A wrong password for the same directory user says nothing about whether it exists.
    response = _login(client, "lisi", "not-the-password")
    assert NOT_PROVISIONED_MESSAGE not in response.content.decode()
    assert AuditEntry.objects.filter(code="login.ldap_not_provisioned").count() == 1


def test_local_only_account_keeps_its_local_password(client, ldap_on, world):
    judge = world.users[Role.JUDGE]
    response = _login(client, judge.username, PASSWORD)
    assert response.status_code == 302
    assert _logged_in_as(client) == judge.pk
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_deactivated_local_account_is_refused(client, ldap_on, world):
    wangwu = services.user_create(
        username="wangwu", password=LOCAL_PASSWORD, full_name="王五", court=world.basic
    )
    User.objects.filter(pk=wangwu.pk).update(is_active=False)
    response = _login(client, "wangwu", ldap_on.people["wangwu"].password)
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    assert "用户名或密码不正确" in response.content.decode()


def test_session_ends_when_account_is_deactivated(client, ldap_on, zhangsan):
    _login(client, "zhangsan", ldap_on.people["zhangsan"].password)
    assert client.get(reverse("dashboard:home")).status_code == 200
    User.objects.filter(pk=zhangsan.pk).update(is_active=False)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_lockout_applies_to_directory_logins(client, ldap_on, zhangsan, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "zhangsan", "not-the-password")
    response = _login(client, "zhangsan", ldap_on.people["zhangsan"].password)
    assert response.status_code == 429
    assert _logged_in_as(client) is None
    zhangsan.refresh_from_db()
    assert zhangsan.full_name == "张三"  # the directory was not even asked


def test_lockout_counts_case_and_space_variants_of_a_name_together(client, ldap_on, zhangsan):
    variants = ["ZhangSan", "ZHANGSAN", " zhangsan", "zhangSAN ", "Zhangsan"]
    for variant in variants:
        _login(client, variant, "not-the-password")
    response = _login(client, "zhangsan", ldap_on.people["zhangsan"].password)
    assert response.status_code == 429
    assert _logged_in_as(client) is None


def test_directory_name_matches_local_account_ignoring_case(client, ldap_on, zhangsan):
    _login(client, "ZhangSan", ldap_on.people["zhangsan"].password)
    assert _logged_in_as(client) == zhangsan.pk


def test_dn_template_instead_of_search(client, settings, slapd, zhangsan):
    enable_ldap(
        settings,
        {
            "FENGQIAO_LDAP_URL": slapd.url,
            "FENGQIAO_LDAP_USER_DN_TEMPLATE": f"uid=%(user)s,{PEOPLE_DN}",
            "FENGQIAO_LDAP_ATTR_FULL_NAME": "cn",
        },
    )
    _login(client, "zhangsan", slapd.people["zhangsan"].password)
    assert _logged_in_as(client) == zhangsan.pk
    zhangsan.refresh_from_db()
    assert zhangsan.full_name == "张三"  # cn, as configured
    client.logout()
    _login(client, "zhangsan", "not-the-password")
    assert _logged_in_as(client) is None


def test_start_tls_verifies_the_directory_certificate(client, settings, slapd, zhangsan):
    if slapd.ca_file is None:
        pytest.skip("未安装 openssl，无法为 slapd 生成测试证书，跳过 StartTLS 测试")
    enable_ldap(settings, slapd.env(FENGQIAO_LDAP_START_TLS="1", FENGQIAO_LDAP_CA_FILE=""))
    _login(client, "zhangsan", slapd.people["zhangsan"].password)
    assert _logged_in_as(client) is None  # an unknown CA is not trusted

    enable_ldap(
        settings,
        slapd.env(FENGQIAO_LDAP_START_TLS="1", FENGQIAO_LDAP_CA_FILE=str(slapd.ca_file)),
    )
    _login(client, "zhangsan", slapd.people["zhangsan"].password)
    assert _logged_in_as(client) == zhangsan.pk


def test_unreachable_directory_refuses_cleanly_and_local_accounts_work(
    client, settings, slapd, zhangsan, world
):
    closed = slapd.url.rsplit(":", 1)[0] + ":1/"
    enable_ldap(settings, slapd.env(FENGQIAO_LDAP_URL=closed, FENGQIAO_LDAP_TIMEOUT="2"))
    response = _login(client, "zhangsan", slapd.people["zhangsan"].password)
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    judge = world.users[Role.JUDGE]
    _login(client, judge.username, PASSWORD)
    assert _logged_in_as(client) == judge.pk


def test_enabled_without_the_library_says_how_to_install(monkeypatch):
    for name in ("ldap", "django_auth_ldap", "django_auth_ldap.config"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(LDAPSettingsError, match=r"libldap2-dev libsasl2-dev.*\[ldap\]"):
        ldap_settings({"FENGQIAO_LDAP_URL": "ldap://127.0.0.1:1/"})


def test_directory_login_is_not_held_at_the_forced_password_change(client, ldap_on, zhangsan):
    """An account an administrator created must change its local password at first local
    login; signing in through the directory never uses that password, so no detour."""
    zhangsan.must_change_password = True
    zhangsan.save(update_fields=["must_change_password"])
    _login(client, "zhangsan", ldap_on.people["zhangsan"].password)
    assert client.session["_auth_user_backend"] == LDAP_BACKEND
    assert client.get(reverse("dashboard:home")).status_code == 200

    client.logout()
    _login(client, "zhangsan", LOCAL_PASSWORD)
    assert client.get(reverse("dashboard:home"))["Location"] == reverse("password_change")
