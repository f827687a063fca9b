"""Issue 13: every list page paginates with a page size the user picks, counts are capped,
filter facets come from one GROUP BY (each value once, with its count), the number of queries
does not grow with the rows, and scoping is unchanged (an outsider court sees nothing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fengqiao.cases.models import Case, CaseParty
from fengqiao.core.paging import (
    DEFAULT_PAGE_SIZE,
    CappedPaginator,
    facet_counts,
    page_size_param,
    paginate,
)
from fengqiao.courts.models import Role
from fengqiao.mining.models import BacktraceRun, EntityRecord, HotspotRecord, MiningRefresh
from fengqiao.suggestions.models import Category, Clue, Meeting, State, Suggestion


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


# ---- the helper ----------------------------------------------------------------------------


def test_page_size_param_accepts_the_offered_sizes_only():
    assert page_size_param({}) == DEFAULT_PAGE_SIZE
    assert page_size_param({"per": "50"}) == 50 and page_size_param({"per": "100"}) == 100
    for bad in ("7", "0", "-20", "1000000", "abc", "２０", "9" * 40, ""):
        assert page_size_param({"per": bad}) == DEFAULT_PAGE_SIZE
    assert page_size_param({"per": "x"}, default=50) == 50


def test_capped_count_and_links():
    paginator = CappedPaginator(list(range(120)), 20, cap=100)
    assert paginator.capped and paginator.count == 101 and paginator.num_pages == 5
    request = RequestFactory().get("/x/", {"q": "合同", "page": "999", "per": "50"})
    listing = paginate(request, list(range(120)), cap=100)
    assert listing.per == 50 and listing.page.number == 2  # past the end: the last page
    assert listing.total_label == "100+"
    assert listing.previous_link == "?q=%E5%90%88%E5%90%8C&per=50"
    assert [size for size, _, current in listing.size_links if current] == [50]
    small = paginate(RequestFactory().get("/x/"), [1, 2, 3])
    assert small.total_label == "3" and not small.capped and small.next_link == ""


def _cases(court, n: int, *, start: int = 0) -> list[Case]:
    rows = [
        Case(
            owner=court,
            case_no=f"（{2020 + i % 3}）苏0791民初{start + i}号",
            court_key=court.name,
            court_name=court.name,
            year=2020 + i % 3,
            type_code="民初" if i % 2 else "刑初",
            cause="物业服务合同纠纷" if i % 2 else "盗窃罪",
            domain="民商事" if i % 2 else "刑事",
            decided_on=date(2020 + i % 3, 1, 1) + timedelta(days=i),
            full_text="物业服务合同纠纷一案",
            content_hash=str(start + i),
            needs_index=False,
        )
        for i in range(n)
    ]
    made = Case.objects.bulk_create(rows)
    CaseParty.objects.bulk_create(
        [CaseParty(case=c, name=f"连云港某某物业有限公司{c.pk % 3}", role="被告", kind="company")
         for c in made]
    )  # fmt: skip
    return made


def test_facets_list_each_value_once_with_its_count(world):
    _cases(world.basic, 9)
    cases = Case.objects.filter(owner=world.basic)  # the model's default ordering is on
    years = facet_counts(cases, "year", limit=None, by_value=True, descending=True)
    assert [(f.value, f.count) for f in years] == [(2022, 3), (2021, 3), (2020, 3)]
    causes = facet_counts(cases, "cause")
    assert [(f.value, f.count) for f in causes] == [("盗窃罪", 5), ("物业服务合同纠纷", 4)]


def test_case_list_shows_facets_with_counts_and_caps_nothing_small(client_for, world):
    _cases(world.basic, 9)
    page = client_for(world.users[Role.RESEARCH]).get(reverse("cases:list"))
    html = page.content.decode()
    assert html.count('<option value="2021"') == 1 and "2021（3）" in html
    assert "盗窃罪（5）" in html
    assert page.context["listing"].total_label == "9"


# ---- query counts constant as rows grow ----------------------------------------------------


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (permissions, sessions) the same way for both sizes
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _suggestions(world, n: int, start: int = 0) -> None:
    drafter = world.users[Role.JUDGE]
    states = [State.DRAFTING, State.SIGNED, State.DELIVERED, State.REPLIED, State.ARCHIVED]
    rows = []
    for i in range(start, start + n):
        state = states[i % len(states)]
        numbered = state != State.DRAFTING
        rows.append(
            Suggestion(
                court=world.basic,
                category=Category.CLASS,
                title=f"关于第{i}项的司法建议",
                recipient=world.unit,
                state=state,
                drafter=drafter,
                holder=drafter,
                number_year=2026 if numbered else None,
                number_seq=i + 1 if numbered else None,
                doc_number=f"（2026）苏0791司建{i + 1}号" if numbered else "",
                delivered_on=date(2026, 1, 5) if state == State.DELIVERED else None,
                reply_due_on=date(2026, 3, 5) if state == State.DELIVERED else None,
            )
        )
    Suggestion.objects.bulk_create(rows)


def _mining(world, n: int, start: int = 0) -> None:
    refresh = MiningRefresh.objects.filter(status="finished").first()
    if refresh is None:
        refresh = MiningRefresh.objects.create(status="finished")
    HotspotRecord.objects.bulk_create(
        [HotspotRecord(refresh=refresh, court=world.basic, key=f"h{i}", kind="spike",
                       family="domain" if i % 2 else "cause_court", grain="month",
                       period_label="2026年1月", observed=20, expected=5.0, ratio=4.0,
                       q_value=0.01, score=float(i), explanation=f"热点{i}")
         for i in range(start, start + n)]
    )  # fmt: skip
    EntityRecord.objects.bulk_create(
        [EntityRecord(refresh=refresh, key=f"e{i}", canonical_name=f"连云港某某物业有限公司{i}",
                      members=[f"连云港某某物业有限公司{i}", f"某某物业{i}"], confidence=0.9,
                      size=10, member_owners={f"连云港某某物业有限公司{i}": [world.basic.pk],
                                              f"某某物业{i}": [world.basic.pk]})
         for i in range(start, start + n)]
    )  # fmt: skip


def _work(world, n: int, start: int = 0) -> None:
    clerk = world.users[Role.RESEARCH]
    Clue.objects.bulk_create(
        [Clue(court=world.basic, title=f"线索{i}", problem="问题", raised_by=clerk,
              state=Clue.State.NEW if i % 2 else Clue.State.ACCEPTED)
         for i in range(start, start + n)]
    )  # fmt: skip
    Meeting.objects.bulk_create(
        [Meeting(court=world.basic, kind=Meeting.Kind.values[0], held_on=date(2026, 1, 1),
                 created_by=clerk)
         for _ in range(n)]
    )  # fmt: skip
    letter = Suggestion.objects.filter(court=world.basic).exclude(state=State.DRAFTING).first()
    BacktraceRun.objects.bulk_create(
        [BacktraceRun(court=world.basic, suggestion=letter, period_from=date(2025, 1, 1),
                      period_to=date(2026, 1, 1), created_by=clerk)
         for _ in range(n)]
    )  # fmt: skip


def _grow(world, n: int, start: int) -> None:
    _cases(world.basic, n, start=start)
    _suggestions(world, n, start=start)
    _mining(world, n, start=start)
    _work(world, n, start=start)


PAGES = [
    ("research", "/cases/"),
    ("research", "/cases/?year=2021&cause=%E7%9B%97%E7%AA%83%E7%BD%AA&per=50"),
    ("research", "/cases/?party=%E8%BF%9E%E4%BA%91%E6%B8%AF"),
    ("research", "/suggestions/"),
    ("research", "/suggestions/?state=delivered&sort=due&per=100"),
    ("research", "/suggestions/?overdue=1"),
    ("research", "/suggestions/?state=delivered&format=xlsx"),
    ("research", "/clues/"),
    ("research", "/meetings/"),
    ("research", "/hotspots/?family=domain"),
    ("research", "/entities/"),
    ("research", "/entities/?q=%E7%89%A9%E4%B8%9A"),
    ("research", "/backtrace/"),
    ("admin", "/audit/"),
    ("admin", "/admin-console/users/"),
    ("admin", "/admin-console/recipients/"),
    ("recipient", "/portal/"),
    ("research", "/"),
]


def test_query_count_does_not_grow_with_the_rows(client_for, world):
    """5 rows of everything, then 55: the same number of queries on every list page."""
    users = {"research": world.users[Role.RESEARCH], "admin": world.users[Role.ADMIN],
             "recipient": world.users["recipient"]}  # fmt: skip
    _grow(world, 5, 0)
    small = {}
    for who, url in PAGES:
        small[url] = _count_queries(client_for(users[who]), url)
    _grow(world, 50, 1000)
    for who, url in PAGES:
        assert _count_queries(client_for(users[who]), url) == small[url], url


def test_pages_keep_their_size_and_bad_sizes_fall_back(client_for, world):
    _grow(world, 30, 0)
    client = client_for(world.users[Role.RESEARCH])
    for url in ("/cases/", "/suggestions/", "/clues/", "/hotspots/", "/entities/"):
        assert len(client.get(url).context["listing"]) == 20, url
        assert len(client.get(url, {"per": "50"}).context["listing"]) == 30, url
        for bad in ("13", "-1", "9" * 30, "全部"):
            response = client.get(url, {"per": bad, "page": bad})
            assert response.status_code == 200 and response.context["listing"].per == 20, url
    second = client.get("/cases/", {"page": "2"}).content.decode()
    assert "第 2 / 2 页" in second and "共 30 件" in second


# ---- the entities page ---------------------------------------------------------------------


def test_entities_list_has_no_forms_and_opens_one_on_demand(client_for, world):
    _mining(world, 25)
    clerk = client_for(world.users[Role.RESEARCH])
    page = clerk.get(reverse("mining:entities")).content.decode()
    assert "entity_decide" not in page and page.count('data-testid="entity-decide"') == 20
    assert 'action="/entities/decide/"' not in page
    fragment = clerk.get(reverse("mining:entity_members"), {"key": "e3"})
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert html.count('action="/entities/decide/"') == 2 and "某某物业3" in html
    assert clerk.get(reverse("mining:entity_members"), {"key": "nope"}).status_code == 404
    judge = client_for(world.users[Role.JUDGE])
    assert judge.get(reverse("mining:entity_members"), {"key": "e3"}).status_code == 403
    assert (
        'data-testid="entity-decide"' not in judge.get(reverse("mining:entities")).content.decode()
    )


def test_entities_search_and_paging(client_for, world):
    _mining(world, 45)
    clerk = client_for(world.users[Role.RESEARCH])
    found = clerk.get(reverse("mining:entities"), {"q": "物业有限公司17"}).context["listing"]
    assert [e.key for e in found] == ["e17"]
    third = clerk.get(reverse("mining:entities"), {"page": "3"}).context["listing"]
    assert len(third) == 5 and third.total_label == "45"


# ---- scoping unchanged ---------------------------------------------------------------------


def test_an_outsider_court_sees_none_of_it(client_for, world):
    _grow(world, 8, 0)
    other = client_for(world.users["judge_other"])
    assert other.get("/cases/").context["listing"].total_label == "0"
    assert "物业服务合同纠纷（" not in other.get("/cases/").content.decode()
    assert other.get("/cases/?party=%E8%BF%9E").context["listing"].total_label == "0"
    assert other.get("/suggestions/").context["listing"].total_label == "0"
    assert other.get("/clues/").context["listing"].total_label == "0"
    assert other.get("/hotspots/").context["listing"].total_label == "0"
    assert other.get("/entities/").context["listing"].total_label == "0"
    assert other.get("/backtrace/").status_code in (200, 403)
    clerk_other = client_for(world.users["judge_other"])
    assert clerk_other.get(reverse("mining:entity_members"), {"key": "e1"}).status_code in (
        403,
        404,
    )
    portal = client_for(world.users["recipient_other"]).get("/portal/")
    assert portal.context["letters"].total_label == "0"


def test_register_export_streams_every_filtered_row(client_for, world):
    from io import BytesIO

    from openpyxl import load_workbook

    _suggestions(world, 12)
    clerk = client_for(world.users[Role.RESEARCH])
    response = clerk.get("/suggestions/", {"state": "delivered", "format": "xlsx", "per": "20"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "文号" and len(rows) == 1 + 2  # every delivered letter, not a page


def test_register_export_reads_values_as_the_page_shows_them(client_for, world):
    """The export reads plain values (one query however many rows) and writes what the
    letter's own properties say: 签发日期 = issued_on, 是否逾期 = overdue_on, 承办人 = holder."""
    from io import BytesIO

    from django.utils import timezone
    from openpyxl import load_workbook

    _suggestions(world, 10)
    signed = timezone.now() - timedelta(days=400)
    Suggestion.objects.filter(state=State.DELIVERED).update(signed_at=signed)
    clerk = client_for(world.users[Role.RESEARCH])
    with CaptureQueriesContext(connection) as queries:
        response = clerk.get("/suggestions/", {"state": "delivered", "format": "xlsx"})
    reads = [q for q in queries if "suggestions_suggestion" in q["sql"]]
    assert len(reads) == 1  # the rows, with court, unit and holder joined in
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(BytesIO(body)).active.iter_rows(values_only=True))
    letters = list(Suggestion.objects.filter(state=State.DELIVERED).order_by("-id"))
    assert len(rows) == 1 + len(letters) == 3
    for row, letter in zip(rows[1:], letters, strict=True):
        assert row[0] == letter.doc_number and row[2] == world.basic.name
        assert row[3] == letter.get_category_display() and row[5] == world.unit.name
        assert row[6] == letter.get_state_display() and row[7] == str(letter.holder)
        assert row[8].date() == letter.issued_on and row[10].date() == letter.reply_due_on
        assert row[11] == ("是" if letter.overdue_on() else None)
