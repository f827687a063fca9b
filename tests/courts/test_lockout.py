"""Login abuse rules, through the real login view (fengqiao/courts/lockout.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory

from fengqiao.audit.models import AuditEntry
from fengqiao.core.client_address import client_address
from fengqiao.courts import services
from fengqiao.courts.models import Role
from tests.conftest import PASSWORD

ATTACKER = "203.0.113.5"
PROXY = "10.9.0.1"


@pytest.fixture
def accounts(world) -> list[str]:
    names = []
    for i in range(9):
        services.user_create(
            username=f"clerk{i}",
            password=PASSWORD,
            full_name=f"书记员{i}",
            court=world.basic,
            division=None,
            roles=[Role.RESEARCH],
        )
        names.append(f"clerk{i}")
    return names


def login(client, username: str, password: str, *, addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client.logout()
    return client.post("/login/", {"username": username, "password": password}, **extra)


def assert_logged_in(response) -> None:
    assert response.status_code == 302, response.status_code


def assert_locked(response) -> None:
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def age_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_spraying_many_accounts_from_one_address_locks_that_address(client, accounts, settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    for name in accounts[:7]:  # 4 wrong passwords on each of 7 accounts = 28 > 20
        for _ in range(4):
            login(client, name, "wrong-password", addr=ATTACKER)
    # the address is locked, even for an account it never tried, with the right password
    assert_locked(login(client, accounts[8], PASSWORD, addr=ATTACKER))
    # the accounts themselves are not locked: their owners log in from elsewhere
    assert_logged_in(login(client, accounts[0], PASSWORD, addr="198.51.100.7"))
    assert_logged_in(login(client, accounts[8], PASSWORD, addr="198.51.100.8"))


def test_below_the_address_limit_nothing_is_locked(client, accounts):
    for name in accounts[:4]:
        for _ in range(4):  # 16 failures, 4 per account
            login(client, name, "wrong-password", addr=ATTACKER)
    assert_logged_in(login(client, accounts[5], PASSWORD, addr=ATTACKER))


def test_account_locks_across_addresses(client, accounts, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, accounts[0], "wrong-password", addr=f"198.51.100.{i + 1}")
    assert_locked(login(client, accounts[0], PASSWORD, addr="192.0.2.77"))
    # other accounts at those addresses are unaffected
    assert_logged_in(login(client, accounts[1], PASSWORD, addr="198.51.100.1"))


def test_account_lock_is_a_cool_off_not_extended_by_more_attempts(client, accounts, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, accounts[0], "wrong-password", addr=ATTACKER)
    age_attempts(10)
    for _ in range(5):  # hammering during the lock does not push it further
        assert_locked(login(client, accounts[0], "wrong-password", addr=ATTACKER))
    assert_locked(login(client, accounts[0], PASSWORD, addr="198.51.100.7"))
    age_attempts(6)  # 16 minutes after the last counted failure
    assert_logged_in(login(client, accounts[0], PASSWORD, addr="198.51.100.7"))


def test_address_lock_expires_too(client, accounts, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for name in accounts[:3]:
        for _ in range(2):
            login(client, name, "wrong-password", addr=ATTACKER)
    assert_locked(login(client, accounts[4], PASSWORD, addr=ATTACKER))
    age_attempts(16)
    assert_logged_in(login(client, accounts[4], PASSWORD, addr=ATTACKER))


def test_own_successful_login_does_not_reset_the_address_count(client, accounts, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for name in accounts[1:5]:
        for _ in range(2):  # 8 failures on other accounts
            login(client, name, "wrong-password", addr=ATTACKER)
    assert_locked(login(client, accounts[0], PASSWORD, addr=ATTACKER))
    # …while an account's own failures are cleared by its successful login
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 100
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, accounts[6], "wrong-password", addr="198.51.100.9")
    assert_logged_in(login(client, accounts[6], PASSWORD, addr="198.51.100.9"))
    login(client, accounts[6], "wrong-password", addr="198.51.100.9")
    assert_logged_in(login(client, accounts[6], PASSWORD, addr="198.51.100.9"))


def test_behind_trusted_proxy_the_real_client_is_locked_not_the_proxy(client, accounts, settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    for name in accounts[:7]:
        for _ in range(4):
            login(client, name, "wrong-password", addr=PROXY, forwarded=ATTACKER)
    assert_locked(login(client, accounts[8], PASSWORD, addr=PROXY, forwarded=ATTACKER))
    # a colleague behind the same proxy is not locked out
    assert_logged_in(login(client, accounts[8], PASSWORD, addr=PROXY, forwarded="198.51.100.7"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    last_failed = AuditEntry.objects.filter(code="auth.login_failed").order_by("-id").first()
    assert last_failed.ip_address == ATTACKER


def test_forwarded_header_from_an_untrusted_peer_is_ignored(client, accounts, settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for i in range(6):  # a spoofed, changing X-Forwarded-For does not dodge the address limit
        login(client, accounts[i], "wrong-password", addr=ATTACKER, forwarded=f"192.0.2.{i}")
    assert_locked(login(client, accounts[7], PASSWORD, addr=ATTACKER, forwarded="192.0.2.99"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_without_trusted_proxies_the_header_is_never_used(client, accounts, settings):
    settings.TRUSTED_PROXIES = []
    login(client, accounts[0], "wrong-password", addr=PROXY, forwarded=ATTACKER)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.5", None, "203.0.113.5"),
        ("10.9.0.1", None, "10.9.0.1"),
        ("10.9.0.1", "198.51.100.7", "198.51.100.7"),
        # a client-supplied left part cannot choose the address: the right-most untrusted wins
        ("10.9.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # two of our proxies in a row
        ("10.9.0.1", "198.51.100.7, 10.9.0.2", "198.51.100.7"),
        ("10.9.0.1", "198.51.100.7:5123", "198.51.100.7"),
        ("10.9.0.1", "[2001:db8::5]:443", "2001:db8::5"),
        ("10.9.0.1", "garbage", "10.9.0.1"),
        ("::ffff:10.9.0.1", "198.51.100.7", "198.51.100.7"),
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
    ],
)
def test_client_address(settings, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **meta)) == expected
