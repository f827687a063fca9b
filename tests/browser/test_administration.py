"""A court's system administrator at work in a real browser: creates a person who must then
choose their own password and works in their role; bulk-imports people and units from the
page's own Excel template, previewing before anything is written."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fengqiao.courts.models import RecipientUnit, User
from fengqiao.demo.courts import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_admin_creates_user_who_must_change_password_then_works(
    live_server, page, screenshot_dir, settings, tmp_path
):
    from tests.administration.conftest import png_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    errors = watch_console(page)
    base = live_server.url
    login(page, base, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="系统管理").click()
    page.get_by_role("link", name="新建用户").first.click()
    page.fill("#id_username", "xiaozhou")
    page.fill("#id_full_name", "周小舟")
    page.fill("#id_phone", "13912345678")
    page.select_option("#id_division", label="研究室")
    page.get_by_label("研究室", exact=True).check()
    page.screenshot(path=str(screenshot_dir / "admin-01-new-user.png"), full_page=True)
    with page.expect_navigation():
        page.click("[data-testid=user-form] button[type=submit]")
    password = page.get_by_test_id("temporary-password").inner_text().strip()
    assert len(password) >= 12
    page.screenshot(path=str(screenshot_dir / "admin-02-temporary-password.png"), full_page=True)
    assert User.objects.get(username="xiaozhou").must_change_password
    page.get_by_role("link", name="查看该用户").click()
    assert "待改初始密码" in page.locator("h1").inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-02b-user-detail.png"), full_page=True)

    # the court's document settings: 院印 uploaded and embedded
    page.goto(f"{base}/admin-console/documents/")
    seal = tmp_path / "院印.png"
    seal.write_bytes(png_bytes(120, 120))
    page.set_input_files("#id_seal", str(seal))
    page.check("#id_embed_seal")
    page.fill("#id_contact_name", "周静")
    with page.expect_navigation():
        page.click("[data-testid=document-settings-form] button[type=submit]")
    assert "公文设置已保存" in page.content()
    assert page.get_by_test_id("example-number").inner_text().startswith("连开法建〔")
    assert page.locator("img[alt=院印]").evaluate("i => i.naturalWidth") == 120
    page.screenshot(path=str(screenshot_dir / "admin-02c-document-settings.png"), full_page=True)

    # the new colleague logs in and is held at the change-password page
    login(page, base, "xiaozhou", password)
    assert page.url == f"{base}/password/"
    assert page.get_by_test_id("forced-change").is_visible()
    page.goto(f"{base}/admin-console/recipients/")
    assert page.url == f"{base}/password/"
    page.screenshot(path=str(screenshot_dir / "admin-03-forced-change.png"), full_page=True)
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "12345")
    page.fill("#id_new_password2", "12345")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "密码太短，至少需要 10 个字符。" in page.content()
    page.screenshot(path=str(screenshot_dir / "admin-04-policy-error.png"), full_page=True)
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Haizhou-river-2026")
    page.fill("#id_new_password2", "Haizhou-river-2026")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/password/done/" in page.url
    assert not User.objects.get(username="xiaozhou").must_change_password

    # ... and works as the research office: maintains the recipient directory
    page.goto(f"{base}/")
    assert "研究室" in page.get_by_test_id("user-name").inner_text()
    page.get_by_role("link", name="单位目录维护").click()
    page.get_by_role("link", name="登记单位").click()
    page.fill("#id_name", "连云港市应急管理局")
    page.select_option("#id_kind", label="党政机关")
    page.fill("#id_contact_phone", "0518-85001234")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "已登记被建议单位：连云港市应急管理局" in page.content()
    page.screenshot(
        path=str(screenshot_dir / "admin-05-research-registers-unit.png"), full_page=True
    )
    assert RecipientUnit.objects.filter(name="连云港市应急管理局").exists()

    # a judge may not open the same page
    login(page, base, "faguan", DEMO_PASSWORD)
    response = page.goto(f"{base}/admin-console/recipients/")
    assert response.status == 403
    csp = [e for e in errors if "Content Security Policy" in e]
    assert csp == [], csp


def _filled(template: bytes, rows: list[list]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_bulk_import_preview_then_confirm(live_server, page, screenshot_dir, tmp_path):
    from tests.administration.test_bulk_import import fifty_users, hundred_units

    load_demo()
    errors = watch_console(page)
    base = live_server.url
    login(page, base, "admin", DEMO_PASSWORD)
    users_before = User.objects.count()
    units_before = RecipientUnit.objects.count()

    # users: the template comes from the page itself
    page.goto(f"{base}/admin-console/import/users/")
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "users-template.xlsx"
    download.value.save_as(template)
    people = tmp_path / "人员名单.xlsx"
    people.write_bytes(_filled(template.read_bytes(), fifty_users()))
    page.set_input_files("#id_file", str(people))
    with page.expect_navigation():
        page.click("[data-testid=import-form] button[type=submit]")
    summary = page.get_by_test_id("import-summary").inner_text()
    assert "共 50 行" in summary and "可导入 49" in summary and "有错误 1" in summary
    assert page.locator("tr[data-status=error]").count() == 1
    assert "刑事审判第九庭" in page.locator("tr[data-status=error]").inner_text()
    page.screenshot(path=str(screenshot_dir / "import-01-users-preview.png"), full_page=True)
    assert User.objects.count() == users_before  # nothing written by the preview

    # units: one planted error and one duplicate by normalised name
    page.goto(f"{base}/admin-console/import/recipients/")
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "units-template.xlsx"
    download.value.save_as(template)
    units = tmp_path / "单位名录.xlsx"
    units.write_bytes(_filled(template.read_bytes(), hundred_units()))
    page.set_input_files("#id_file", str(units))
    with page.expect_navigation():
        page.click("[data-testid=import-form] button[type=submit]")
    summary = page.get_by_test_id("import-summary").inner_text()
    assert "共 100 行" in summary and "可导入 98" in summary
    assert "有错误 1" in summary and "重复 1" in summary
    assert page.locator("tr[data-status=duplicate]").count() == 1
    assert "名称规范化后相同" in page.locator("tr[data-status=duplicate]").inner_text()
    page.screenshot(path=str(screenshot_dir / "import-02-units-preview.png"), full_page=True)
    assert RecipientUnit.objects.count() == units_before

    with page.expect_navigation():
        page.get_by_test_id("confirm-import").click()
    assert "已导入 98 个被建议单位" in page.get_by_test_id("import-done").inner_text()
    page.screenshot(path=str(screenshot_dir / "import-03-units-done.png"), full_page=True)
    assert RecipientUnit.objects.count() == units_before + 98
    assert User.objects.count() == users_before  # the users preview was never confirmed
    csp = [e for e in errors if "Content Security Policy" in e]
    assert csp == [], csp
