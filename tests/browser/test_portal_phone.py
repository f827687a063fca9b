"""The recipient portal on a phone (390×844): menu collapsed behind a button, letters as cards
without horizontal scrolling, titles wrapping normally, every label in Chinese. Screenshots go
to test-output/portal-phone-*.png."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from fengqiao.courts.models import User
from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.portal.links import make_letter_link
from fengqiao.suggestions import services
from fengqiao.suggestions.models import Category, PreCommunication, Suggestion
from tests.suggestions.conftest import letter_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Words of Latin letters a Chinese page may show: file formats and the product's own names.
ALLOWED_LATIN = {"Word", "PDF", "docx", "pdf"}


def _overflow(page, selector: str = "html") -> int:
    """How many pixels the element is wider than its visible box (0 = no horizontal scroll)."""
    return page.evaluate(
        "(sel) => { const e = document.querySelector(sel); return e.scrollWidth - e.clientWidth; }",
        selector,
    )


def _latin_words(page) -> set[str]:
    text = page.locator("body").inner_text()
    return {w for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED_LATIN


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


TITLES = [
    "住宅小区物业服务监管和公共收益管理",
    "预付式消费经营者跑路后的消费者权益保护",
    "电动自行车停放充电安全隐患治理",
]


def _letters_sent_for_opinion(unit) -> list[Suggestion]:
    """Drafts sent to the unit as 征求意见稿 with a 告知函 (第五条 allows it while drafting)."""
    judge = User.objects.get(username="faguan")
    clerk = User.objects.get(username="yanjiushi")
    sent = []
    for title in TITLES:
        suggestion = services.suggestion_create(
            actor=judge,
            title=title,
            category=Category.GOVERNANCE,
            recipient=unit,
            content=letter_content(judge.court.name, topic=title),
        )
        services.communication_record(
            actor=clerk,
            suggestion=suggestion,
            kind=PreCommunication.Kind.NOTICE,
            held_on=timezone.localdate(),
        )
        sent.append(suggestion)
    return sent


def test_portal_is_usable_on_a_phone(browser, live_server, screenshot_dir):
    load_demo()
    recipient = User.objects.get(username="zhujianju")
    pending = _letters_sent_for_opinion(recipient.recipient_unit)[0]
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    try:
        _login(page, live_server.url, "zhujianju")
        assert page.url.endswith("/portal/")

        # the list: menu collapsed, cards, no sideways scrolling
        page.screenshot(path=str(screenshot_dir / "portal-phone-list.png"), full_page=True)
        assert page.get_by_test_id("menu-toggle").is_visible()
        assert not page.get_by_test_id("side-menu").is_visible()
        assert not page.get_by_test_id("portal-letters").is_visible()  # the wide table
        cards = page.get_by_test_id("portal-card")
        assert cards.count() >= 2
        assert _overflow(page) == 0
        assert _overflow(page, "[data-testid=portal-cards]") == 0
        title = cards.first.locator("a").first
        box = title.bounding_box()
        assert box is not None and box["width"] > 250  # not one character per line
        line_height = page.evaluate(
            "(e) => parseFloat(getComputedStyle(e).lineHeight)", title.element_handle()
        )
        assert box["height"] <= 3 * line_height + 1  # a title wraps to at most three lines
        assert _latin_words(page) == set(), _latin_words(page)
        assert "前" in cards.first.get_by_test_id("opinion-due").inner_text()  # 请于…前

        # the menu opens on demand
        page.get_by_test_id("menu-toggle").click()
        page.get_by_test_id("side-menu").locator("a", has_text="我的来函").wait_for()
        page.wait_for_timeout(400)  # the slide-in transition
        page.screenshot(path=str(screenshot_dir / "portal-phone-menu.png"))
        assert page.get_by_test_id("side-menu").is_visible()
        page.locator("#fq-menu .btn-close").click()
        page.wait_for_timeout(400)
        assert not page.get_by_test_id("side-menu").is_visible()

        # the 征求意见稿 in full, with the answer form
        page.goto(f"{live_server.url}/portal/letters/{pending.pk}/")
        assert page.get_by_test_id("consultation").is_visible()
        assert page.get_by_test_id("opinion-form").is_visible()
        page.screenshot(path=str(screenshot_dir / "portal-phone-draft.png"), full_page=True)
        assert _overflow(page) == 0
        assert _latin_words(page) == set(), _latin_words(page)
        assert "视为" not in page.locator("body").inner_text()

        # the single-letter link, opened without an account
        page.context.clear_cookies()
        page.goto(f"{live_server.url}{make_letter_link(pending)}")
        assert page.get_by_test_id("consultation").is_visible()
        page.screenshot(path=str(screenshot_dir / "portal-phone-link.png"), full_page=True)
        assert _overflow(page) == 0
        csp = [e for e in console_errors if "Content Security Policy" in e]
        assert csp == [], csp
    finally:
        context.close()
