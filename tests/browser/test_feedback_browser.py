"""反馈分析 in a real browser: the charts render, with no console errors (strict CSP)."""

from __future__ import annotations

import pytest

from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.demo.suggestions import load_demo_suggestions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analysis_charts_render_and_the_drafting_page_learns(live_server, page, screenshot_dir):
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

    # the lesson flows back: the new-letter page's fragment follows the chosen domain and unit
    page.goto(f"{live_server.url}/suggestions/new/")
    lesson = page.get_by_test_id("lesson")
    lesson.wait_for()
    assert "全部领域 · 全部单位类型" in lesson.inner_text()
    page.select_option("#id_domain", "金融")
    page.select_option("#id_recipient", label="中国银行股份有限公司连云港分行")
    page.get_by_test_id("lesson").filter(has_text="金融 · 企业").wait_for()
    assert "采纳率 0.0%" in page.get_by_test_id("lesson-figures").inner_text()
    assert errors == [], errors
