"""Rankings and scoping: quality per letter beside the totals (volume alone never wins); a court
sees its own and its subtree, another court nothing, a recipient nothing (403/404)."""

from __future__ import annotations

from datetime import date

import pytest

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.evaluation import rules, selectors, services
from fengqiao.evaluation.periods import Period, period_from_params

from .conftest import OPINION_POINTS, give_score, make_letter

YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def letters(world, research, sibling_research):
    """basic: one excellent letter; basic_sibling: five poor ones; basic_other: one."""
    judge = world.users[Role.JUDGE]
    best = make_letter(world.basic, judge, world.unit, signed_on=date(2026, 3, 1))
    give_score(best, research, 95)
    many = []
    for i in range(5):
        s = make_letter(
            world.basic_sibling,
            world.users["judge_sibling"],
            world.unit_sibling,
            signed_on=date(2026, 3, 2 + i),
        )
        give_score(s, sibling_research, 50)
        many.append(s)
    other = make_letter(
        world.basic_other, world.users["judge_other"], world.unit_other, signed_on=date(2026, 3, 1)
    )
    return best, many, other


def test_volume_alone_does_not_win(world, letters):
    rows = selectors.ranking(world.users["supervisor_mid"], YEAR, "court", effect_of=lambda s: None)
    assert [r.label for r in rows] == [world.basic.name, world.basic_sibling.name]
    best, poor = rows
    assert best.letters == 1 and best.quality == 95 and best.total == rules.jian_points(95)
    assert poor.letters == 5 and poor.quality == 50 and poor.total == 0


def test_a_court_sees_its_own_and_its_subtree_and_nothing_else(world, letters):
    def courts(user) -> set[str]:
        return {r.label for r in selectors.ranking(user, YEAR, "court", effect_of=lambda s: None)}

    assert courts(world.users[Role.RESEARCH]) == {world.basic.name}
    assert courts(world.users["supervisor_mid"]) == {world.basic.name, world.basic_sibling.name}
    assert courts(world.users["supervisor_high"]) == {
        world.basic.name,
        world.basic_sibling.name,
        world.basic_other.name,
    }
    # a judge: only the letters they drafted (here, in another court: nothing of basic's)
    assert courts(world.users["judge_other"]) == {world.basic_other.name}
    assert courts(world.users["judge_sibling"]) == {world.basic_sibling.name}
    assert selectors.letters_for(world.users["recipient"]).count() == 0
    assert selectors.recipient_rows(world.users["recipient"], YEAR) == []


def test_judge_rows_carry_backtrace_counts_as_counts(world, letters, research):
    from fengqiao.cases.models import Case
    from fengqiao.mining.models import BacktraceHit, BacktraceReminder, BacktraceRun

    judge = world.users[Role.JUDGE]
    run = BacktraceRun.objects.create(
        court=world.basic,
        suggestion=letters[0],
        period_from=date(2026, 1, 1),
        period_to=date(2026, 6, 30),
        created_by=research,
    )
    for i in range(2):
        case = Case.objects.create(
            owner=world.basic,
            case_no=f"（2026）苏0791民初{i + 1}号",
            decided_on=date(2026, 2, 1 + i),
        )
        BacktraceHit.objects.create(
            run=run, case=case, score=0.5, judge_name=judge.display_name, judge=judge
        )
    BacktraceReminder.objects.create(
        run=run, judge_name=judge.display_name, talked_on=date(2026, 4, 1), talked_by=research,
        note="提醒",
    )  # fmt: skip
    BacktraceHit.objects.create(
        run=run,
        case=Case.objects.create(
            owner=world.basic, case_no="（2026）苏0791民初9号", decided_on=date(2026, 2, 9)
        ),
        score=0.4,
        judge_name="张三",
    )
    rows = {
        r.label: r for r in selectors.ranking(research, YEAR, "judge", effect_of=lambda s: None)
    }
    assert (rows[judge.display_name].backtrace_cases, rows[judge.display_name].reminders) == (2, 1)
    assert rows["张三"].letters == 0 and rows["张三"].backtrace_cases == 1
    assert rows["张三"].total == 0  # a count, not a penalty


def test_periods_from_the_query_string():
    assert period_from_params({"period": "quarter", "year": "2026", "n": "2"}) == Period(
        "quarter", date(2026, 4, 1), date(2026, 6, 30)
    )
    assert period_from_params({"period": "month", "year": "2026", "n": "2"}).end == date(
        2026, 2, 28
    )
    custom = period_from_params({"from": "2026-05-01", "to": "2026-03-01"})
    assert (custom.start, custom.end, custom.kind) == (date(2026, 3, 1), date(2026, 5, 1), "custom")
    assert period_from_params({"year": "99999"}).kind == "year"  # bad values fall back


# ---- pages -------------------------------------------------------------------------------


Q = "from=2026-01-01&to=2026-12-31"


def test_ranking_page_shows_quality_per_letter_and_exports(world, letters, client_for):
    client = client_for(world.users["supervisor_mid"])
    page = client.get(f"/evaluation/?by=court&{Q}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "每件平均质量分" in html and "95.0" in html and world.basic_sibling.name in html
    assert world.basic_other.name not in html
    export = client.get(f"/evaluation/export.xlsx?by=court&{Q}")
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][1] == world.basic.name
    key = selectors.ranking(world.users["supervisor_mid"], YEAR, "court", effect_of=lambda s: None)[
        0
    ].key
    detail = client.get(f"/evaluation/row/?by=court&key={key}&{Q}")
    assert detail.status_code == 200 and letters[0].doc_number in detail.content.decode()


def test_outsiders_and_recipients_get_403_or_404(world, letters, client_for):
    best = letters[0]
    recipient = client_for(world.users["recipient"])
    for url in ("/evaluation/", f"/evaluation/letters/{best.pk}/", "/evaluation/recipients/",
                f"/evaluation/export.xlsx?{Q}", "/evaluation/rubrics/"):  # fmt: skip
        assert recipient.get(url).status_code in (403, 404), url
    other = client_for(world.users["judge_other"])
    assert other.get(f"/evaluation/letters/{best.pk}/").status_code == 404
    assert other.get(f"/evaluation/recipients/?{Q}").status_code == 403


def test_the_drafter_sees_own_scores_with_comments_others_of_the_court_do_not(
    world, research, client_for
):
    services.rubric_default_create(actor=research, court=world.basic)
    judge = world.users[Role.JUDGE]
    letter = make_letter(world.basic, judge, world.unit, signed_on=date(2026, 3, 1))
    services.score_record(
        actor=research, suggestion=letter, points=OPINION_POINTS, comment="建议再具体一些"
    )
    page = client_for(judge).get(f"/evaluation/letters/{letter.pk}/")
    assert page.status_code == 200 and "建议再具体一些" in page.content.decode()
    assert "保存评分" not in page.content.decode()
    mine = client_for(judge).get(f"/evaluation/?{Q}")
    assert mine.status_code == 200 and letter.title in mine.content.decode()
    colleague = court_services.user_create(
        username="u_judge2", password="x-Test-2026", full_name="同院法官", court=world.basic,
        roles=[Role.JUDGE],
    )  # fmt: skip
    assert client_for(colleague).get(f"/evaluation/letters/{letter.pk}/").status_code == 404


def test_research_scores_through_the_page(world, research, client_for):
    services.rubric_default_create(actor=research, court=world.basic)
    letter = make_letter(
        world.basic, world.users[Role.JUDGE], world.unit, signed_on=date(2026, 3, 1)
    )
    client = client_for(research)
    page = client.get(f"/evaluation/letters/{letter.pk}/")
    assert "保存评分" in page.content.decode()
    data = {f"c_{k}": v for k, v in OPINION_POINTS.items()} | {"comment": "好"}
    response = client.post(f"/evaluation/letters/{letter.pk}/score/", data)
    assert response.status_code == 302
    assert letter.scores.get().comment == "好"
    bad = client.post(f"/evaluation/letters/{letter.pk}/score/", {"c_evidence": "abc"})
    assert bad.status_code == 302  # a clear message, never a 500
    assert (
        client_for(world.users[Role.JUDGE])
        .post(f"/evaluation/letters/{letter.pk}/score/", data)
        .status_code
        == 403
    )


def test_rubric_page_actions(world, research, high_research, client_for):
    client = client_for(high_research)
    assert client.post("/evaluation/rubrics/", {"action": "default"}).status_code == 302
    assert client.post("/evaluation/rubrics/", {"action": "publish"}).status_code == 302
    published = services.current_rubric(world.high)
    assert published.shared
    page = client_for(research).get("/evaluation/rubrics/")
    assert "上级法院发布的评分标准" in page.content.decode()
    client_for(research).post("/evaluation/rubrics/", {"action": "adopt", "rubric": published.pk})
    adopted = services.current_rubric(world.basic)
    assert adopted.adopted_from == published
    weights = {f"w_{c.key}": c.weight for c in adopted.criteria.all()} | {"w_evidence": 30}
    client_for(research).post("/evaluation/rubrics/", {"action": "edit", **weights})
    assert services.current_rubric(world.basic).criteria.get(key="evidence").weight == 30
    bad = client_for(research).post("/evaluation/rubrics/", {"action": "edit", "w_evidence": "x"})
    assert bad.status_code == 302


# ---- API ---------------------------------------------------------------------------------


def test_api_scores_by_every_grouping_scoped(world, letters, client_for):
    client = client_for(world.users["supervisor_mid"])
    data = client.get(f"/api/scores?by=court&{Q}").json()
    assert [r["label"] for r in data["rows"]] == [world.basic.name, world.basic_sibling.name]
    top = data["rows"][0]
    assert top["quality_per_letter"] == 95 and top["jian_points"] == rules.jian_points(95)
    assert {p["key"] for p in top["parts"]} == set(rules.EFFECT_RULES)
    for by in ("judge", "division", "recipient"):
        response = client.get(f"/api/scores?by={by}&{Q}")
        assert response.status_code == 200, response.content
    assert client.get("/api/scores?by=nobody").status_code in (400, 422)
    assert client_for(world.users["recipient"]).get(f"/api/scores?{Q}").status_code == 403
    assert client_for(world.users["judge_other"]).get(f"/api/scores?{Q}").status_code == 403
    assert data["period_from"] == "2026-01-01"
    empty = (
        client_for(world.users["supervisor_mid"])
        .get("/api/scores?by=court&from=2025-01-01&to=2025-06-30")
        .json()
    )
    assert empty["rows"] == [] and empty["period_to"] == "2025-06-30"
    research = client_for(world.users[Role.RESEARCH]).get(f"/api/scores?by=court&{Q}").json()
    assert [r["label"] for r in research["rows"]] == [world.basic.name]


def test_ranking_queries_do_not_grow_with_the_letters(
    world, research, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    judge = world.users[Role.JUDGE]
    first = make_letter(world.basic, judge, world.unit, signed_on=date(2026, 3, 1))
    give_score(first, research, 80)
    with CaptureQueriesContext(connection) as one:
        selectors.ranking(research, YEAR, "judge", effect_of=lambda s: None)
    for i in range(6):
        give_score(
            make_letter(world.basic, judge, world.unit, signed_on=date(2026, 4, 1 + i)),
            research,
            70,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        rows = selectors.ranking(research, YEAR, "judge", effect_of=lambda s: None)
    assert rows[0].letters == 7


def test_demo_scores_publish_adopt_and_score(world, research, high_research):
    from fengqiao.evaluation.demo_data import load_demo_scores
    from fengqiao.evaluation.models import Score
    from fengqiao.suggestions.models import State

    letter = make_letter(
        world.basic, world.users[Role.JUDGE], world.unit, signed_on=date(2026, 3, 1),
        state=State.ARCHIVED,
    )  # fmt: skip
    assert load_demo_scores() == 1
    adopted = services.current_rubric(world.basic)
    assert adopted.adopted_from == services.current_rubric(world.high)
    assert Score.objects.get(suggestion=letter).rubric == adopted
    assert load_demo_scores() == 0  # once
