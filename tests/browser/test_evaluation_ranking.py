"""考评: the ranking page draws its ECharts chart (points and quality per letter) with no console
error (strict CSP: the chart's data is JSON, the script a static file)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fengqiao.courts.models import RecipientUnit, User
from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from tests.evaluation.conftest import give_score, make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ranking_page_renders_its_chart_without_console_errors(live_server, page, screenshot_dir):
    load_demo()
    research = User.objects.get(username="yanjiushi")
    day = timezone.localdate() - timedelta(days=3)
    unit = RecipientUnit.objects.filter(court=research.court).first()
    for username, total in (("faguan", 92), ("faguan2", 70), ("tingzhang", 55)):
        drafter = User.objects.get(username=username)
        letter = make_letter(
            research.court, drafter, unit, signed_on=day, division=drafter.division
        )
        give_score(letter, research, total)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "yanjiushi")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="考评").click()
    page.get_by_role("link", name="按承办法官").click()
    page.get_by_test_id("rank-chart").locator("canvas").wait_for()
    assert page.get_by_test_id("ranking").locator("tbody tr").count() == 3
    assert "每件平均质量分" in page.get_by_test_id("ranking").inner_text()
    page.screenshot(path=str(screenshot_dir / "evaluation-ranking.png"), full_page=True)
    page.get_by_test_id("ranking").get_by_role("link", name="明细").first.click()
    page.get_by_test_id("letter-points").first.wait_for()
    assert errors == [], errors
