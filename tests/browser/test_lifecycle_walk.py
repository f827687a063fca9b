"""One 综合治理类 suggestion walked from clue to archive in a real browser, by the demo users:
judge → division head → research office → 审委会 → president → clerk → recipient portal → clerk."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.suggestions.models import State, Suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Walker:
    def __init__(self, page, base: str, shots) -> None:
        self.page, self.base, self.shots, self.n = page, base, shots, 0

    def login(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        assert "/login/" not in self.page.url

    def go(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")

    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(path=str(self.shots / f"walk-{self.n:02d}-{name}.png"), full_page=True)

    def submit(self, form_selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(f"{form_selector} button").last.click()

    def assert_no_error(self) -> None:
        errors = self.page.locator(".alert-danger")
        assert errors.count() == 0, errors.all_inner_texts()


def test_governance_suggestion_from_clue_to_archive(live_server, page, screenshot_dir):
    load_demo()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    w = Walker(page, live_server.url, screenshot_dir)
    today = timezone.localdate().isoformat()

    # 1. the judge raises a clue
    w.login("faguan")
    w.go("/clues/new/")
    page.fill("#id_title", "住宅小区物业服务监管")
    page.fill("#id_problem", "物业服务合同纠纷多发，业主以服务质量差为由拒交物业费的抗辩普遍存在。")
    page.select_option("#id_recipient", label="连云港市住房和城乡建设局")
    w.submit("[data-testid=clue-form]")
    w.assert_no_error()
    w.shot("clue-raised")
    clue_url = page.url.removeprefix(live_server.url)

    # 2. the division head accepts it
    w.login("tingzhang")
    w.go(clue_url)
    page.select_option("#id_decision", "accept")
    w.submit("[data-testid=triage-form]")
    assert "已采纳" in page.get_by_test_id("clue-state").inner_text()

    # 3. the research office puts it before the 审判委员会, which decides to send
    w.login("yanjiushi")
    w.go("/meetings/new/")
    page.select_option("#id_kind", "committee")
    page.fill("#id_held_on", today)
    page.fill("#id_session_no", "第12次会议")
    w.submit("[data-testid=meeting-form]")
    page.locator("[data-testid=agenda-form] select").select_option(index=1)
    w.submit("[data-testid=agenda-form]")
    form = page.locator("[data-testid=decide-form]")
    form.locator("select[name=decision]").select_option("send")
    form.locator("select[name=category]").select_option("governance")
    form.locator("select[name=recipient]").select_option(label="连云港市住房和城乡建设局")
    w.submit("[data-testid=decide-form]")
    w.assert_no_error()
    w.shot("committee-decided")
    suggestion = Suggestion.objects.get()
    detail = f"/suggestions/{suggestion.pk}/"

    # 4. the judge drafts the letter and submits it for review
    w.login("faguan")
    w.go(f"{detail}edit/")
    page.fill(
        "#id_background",
        "物业管理事关群众切身利益。近年来，你局推进物业服务质量专项整治，取得明显成效。",
    )
    page.fill("#id_problem_1_heading", "物业服务质量缺乏可核验的标准。")
    page.fill("#id_problem_1_body", "多数合同仅作原则性约定，发生争议时双方各执一词。")
    page.fill("#id_problem_2_heading", "公共收益管理不透明。")
    page.fill("#id_problem_2_body", "部分企业未单独列账公示公共收益。")
    page.fill("#id_suggestion_1_heading", "制定物业服务分级标准。")
    page.fill("#id_suggestion_1_body", "明确各等级服务的内容、频次和验收方式。")
    page.fill("#id_suggestion_2_heading", "规范公共收益管理。")
    page.fill("#id_suggestion_2_body", "督促物业服务企业单独列账、定期公示。")
    page.fill("#id_contact_name", "周静")
    page.fill("#id_contact_phone", "0518-85800000")
    w.submit("[data-testid=draft-form]")
    w.assert_no_error()
    w.shot("draft-saved")
    with page.expect_navigation():
        page.get_by_test_id("submit-review").click()
    w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "审核中"

    # 5–8. division head, research office, 审委会 (linked to the meeting), president signs
    for username in ["tingzhang", "yanjiushi", "shenweihui", "yuanzhang"]:
        w.login(username)
        w.go(detail)
        page.fill("#id_comment", "同意")
        if page.locator("#id_meeting").count():
            page.locator("#id_meeting").select_option(index=1)
        with page.expect_navigation():
            page.get_by_test_id("review-submit").click()
        w.assert_no_error()
        w.shot(f"review-{username}")
    assert page.get_by_test_id("state").inner_text() == "已签发"
    number = page.get_by_test_id("doc-number").inner_text()
    assert number == f"连开法建〔{timezone.localdate().year}〕1号"

    # 9. the clerk sends a 告知函, then delivers the letter
    w.login("yanjiushi")
    w.go(detail)
    form = page.get_by_test_id("communicate-form")
    form.locator("select[name=kind]").select_option("notice")
    w.submit("[data-testid=communicate-form]")
    form = page.get_by_test_id("deliver-form")
    form.locator("select[name=method]").select_option("in_person")
    form.locator("input[name=delivered_on]").fill(today)
    w.submit("[data-testid=deliver-form]")
    w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "已送达，待回复"
    assert "个月 =" in page.get_by_test_id("due-explanation").inner_text()
    w.shot("delivered")

    # 10. the recipient files its reply online
    w.login("zhujianju")
    assert page.url.endswith("/portal/")  # a recipient's home is the portal
    w.shot("portal-list")
    page.get_by_role("link", name="住宅小区物业服务监管").first.click()
    page.wait_for_load_state()
    w.shot("portal-letter")
    reply = page.locator("form").filter(has=page.locator("textarea[name=content]"))
    reply.locator("input[name=received_on]").fill(today)
    reply.locator("textarea[name=content]").fill(
        "我局已研究，制定物业服务分级标准，规范公共收益管理。"
    )
    selects = reply.locator("select")
    for i in range(selects.count()):
        selects.nth(i).select_option(index=1)
    with page.expect_navigation():
        reply.locator("button[type=submit]").last.click()
    w.shot("portal-replied")
    suggestion.refresh_from_db()
    assert suggestion.state == State.REPLIED

    # 11. the clerk records the rule made, completes and archives
    w.login("yanjiushi")
    w.go(detail)
    form = page.get_by_test_id("follow-up-form")
    form.locator("select[name=kind]").select_option("rule")
    form.locator("textarea[name=description]").fill("住建局印发物业服务分级标准")
    form.locator("input[name=rule_name]").fill("连云港市住宅物业服务分级标准")
    w.submit("[data-testid=follow-up-form]")
    w.submit("[data-testid=complete-form]")
    with page.expect_navigation():
        page.get_by_test_id("archive").click()
    w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "已归档"
    assert page.get_by_test_id("timeline").locator("li").count() >= 12
    w.shot("archived")
    csp = [e for e in console_errors if "Content Security Policy" in e]
    assert csp == [], csp
