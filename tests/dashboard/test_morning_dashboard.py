"""The morning dashboard: figures and charts per role, each linked to the register it counts,
downloadable as Excel, scoped like the register, in a constant number of queries."""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role, UnitKind
from fengqiao.dashboard import selectors
from fengqiao.suggestions import services
from fengqiao.suggestions.models import State, Suggestion
from fengqiao.suggestions.selectors import RegisterFilters, register, suggestions_visible
from tests.suggestions.conftest import advance, make

NOW = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _move(s: Suggestion, **fields) -> Suggestion:
    Suggestion.objects.filter(pk=s.pk).update(**fields)
    s.refresh_from_db()
    return s


def _letters(world) -> dict[str, Suggestion]:
    """Basic court: a delivered letter (domain 环境), a signed one, a withdrawn one, a draft, and
    one of last year addressed to a company; the sibling court: one delivered letter."""
    company = court_services.recipient_unit_create(
        court=world.basic, name="连云港某物业服务有限公司", kind=UnitKind.COMPANY
    )
    delivered = _move(make(world, upto="delivered"), domain="环境资源")
    signed = make(world, upto="signed")
    withdrawn = make(world, upto="signed")
    services.suggestion_withdraw(
        actor=world.users[Role.RESEARCH], suggestion=withdrawn, reason="情况已变化"
    )
    draft = make(world, upto="drafting")
    last_year = _move(
        make(world, upto="signed"),
        number_year=2025,
        signed_at=datetime(2025, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        recipient=company,
        division=None,
    )
    sibling = _move(
        make(world, upto="delivered"),
        court=world.basic_sibling,
        recipient=world.unit_sibling,
        division=None,
    )
    return {
        "delivered": delivered,
        "signed": signed,
        "withdrawn": withdrawn,
        "draft": draft,
        "last_year": last_year,
        "sibling": sibling,
    }


def _register_count(user, url: str) -> int:
    parts = urlsplit(url)
    assert parts.path == reverse("suggestions:register")
    return register(user, RegisterFilters.from_query(QueryDict(parts.query))).count()


def _charts(user) -> dict[str, selectors.Chart]:
    return {c.key: c for c in selectors.dashboard_charts(user)}


def test_letters_of_a_year_are_numbered_in_it_and_not_withdrawn(world):
    letters = _letters(world)
    this_year = set(Suggestion.objects.issued(2026).values_list("pk", flat=True))
    assert this_year == {letters["delivered"].pk, letters["signed"].pk, letters["sibling"].pk}
    assert set(Suggestion.objects.issued(2025).values_list("pk", flat=True)) == {
        letters["last_year"].pk
    }
    figures = {f.label: f for f in selectors.morning_figures(world.users[Role.RESEARCH])}
    assert figures["2026年编号的司法建议"].value == "2（另撤回 1）"
    assert figures["2025年编号的司法建议"].value == "1"


def test_every_figure_and_chart_point_links_to_the_register_rows_it_counts(world):
    letters = _letters(world)
    advance(world, letters["delivered"], upto="replied")
    for who in (world.users[Role.RESEARCH], world.users["supervisor_mid"]):
        for figure in selectors.morning_figures(who):
            assert figure.url, figure.label
            if "采纳率" in figure.label:  # over the letters that have a reply
                replied = Suggestion.objects.filter(replies__isnull=False).distinct()
                expected = replied.filter(pk__in=suggestions_visible(who)).count()
                assert _register_count(who, figure.url) == expected
            else:
                assert _register_count(who, figure.url) == int(figure.value.split("（")[0])
        linked = 0
        for chart in selectors.dashboard_charts(who):
            for series in chart.series:
                for value, url in zip(series.values, series.links, strict=True):
                    if url:
                        linked += 1
                        assert _register_count(who, url) == value, (chart.key, url)
        assert linked > 30


def test_a_court_sees_only_its_own_court(world):
    _letters(world)
    research = world.users[Role.RESEARCH]
    charts = _charts(research)
    assert "court" not in charts  # one court: no court-by-court chart
    assert set(charts) == {"state", "trend", "division", "domain", "kind"}
    assert sum(charts["state"].series[0].values) == 5  # the sibling court's letter is not here
    trend = charts["trend"]
    assert trend.labels[0] == "2025年4月" and trend.labels[-1] == "2026年3月"
    assert trend.series[0].values[-1] == 2 and trend.series[0].values[7] == 1  # 2025年11月
    kind = charts["kind"]
    by_kind = dict(
        zip(kind.labels, zip(*(s.values for s in kind.series), strict=True), strict=True)
    )
    assert by_kind["党政机关"] == (0, 2) and by_kind["企业"] == (1, 0)
    domain = dict(zip(charts["domain"].labels, charts["domain"].series[1].values, strict=True))
    assert domain["环境资源"] == 1
    division = charts["division"]
    assert division.labels == ["民事审判第一庭", "未指定庭室"]  # one court: no court prefix
    sibling_judge = world.users["judge_sibling"]
    assert sum(_charts(sibling_judge)["state"].series[0].values) == 1


def test_a_mid_court_supervisor_sees_its_subordinate_courts_side_by_side(world):
    _letters(world)
    court = _charts(world.users["supervisor_mid"])["court"]
    assert court.labels == [world.mid.name, world.basic.name, world.basic_sibling.name]
    assert [s.name for s in court.series] == ["2025年", "2026年"]
    assert court.series[1].values == [0, 2, 1] and court.series[0].values == [0, 1, 0]
    assert world.basic_other.name not in court.labels
    division = _charts(world.users["supervisor_mid"])["division"]
    assert "连开·民事审判第一庭" in division.labels
    high = _charts(world.users["supervisor_high"])["court"]
    assert world.basic_other.name in high.labels


def test_recipients_are_redirected_and_refused_the_downloads(world, client_for):
    client = client_for(world.users["recipient"])
    assert client.get(reverse("dashboard:home")).status_code == 302
    response = client.get(reverse("dashboard:chart_xlsx", args=["state"]))
    assert response.status_code == 403
    assert selectors.dashboard_charts(world.users["recipient"]) == []


def test_each_chart_downloads_as_excel_with_chinese_headers(world, client_for):
    _letters(world)
    client = client_for(world.users["supervisor_mid"])
    for chart in selectors.dashboard_charts(world.users["supervisor_mid"]):
        response = client.get(reverse("dashboard:chart_xlsx", args=[chart.key]))
        assert response.status_code == 200, chart.key
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert rows[0][0] == chart.title
        assert rows[1] == (chart.dimension, *(s.name for s in chart.series))
        assert [r[0] for r in rows[2:]] == chart.labels
        for i, series in enumerate(chart.series, start=1):
            assert [r[i] for r in rows[2:]] == series.values
    assert client.get("/dashboard/charts/nothing.xlsx").status_code == 404
    # one court: no court chart to download
    single = client_for(world.users[Role.JUDGE])
    assert single.get(reverse("dashboard:chart_xlsx", args=["court"])).status_code == 404


def test_home_page_draws_each_chart_from_json_without_inline_script(world, client_for):
    _letters(world)
    html = client_for(world.users[Role.RESEARCH]).get(reverse("dashboard:home")).content.decode()
    for key in ("state", "trend", "division", "domain", "kind"):
        assert f'data-testid="{key}-chart"' in html
        assert f'<script id="chart-data-{key}" type="application/json">' in html
    assert "<script>" not in html and "style=" not in html
    assert reverse("suggestions:register") + "?overdue=1" in html


def test_register_filters_by_division_and_recipient_kind(world, client_for):
    letters = _letters(world)
    research = world.users[Role.RESEARCH]
    division = world.users[Role.JUDGE].division_id

    def pks(**query) -> set[int]:
        q = QueryDict(mutable=True)
        q.update(query)
        return set(register(research, RegisterFilters.from_query(q)).values_list("pk", flat=True))

    assert letters["last_year"].pk not in pks(division=str(division))
    assert letters["delivered"].pk in pks(division=str(division))
    assert pks(recipient_kind=UnitKind.COMPANY) == {letters["last_year"].pk}
    assert pks(year="2026", issued="1") == {letters["delivered"].pk, letters["signed"].pk}
    assert pks(year="2025", month="11", issued="1") == {letters["last_year"].pk}
    delivered = {letters["delivered"].pk}
    assert pks(delivered="1") == delivered and pks(replied="1") == set()
    advance(world, letters["delivered"], upto="replied")
    assert pks(delivered="1") == delivered and pks(replied="1") == delivered
    everything = pks()
    client = client_for(research)
    for bad in (
        {"division": "abc"},
        {"division": "9" * 30},
        {"recipient_kind": "<x>"},
        {"month": "13"},
        {"month": "x"},
        {"delivered": "yes", "replied": "2", "issued": "true"},
    ):
        assert pks(**bad) == everything
        assert client.get(reverse("suggestions:register"), bad).status_code == 200


def _copy_letters(world, n: int) -> None:
    """n more numbered letters in the owner court (bulk copies of one real letter)."""
    template = Suggestion.objects.filter(court=world.basic, number_seq__isnull=False).first()
    top = max(Suggestion.objects.values_list("number_seq", flat=True))
    copies = []
    for i in range(n):
        template.pk = None
        template.number_seq = top + i + 1
        template.doc_number = f"copy-{i}"
        template.state = [State.SIGNED, State.DELIVERED, State.REPLIED][i % 3]
        copies.append(
            Suggestion(
                **{
                    f.attname: getattr(template, f.attname)
                    for f in Suggestion._meta.concrete_fields
                }
            )
        )
    Suggestion.objects.bulk_create(copies)


def test_the_page_takes_a_constant_number_of_queries(world, client_for):
    make(world, upto="delivered")
    make(world, upto="signed")
    make(world, upto="replied")
    for who in (world.users[Role.RESEARCH], world.users["supervisor_mid"]):
        client = client_for(who)
        client.get(reverse("dashboard:home"))  # warm caches (session, content types)
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse("dashboard:home")).status_code == 200
        _copy_letters(world, 9)
        with CaptureQueriesContext(connection) as many:
            assert client.get(reverse("dashboard:home")).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert Suggestion.objects.count() == 21
