from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fengqiao.courts import services as court_services
from fengqiao.courts.models import CourtLevel, Role
from fengqiao.dashboard.annual import annual_figures
from fengqiao.guidance import selectors
from fengqiao.suggestions.models import ItemOutcome, State

from .conftest import add_reply, give_score, make_letter

YEAR = 2026


@pytest.fixture
def letters(world, judge, research):
    u, d = world.unit, date
    on_time = make_letter(
        world.basic,
        judge,
        u,
        signed_on=d(YEAR, 3, 2),
        state=State.REPLIED,
        delivered_on=d(YEAR, 3, 5),
        reply_due_on=d(YEAR, 5, 5),
        replied_on=d(YEAR, 4, 20),
        title="按期",
    )
    add_reply(on_time, research, d(YEAR, 4, 20), [ItemOutcome.ADOPTED, ItemOutcome.NOT_ADOPTED])
    late = make_letter(
        world.basic,
        judge,
        u,
        signed_on=d(YEAR, 3, 3),
        state=State.REPLIED,
        delivered_on=d(YEAR, 3, 5),
        reply_due_on=d(YEAR, 5, 5),
        replied_on=d(YEAR, 6, 1),
        title="逾期回复",
    )
    add_reply(late, research, d(YEAR, 6, 1), [ItemOutcome.PARTLY])
    make_letter(
        world.basic,
        judge,
        u,
        signed_on=d(YEAR, 3, 4),
        state=State.DELIVERED,
        delivered_on=d(YEAR, 3, 6),
        reply_due_on=d(YEAR, 5, 6),
        title="未回复",
    )
    make_letter(world.basic, judge, u, signed_on=d(YEAR - 1, 3, 4), title="上年")
    make_letter(
        world.basic_sibling,
        world.users["judge_sibling"],
        world.unit_sibling,
        signed_on=d(YEAR, 2, 1),
        title="海州",
    )
    give_score(on_time, research, 80)
    give_score(on_time, world.users[Role.DIVISION_HEAD], 90)
    give_score(late, research, 70)
    return on_time, late


def _row(rows, court):
    return next(r for r in rows if r.court == court)


def test_rows_per_court_match_the_annual_definitions(world, letters):
    rows = selectors.subtree_figures(world.users["supervisor_mid"], YEAR)
    assert [r.court for r in rows] == [world.mid, world.basic_sibling, world.basic] or {
        r.court for r in rows
    } == {world.mid, world.basic, world.basic_sibling}
    basic = _row(rows, world.basic)
    annual = annual_figures(world.basic, YEAR)
    assert (basic.issued, basic.delivered) == (annual.issued, annual.delivered) == (3, 3)
    assert (
        (basic.on_time, basic.late, basic.no_reply)
        == (
            annual.replied_on_time,
            annual.replied_late,
            annual.not_replied,
        )
        == (1, 1, 1)
    )
    assert (
        (basic.items, basic.adopted) == (annual.items["total"], annual.items["adopted"]) == (3, 2)
    )
    assert basic.mean_score == 77.5 and basic.scored == 2
    sibling = _row(rows, world.basic_sibling)
    assert (sibling.issued, sibling.delivered, sibling.mean_score) == (1, 0, None)
    total = selectors.figures_total(rows)
    assert total.issued == 4 and total.mean_score == 77.5


def test_scope_per_role(world, letters, research, client_for, sibling_research):
    assert [r.court for r in selectors.subtree_figures(research, YEAR)] == [world.basic]
    high = {r.court for r in selectors.subtree_figures(world.users["supervisor_high"], YEAR)}
    assert world.basic_other in high and world.basic in high
    page = client_for(world.users["supervisor_mid"]).get(
        reverse("guidance:figures"), {"year": YEAR}
    )
    html = page.content.decode()
    assert page.status_code == 200 and world.basic_sibling.name in html
    assert world.basic_other.name not in html
    html = client_for(sibling_research).get(reverse("guidance:figures")).content.decode()
    assert world.basic.name not in html  # a sister court sees only itself
    for outsider in (world.users["recipient"], world.users[Role.JUDGE]):
        assert client_for(outsider).get(reverse("guidance:figures")).status_code == 403
        assert client_for(outsider).get(reverse("guidance:figures_export")).status_code == 403
    # bad year: ignored, not an error
    assert (
        client_for(research).get(reverse("guidance:figures"), {"year": "99999"}).status_code == 200
    )


def test_each_figure_drills_down_to_the_register(world, letters, client_for):
    client = client_for(world.users["supervisor_mid"])
    rows = selectors.subtree_figures(world.users["supervisor_mid"], YEAR)
    basic = _row(rows, world.basic)
    html = client.get(reverse("guidance:figures"), {"year": YEAR}).content.decode()
    register = reverse("suggestions:register")
    for reply, title in (("on_time", "按期"), ("late", "逾期回复"), ("none", "未回复")):
        url = f"{register}?court={world.basic.pk}&amp;year={YEAR}&amp;issued=1&amp;reply={reply}"
        assert url in html
        page = client.get(
            register, {"court": world.basic.pk, "year": YEAR, "issued": 1, "reply": reply}
        ).content.decode()
        others = {"按期", "逾期回复", "未回复"} - {title}
        assert f">{title}<" in page or title in page
        assert not any(f">{o}<" in page for o in others)
    assert basic.issued == 3
    # an unknown value is ignored (the unfiltered register), never an error
    assert client.get(register, {"reply": "nope"}).status_code == 200


def test_query_count_does_not_grow_with_courts(world, letters, django_assert_max_num_queries):
    user = type(world.users["supervisor_high"]).objects.get(pk=world.users["supervisor_high"].pk)
    with django_assert_max_num_queries(10) as first:
        selectors.subtree_figures(user, YEAR)
    for i in range(6):
        court = court_services.court_create(
            name=f"测试基层法院{i}",
            code=f"苏07{50 + i}",
            short_name=f"测{i}",
            level=CourtLevel.BASIC,
            parent=world.mid,
        )
        make_letter(court, world.users[Role.JUDGE], world.unit, signed_on=date(YEAR, 4, 1))
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(len(first.captured_queries)):
        rows = selectors.subtree_figures(user, YEAR)
    assert len(rows) == 6 + 6


def test_excel_export_equals_the_page(world, letters, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(world.users["supervisor_mid"]).get(
        reverse("guidance:figures_export"), {"year": YEAR}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    basic = rows[world.basic.name]
    assert basic[1:9] == (3, 3, 1, 1, 1, 3, 2, round(2 / 3, 4))
    assert basic[10] == 77.5
    assert rows["合计"][1] == 4


def test_page_query_count_does_not_grow_with_courts(
    world, letters, client_for, django_assert_max_num_queries
):
    client = client_for(world.users["supervisor_high"])
    url = reverse("guidance:figures")
    client.get(url, {"year": YEAR})
    with django_assert_max_num_queries(40) as first:
        client.get(url, {"year": YEAR})
    for i in range(5):
        court = court_services.court_create(
            name=f"页面测试法院{i}",
            code=f"苏07{60 + i}",
            short_name=f"页{i}",
            level=CourtLevel.BASIC,
            parent=world.mid,
        )
        make_letter(court, world.users[Role.JUDGE], world.unit, signed_on=date(YEAR, 4, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = client.get(url, {"year": YEAR}).content.decode()
    assert "页面测试法院4" in html
