"""The art. 5 path in a real browser, by the demo users: the committee decides → the judge drafts
→ the research office sends the 征求意见稿 with a 告知函 → the recipient reads the whole draft in
the portal and answers item by item → the draft goes back to the judge (who is reminded) → the
revision is reviewed and signed → delivered. Screenshots: test-output/precomm-*.png."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from docx import Document

from fengqiao.cases.models import Case
from fengqiao.courts.models import User
from fengqiao.suggestions.models import PreCommunication, State, Suggestion

from .test_lifecycle_walk import Walker, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Art5Walker(Walker):
    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(
            path=str(self.shots / f"precomm-{self.n:02d}-{name}.png"), full_page=True
        )


def test_draft_goes_to_the_recipient_for_opinions_before_signing(
    live_server, page, screenshot_dir, settings, tmp_path
):
    settings.DATA_DIR = tmp_path  # the case search index of this test
    load_demo()
    court = User.objects.get(username="faguan").court
    for n in (301, 302):
        Case.objects.create(
            owner=court,
            case_no=f"（2025）苏0791民初{n}号",
            court_key=court.name,
            court_name=court.name,
            cause="物业服务合同纠纷",
            full_text="业主以服务质量差为由拒交物业费。",
            content_hash=str(n),
        )
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    w = Art5Walker(page, live_server.url, screenshot_dir)
    today = timezone.localdate().isoformat()

    # 1. clue → accepted → the 审判委员会 decides to send
    w.login("faguan")
    w.go("/clues/new/")
    page.fill("#id_title", "住宅小区物业服务监管")
    page.fill("#id_problem", "物业服务合同纠纷多发，业主以服务质量差为由拒交物业费的抗辩普遍存在。")
    page.select_option("#id_recipient", label="连云港市住房和城乡建设局")
    page.select_option("#id_domain", "房地产")
    page.get_by_test_id("case-search").fill("民初302")  # search as you type, the court's cases
    page.get_by_test_id("case-results").get_by_test_id("case-add").first.click()
    page.get_by_test_id("picked-cases").locator("input[name=cases]").first.wait_for()
    w.shot("clue-case-picked")
    w.submit("[data-testid=clue-form]")
    clue_url = page.url.removeprefix(live_server.url)
    w.login("tingzhang")
    w.go(clue_url)
    page.select_option("#id_decision", "accept")
    w.submit("[data-testid=triage-form]")
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
    suggestion = Suggestion.objects.get()
    assert [c.case_no for c in suggestion.cases.all()] == ["（2025）苏0791民初302号"]
    detail = f"/suggestions/{suggestion.pk}/"

    # 2. the judge drafts (not yet submitted for review)
    w.login("faguan")
    w.go(f"{detail}edit/")
    page.fill("#id_background", "物业管理事关群众切身利益。近年来，你局推进物业服务质量专项整治。")
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

    # 3. the research office sends the 征求意见稿 with a 告知函 (period prefilled: 15 days)
    w.login("yanjiushi")
    w.go(detail)
    form = page.get_by_test_id("communicate-form")
    assert form.locator("input[name=respond_by]").input_value() > today
    form.locator("select[name=kind]").select_option("notice")
    w.submit("[data-testid=communicate-form]")
    w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "征求意见中"
    assert page.get_by_test_id("doc-number").count() == 0  # no 文号 on a 征求意见稿
    w.shot("notice-sent")
    response = page.request.get(f"{live_server.url}{detail}consultation.docx")
    assert response.ok
    first = [p.text for p in Document(io.BytesIO(response.body())).paragraphs]
    assert first[0] == "征求意见稿"

    # 4. the recipient reads the whole draft and answers item by item
    w.login("zhujianju")
    page.get_by_role("link", name="住宅小区物业服务监管").first.click()
    page.wait_for_load_state()
    draft = page.get_by_test_id("consultation")
    assert "督促物业服务企业单独列账、定期公示。" in draft.inner_text()  # the body, not headings
    assert "（二）" in draft.inner_text()
    assert "视为" not in page.locator("body").inner_text()
    w.shot("portal-draft")
    answer = page.get_by_test_id("opinion-form")
    answer.get_by_label("有修改意见").check()
    answer.locator("textarea[name=item_2]").fill("建议明确公示频次，至少每半年一次。")
    with page.expect_navigation():
        answer.locator("button[type=submit]").click()
    w.assert_no_error()
    w.shot("portal-answered")
    assert page.get_by_test_id("opinion-form").count() == 0
    notice = PreCommunication.objects.get(suggestion=suggestion)
    assert notice.stance == "opinions" and notice.item_opinions[0]["index"] == 2

    # 5. the research office reads the answer and sends the draft back to the judge
    w.login("yanjiushi")
    w.go(detail)
    assert "建议明确公示频次" in page.get_by_test_id("precomm-record").inner_text()
    form = page.get_by_test_id("conclude-form")
    form.get_by_label("根据意见修改").check()
    form.locator("textarea[name=reason]").fill("采纳住建局对第二条建议的意见。")
    with page.expect_navigation():
        page.get_by_test_id("conclude-submit").click()
    w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "起草中"
    w.shot("returned")

    # 6. the judge is reminded, revises and submits
    w.login("faguan")
    assert page.get_by_test_id("notifications").inner_text().strip() != ""
    w.go("/notifications/")
    assert "退回修改" in page.locator("main").inner_text()
    w.go(f"{detail}edit/")
    page.fill("#id_suggestion_2_body", "督促物业服务企业单独列账，至少每半年公示一次。")
    page.fill("#id_note", "吸收住建局意见")
    w.submit("[data-testid=draft-form]")
    with page.expect_navigation():
        page.get_by_test_id("submit-review").click()
    w.assert_no_error()
    assert "（庭长）审核" in page.get_by_test_id("review-holder").inner_text()
    w.shot("resubmitted")

    # 7. review and signing (the chain began after the 征求意见, so it runs once, in full)
    for username in ["tingzhang", "yanjiushi", "shenweihui", "yuanzhang"]:
        w.login(username)
        w.go(detail)
        page.fill("#id_comment", "同意")
        if page.locator("#id_meeting").count():
            page.locator("#id_meeting").select_option(index=1)
        with page.expect_navigation():
            page.get_by_test_id("review-submit").click()
        w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "已签发"
    assert page.get_by_test_id("doc-number").inner_text().endswith("1号")

    # 8. delivery
    w.login("yanjiushi")
    w.go(detail)
    form = page.get_by_test_id("deliver-form")
    form.locator("select[name=method]").select_option("in_person")
    form.locator("input[name=delivered_on]").fill(today)
    w.submit("[data-testid=deliver-form]")
    w.assert_no_error()
    assert page.get_by_test_id("state").inner_text() == "已送达，待回复"
    w.shot("delivered")
    suggestion.refresh_from_db()
    assert suggestion.state == State.DELIVERED
    signed_text = suggestion.latest_version().content["suggestions"][1]["body"]
    assert "每半年公示一次" in signed_text
    csp = [e for e in console_errors if "Content Security Policy" in e]
    assert csp == [], csp
