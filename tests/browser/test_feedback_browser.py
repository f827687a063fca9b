"""反馈分析 in a real browser: the charts render, with no console errors (strict CSP)."""

from __future__ import annotations

import pytest

from fengqiao.courts.demo import DEMO_PASSWORD, load_demo
from fengqiao.suggestions.demo import load_demo_suggestions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analysis_page_draws_every_chart_without_console_errors(live_server, page, screenshot_dir):
    load_demo()
    load_demo_suggestions()  # (includes the classified replies of feedback.demo_data)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "yanjiushi")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="反馈分析").click()
    page.wait_for_url(f"{live_server.url}/feedback/")
    charts = page.locator("[data-chart]")
    assert charts.count() == 6
    for i in range(charts.count()):
        charts.nth(i).locator("canvas").wait_for()
    reasons = page.get_by_test_id("table-reasons").inner_text()
    for label in ("建议不可行", "职责不属", "沟通不到位"):
        assert label in reasons
    page.screenshot(path=str(screenshot_dir / "feedback-analysis.png"), full_page=True)
    assert errors == [], errors
