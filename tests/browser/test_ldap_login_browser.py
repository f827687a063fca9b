"""A person logs in with their unified identity (directory) password in the browser, against a
real slapd; a directory user with no local account is told to ask the administrator."""

from __future__ import annotations

import pytest

from fengqiao.courts import services
from fengqiao.courts.login_form import NOT_PROVISIONED_MESSAGE
from fengqiao.courts.models import CourtLevel, Role, User
from tests.ldap_slapd import Slapd, enable_ldap, needs_ldap_library, start_slapd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory) -> Slapd:
    needs_ldap_library()
    server = start_slapd(tmp_path_factory.mktemp("slapd"))
    yield server
    server.stop()


def test_directory_login_in_browser(live_server, page, settings, slapd, screenshot_dir):
    enable_ldap(settings, slapd.env())
    court = services.court_create(
        name="江苏省高级人民法院", code="苏", short_name="苏高", level=CourtLevel.HIGH
    )
    services.user_create(
        username="zhangsan",
        password="Local-only-2026",
        full_name="张三",
        court=court,
        roles=[Role.JUDGE],
    )

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "lisi")
    page.fill("#id_password", slapd.people["lisi"].password)
    page.click("button[type=submit]")
    notice = page.get_by_test_id("ldap-not-provisioned")
    assert notice.inner_text() == NOT_PROVISIONED_MESSAGE
    page.screenshot(path=str(screenshot_dir / "ldap-not-provisioned.png"), full_page=True)
    assert not User.objects.filter(username="lisi").exists()

    page.fill("#id_username", "zhangsan")
    page.fill("#id_password", slapd.people["zhangsan"].password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").first.inner_text().startswith("工作台")
    # 姓名 came from the directory's displayName.
    assert "张三（立案庭）" in page.get_by_test_id("user-name").inner_text()
    page.screenshot(path=str(screenshot_dir / "ldap-logged-in.png"), full_page=True)
