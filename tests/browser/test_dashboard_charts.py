"""The 研究室's home page in Chromium: every chart is drawn (a canvas in each [data-chart]),
clicking a bar opens the filtered register, and the console stays clean (strict CSP)."""

from __future__ import annotations

import pytest

from fengqiao.courts.models import Role
from tests.conftest import PASSWORD
from tests.suggestions.conftest import make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_research_home_page_draws_every_chart(live_server, page, world, screenshot_dir):
    make(world, upto="delivered")
    make(world, upto="signed")
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", world.users[Role.RESEARCH].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    charts = page.locator("[data-chart]")
    keys = [charts.nth(i).get_attribute("data-testid") for i in range(charts.count())]
    assert keys == ["state-chart", "trend-chart", "division-chart", "domain-chart", "kind-chart"]
    for key in keys:
        page.get_by_test_id(key).locator("canvas").wait_for()
    page.screenshot(path=str(screenshot_dir / "dashboard-charts.png"), full_page=True)
    assert console_errors == []
    # a figure opens the register filtered to what it counts
    page.get_by_test_id("figure-link").first.click()
    page.wait_for_url("**/suggestions/?*")
    assert "issued=1" in page.url
