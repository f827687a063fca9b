from __future__ import annotations

import pytest
from django.core.management import call_command

from fengqiao.courts.models import Court

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Chaoyang#2026setup"


def test_setup_administrator_browses_searches_and_corrects_the_registry(
    live_server, page, screenshot_dir, monkeypatch
):
    monkeypatch.setenv("FENGQIAO_SETUP_PASSWORD", PASSWORD)
    call_command("setup", court="京0105", short_name="朝", admin_username="cyadmin")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "cyadmin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    assert page.get_by_role("link", name="法院名录").count() >= 1

    page.goto(f"{live_server.url}/courts/registry/?under=京")
    assert "北京市第三中级人民法院" in page.locator("table").inner_text()
    page.screenshot(path=str(screenshot_dir / "registry-tree.png"), full_page=True)

    page.fill("input[name=q]", "朝阳区")
    page.click("form[role=search] button")
    page.get_by_role("link", name="北京市朝阳区人民法院").click()
    page.get_by_role("link", name="更正").click()
    page.fill("#id_aliases", "北京朝阳法院")
    page.click("form button.btn-primary")
    page.wait_for_url("**/courts/registry/?under=*")
    assert "已保存" in page.locator("body").inner_text()
    assert "北京朝阳法院" in Court.objects.get(code="京0105").aliases
    page.screenshot(path=str(screenshot_dir / "registry-corrected.png"), full_page=True)
    assert [e for e in errors if "Content Security Policy" in e] == []
