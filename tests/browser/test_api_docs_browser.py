"""/api/docs renders its Swagger UI from our own static files under our CSP."""

from __future__ import annotations

import pytest

from fengqiao.courts import services
from fengqiao.courts.models import Court, CourtLevel, Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_under_csp(live_server, page, screenshot_dir):
    court = Court.objects.create(name="测试基层人民法院", level=CourtLevel.BASIC, code="测0001")
    services.user_create(
        username="docs_reader",
        password=PASSWORD,
        full_name="研究室",
        court=court,
        division=None,
        roles=[Role.RESEARCH],
    )
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/docs")
    assert "/login/" in page.url  # behind login (DEBUG is off)
    page.fill("#id_username", "docs_reader")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "枫桥" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for()
    page.screenshot(path=str(screenshot_dir / "api-docs.png"), full_page=False)
    assert outside == []
    csp = [e for e in console_errors if "Content Security Policy" in e]
    assert csp == [], csp
