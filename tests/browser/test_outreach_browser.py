"""对外协同 in a browser, on the demo: the research office creates a research export through
the page and finds the relay's signed link; the association opens it without logging in and
acknowledges it. No CSP violation on the way. Screenshots go to test-output/outreach-*.png."""

from __future__ import annotations

import pytest

from fengqiao.demo.cases import load_demo_cases
from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.demo.outreach import load_demo_outreach
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.outreach.models import Relay, ResearchExport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_export_and_relay_link(browser, live_server, screenshot_dir):
    load_demo()
    load_demo_cases()
    load_demo_suggestions()
    assert load_demo_outreach()
    base = live_server.url
    violations: list[str] = []

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 820})
    page = context.new_page()
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    _login(page, base, "yanjiushi")
    page.click("text=对外协同")
    page.click("a.nav-link:has-text('科研数据导出')")
    form = page.locator("[data-testid=export-form]")
    form.locator("#id_date_from").fill("2020-01-01")
    form.locator("#id_date_to").fill("2030-12-31")
    form.locator("#id_recipient_institution").fill("东南大学法学院")
    form.locator("#id_agreement_number").fill("连开研协〔2026〕2号")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "已生成科研数据集" in page.locator("body").inner_text()
    assert "连开研协〔2026〕2号" in page.locator("[data-testid=exports]").inner_text()
    assert ResearchExport.objects.filter(agreement_number="连开研协〔2026〕2号").exists()
    with page.expect_download() as download:
        page.locator("[data-testid=exports] a:has-text('下载 zip')").first.click()
    assert download.value.suggested_filename.endswith(".zip")
    page.screenshot(path=str(screenshot_dir / "outreach-exports.png"), full_page=True)

    page.click("a.nav-link:has-text('转送行业协会')")
    page.locator("[data-testid=relays] a").first.click()
    link = page.locator("[data-testid=relay-link]").input_value()
    context.close()

    anonymous = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = anonymous.new_page()
    phone.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    phone.goto(link)
    digest = phone.locator("[data-testid=digest]").inner_text()
    assert "转送说明" in digest and "确认收悉" in digest
    phone.fill("#id_name", "陈丽")
    with phone.expect_navigation():
        phone.click("[data-testid=ack-form] button[type=submit]")
    assert "陈丽" in phone.locator("[data-testid=acknowledged]").inner_text()
    phone.screenshot(path=str(screenshot_dir / "outreach-link-phone.png"), full_page=True)
    anonymous.close()
    relay = Relay.objects.get()
    assert relay.acknowledged_by_name == "陈丽"
    assert violations == []
