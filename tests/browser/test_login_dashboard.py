from __future__ import annotations

import pytest

from fengqiao.demo.courts import DEMO_PASSWORD, UNITS, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_clerk_logs_in_and_sees_chinese_dashboard(live_server, page, screenshot_dir):
    load_demo()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    assert page.locator("h2").inner_text() == "用户登录"
    page.fill("#id_username", "yanjiushi")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").first.inner_text().startswith("工作台")
    assert page.get_by_test_id("court-name").inner_text() == "连云港经济技术开发区人民法院"
    assert "研究室" in page.get_by_test_id("user-name").inner_text()
    assert page.get_by_role("link", name="被建议单位").is_visible()
    # Bootstrap is served locally: the top bar got its colour from our stylesheet.
    colour = page.evaluate("getComputedStyle(document.querySelector('.fq-topbar')).backgroundColor")
    assert colour == "rgb(139, 26, 26)"
    page.get_by_test_id("state-chart").locator("canvas").wait_for()
    page.screenshot(path=str(screenshot_dir / "dashboard-research-clerk.png"), full_page=True)

    page.get_by_role("link", name="被建议单位").click()
    own_units = [u for u in UNITS if u[3] == "苏0791"]
    assert page.locator("table tbody tr").count() == len(own_units)
    page.screenshot(path=str(screenshot_dir / "recipients.png"), full_page=True)
    csp = [e for e in console_errors if "Content Security Policy" in e]
    assert csp == [], csp


def test_wrong_password_shows_chinese_error(live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "faguan")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.locator(".alert-danger").inner_text()
