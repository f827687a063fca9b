"""优秀司法建议评选 in a real browser: the high court's research office opens a round, three
basic courts nominate, four panel members review blind (three per entry, never their own
court's), the organiser publishes; a reviewer's pages never show the nominating court's name
nor list their own court's entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Court, RecipientUnit, UnitKind, User
from fengqiao.demo.courts import DEMO_PASSWORD, load_demo
from fengqiao.selection.models import Nomination, Review, Round
from fengqiao.suggestions.models import State, SuggestionVersion
from tests.evaluation.conftest import make_letter
from tests.suggestions.conftest import letter_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOMINATORS = {"苏0791": "yanjiushi", "苏0706": "haizhou_yjs", "苏0102": "xuanwu_yjs"}
REVIEWERS = ("faguan", "haizhou", "xuanwu", "dudao")


def _letter(code: str, topic: str):
    court = Court.objects.get(code=code)
    unit = RecipientUnit.objects.filter(
        court=court
    ).first() or court_services.recipient_unit_create(
        court=court,
        name=f"{court.name.removesuffix('人民法院')}住房和城乡建设局",
        kind=UnitKind.GOVERNMENT,
    )
    drafter = User.objects.filter(court=court).exclude(full_name="").order_by("pk").first()
    day = timezone.localdate() - timedelta(days=20)
    letter = make_letter(
        court,
        drafter,
        unit,
        signed_on=day,
        state=State.DELIVERED,
        delivered_on=day + timedelta(days=1),
        title=f"{court.name}关于加强{topic}的司法建议书",
    )
    content = letter_content(court.name, topic=topic)
    content["background"].append(
        f"{court.name}承办法官{drafter.display_name}在审理中发现上述问题。"
    )
    SuggestionVersion.objects.create(
        suggestion=letter, number=1, content=content, created_by=drafter
    )
    return letter


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

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(f"{selector} button").last.click()

    def ok(self) -> None:
        errors = self.page.locator(".alert-danger")
        assert errors.count() == 0, errors.all_inner_texts()

    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(
            path=str(self.shots / f"selection-{self.n:02d}-{name}.png"), full_page=True
        )


def test_selection_round_from_opening_to_results(live_server, page, screenshot_dir):
    load_demo()  # its people include 玄武区法院's 研究室 (xuanwu_yjs), who nominates
    letters = {
        "苏0791": _letter("苏0791", "住宅小区物业服务监管"),
        "苏0706": _letter("苏0706", "预付式消费监管"),
        "苏0102": _letter("苏0102", "校外培训机构管理"),
    }
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    w = Walker(page, live_server.url, screenshot_dir)
    today = timezone.localdate()

    # 1. the high court's research office opens the round
    w.login("gaoyuan")
    w.go("/selection/")
    page.get_by_test_id("open-round").click()
    page.fill("#id_name", f"{today.year}年度全省法院优秀司法建议评选")
    page.fill("#id_period_start", (today - timedelta(days=100)).isoformat())
    page.fill("#id_period_end", today.isoformat())
    page.fill("#id_awards_first", "1")
    page.fill("#id_awards_second", "1")
    page.fill("#id_awards_third", "1")
    page.fill("#id_awards_merit", "0")
    page.fill("#id_quota", "1")
    page.fill("#id_nomination_deadline", today.isoformat())
    page.fill("#id_review_deadline", (today + timedelta(days=7)).isoformat())
    w.submit("[data-testid=round-form]")
    w.ok()
    round_ = Round.objects.get()
    assert page.get_by_test_id("round-state").inner_text() == "征集中"

    # 2. three courts nominate their letters
    for code, username in NOMINATORS.items():
        w.login(username)
        w.go(f"/selection/{round_.pk}/")
        page.get_by_test_id("nominate-link").click()
        page.select_option("#id_suggestion", value=str(letters[code].pk))
        page.fill("#id_recommendation", "问题精准，建议具体，被建议单位已采纳。")
        w.submit("[data-testid=nominate-form]")
        w.ok()
        assert letters[code].title in page.get_by_test_id("my-nominations").inner_text()
    assert Nomination.objects.count() == 3

    # 3. the organiser chooses the panel and starts the review
    w.login("gaoyuan")
    w.go(f"/selection/{round_.pk}/")
    for username in REVIEWERS:
        page.check(f"#rv{User.objects.get(username=username).pk}")
    w.submit("[data-testid=reviewers-form]")
    w.ok()
    with page.expect_navigation():
        page.get_by_test_id("start-review").click()
    w.ok()
    assert page.get_by_test_id("round-state").inner_text() == "评审中"
    w.shot("progress")

    # 4. each reviewer scores their entries, blind
    names = {
        n.pk: (n.court.name, n.court.short_name) for n in Nomination.objects.select_related("court")
    }
    for username in REVIEWERS:
        reviewer = User.objects.get(username=username)
        tasks = list(Review.objects.filter(reviewer=reviewer).select_related("nomination__court"))
        own = [n.label for n in Nomination.objects.filter(court_id=reviewer.court_id)]
        w.login(username)
        w.go(f"/selection/{round_.pk}/")
        listing = page.get_by_test_id("my-reviews").inner_text()
        assert len(tasks) >= 1 and all(label not in listing for label in own)
        hidden = {name for r in tasks for name in names[r.nomination_id]}
        for text in hidden:
            assert text not in page.content(), (username, text)
        for review in tasks:
            w.go(f"/selection/{round_.pk}/reviews/{review.pk}/")
            html = page.content()
            for text in hidden:
                assert text not in html, (username, text)
            assert "其他评审人的总分" not in html
            level = {"faguan": 3, "haizhou": 2, "xuanwu": 3, "dudao": 2}[username]
            bonus = 1 if review.nomination.court.code == "苏0706" else 0
            for key, top in (("evidence", 4), ("causes", 3), ("feasibility", 4)):
                page.check(f"#p_{key}_{min(top, level + bonus)}")
            page.fill("#id_comment", "选题精准，建议具体可行。")
            w.submit("[data-testid=review-form]")
            w.ok()
            after = page.content()
            assert "评分已提交" in after and "其他评审人的总分" in after
            for text in hidden:
                assert text not in after, (username, text)
        w.shot(f"reviewer-{username}")
    assert Review.objects.filter(submitted_at__isnull=True).count() == 0
    for n in Nomination.objects.all():
        assert n.reviews.count() == 3

    # 5. the organiser publishes; a nominating court reads the results and downloads them
    w.login("gaoyuan")
    w.go(f"/selection/{round_.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    w.ok()
    table = page.get_by_test_id("results").inner_text()
    assert "一等奖" in table and "连云港市海州区人民法院" in table.split("\n")[1]
    w.shot("results")
    w.login("yanjiushi")
    w.go(f"/selection/{round_.pk}/results/")
    assert "一等奖" in page.get_by_test_id("results").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename.endswith("评选结果的通知.docx")
    assert errors == [], errors
