"""宣传 in a real browser: the 微信公众号 HTML export opened in headless Chromium and
screenshotted; the public page loaded without login; the draft page with no console errors
(strict CSP: our pages carry no inline styles)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.demo.publicity import load_demo_publicity
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.publicity import exports
from fengqiao.publicity.models import Channel, PublicityDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wechat_export_public_page_and_draft_page(
    live_server, page, screenshot_dir, settings, tmp_path
):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    load_demo()
    load_demo_suggestions()
    drafts = load_demo_publicity()
    assert {d.channel for d in drafts} == set(Channel.values)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    wechat = PublicityDraft.objects.get(channel=Channel.WECHAT)
    html_file = screenshot_dir / "publicity-wechat.html"
    html_file.write_text(
        exports.wechat_html(wechat, court_name=wechat.court.name), encoding="utf-8"
    )
    page.goto(html_file.as_uri())
    article = page.get_by_test_id("wechat-article")
    article.wait_for()
    assert wechat.body["title"] in article.inner_text()
    assert page.get_by_test_id("judge-box").is_visible()
    page.screenshot(path=str(screenshot_dir / "publicity-wechat.png"), full_page=True)

    # the public page, no login: the published article only
    code = quote(wechat.court.code)
    page.goto(f"{live_server.url}/gongkai/{code}/")
    items = page.get_by_test_id("public-items")
    items.wait_for()
    assert wechat.title in items.inner_text()
    assert PublicityDraft.objects.get(channel=Channel.WEIBO).title not in items.inner_text()
    page.get_by_role("link", name=wechat.title).click()
    page.get_by_test_id("preview-article").wait_for()
    assert "登录" not in page.title()
    page.screenshot(path=str(screenshot_dir / "publicity-public.png"), full_page=True)

    # the draft page of the research office
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "yanjiushi")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="宣传稿").click()
    page.get_by_test_id("draft-list").wait_for()
    page.goto(
        f"{live_server.url}/publicity/drafts/{PublicityDraft.objects.get(channel=Channel.DOUYIN).pk}/"
    )
    page.get_by_test_id("shot-list").wait_for()
    page.screenshot(path=str(screenshot_dir / "publicity-douyin.png"), full_page=True)
    page.goto(f"{live_server.url}/publicity/drafts/{wechat.pk}/")
    page.get_by_test_id("sources").wait_for()
    page.screenshot(path=str(screenshot_dir / "publicity-draft-wechat.png"), full_page=True)
    page.goto(f"{live_server.url}/publicity/calendar/")
    page.get_by_test_id("calendar").wait_for()
    page.screenshot(path=str(screenshot_dir / "publicity-calendar.png"), full_page=True)
    assert errors == [], errors
