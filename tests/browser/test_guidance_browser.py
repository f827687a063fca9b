"""指导与统一标准 in the browser: the intermediate court's supervisor comments on a letter of a
basic court from the guidance page, looks at the subtree figures and the exchange list; the
basic court's research office reads it on the letter page and marks it read — no console error
(strict CSP: no inline script or style)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fengqiao.courts.models import RecipientUnit, User
from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.guidance.models import GuidanceComment
from tests.evaluation.conftest import make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_comment_figures_and_reading_it(live_server, page, screenshot_dir):
    load_demo()
    research = User.objects.get(username="yanjiushi")
    drafter = User.objects.get(username="faguan")
    unit = RecipientUnit.objects.filter(court=research.court).first()
    letter = make_letter(
        research.court, drafter, unit, signed_on=timezone.localdate() - timedelta(days=5)
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    _login(page, live_server.url, "dudao")
    page.get_by_role("link", name="指导与统一标准").first.click()
    form = page.get_by_test_id("index-comment-form")
    form.locator("select[name=letter]").select_option(str(letter.pk))
    form.locator("textarea[name=body]").fill("建议补充近三年同类案件的数据。")
    form.get_by_role("button", name="提出指导意见").click()
    page.get_by_test_id("comments").get_by_text("建议补充近三年同类案件的数据。").wait_for()
    page.get_by_role("link", name="辖区法院对比").click()
    page.get_by_test_id("figures").wait_for()
    assert research.court.name in page.get_by_test_id("figures").inner_text()
    page.screenshot(path=str(screenshot_dir / "guidance-figures.png"), full_page=True)
    page.get_by_role("link", name="经验交流").click()
    page.get_by_test_id("exchanges").wait_for()

    _login(page, live_server.url, "yanjiushi")
    page.goto(f"{live_server.url}/suggestions/{letter.pk}/")
    card = page.get_by_test_id("guidance-card")
    card.get_by_text("建议补充近三年同类案件的数据。").wait_for()
    card.get_by_test_id("comment-read").click()
    page.get_by_test_id("guidance-card").get_by_text("已阅知").wait_for()
    page.screenshot(path=str(screenshot_dir / "guidance-letter-card.png"), full_page=True)
    assert GuidanceComment.objects.get().read_by == research
    assert errors == [], errors
