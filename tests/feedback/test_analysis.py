"""反馈分析 on the FIXED data set of conftest.py: exact figures, the latest-reply rule, the test
decision rule, scoping, the Excel export equal to the page, the drafting fragment."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from fengqiao.courts.models import RecipientUnit, Role
from fengqiao.feedback import selectors
from fengqiao.feedback.selectors import AnalysisFilters, analysis, lesson_for
from tests.suggestions.test_api_support import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

CAT = ["分组", "送达件数", "已回复件数", "未回复件数", "答复条数", "采纳", "部分采纳", "未采纳",
       "说明理由", "采纳率（含部分采纳）"]  # fmt: skip
GOV = [3, 1, 1, 3, 2, 1, 0, 0, "100.0%"]  # L1, L4, L5
CLASS = [2, 2, 0, 4, 0, 0, 3, 1, "0.0%"]  # L2, L3 (L3 by its LATEST reply: 未采纳×2)
TOTAL = [5, 3, 1, 7, 2, 1, 3, 1, "42.9%"]


def _tables(user, **filters):
    result = analysis(user, AnalysisFilters(**filters))
    return result, {t.key: t for t in result.tables}


def test_adoption_by_every_dimension(world, letters):
    result, t = _tables(world.users[Role.RESEARCH])
    assert {f.pk for f in result.facts} == letters.own
    assert t["category"].headers == CAT
    assert t["category"].rows == [["综合治理类", *GOV], ["类案", *CLASS], ["合计", *TOTAL]]
    assert t["domain"].rows == [["房地产", *GOV], ["金融", *CLASS], ["合计", *TOTAL]]
    assert t["recipient_kind"].rows == [["党政机关", *GOV], ["企业", *CLASS], ["合计", *TOTAL]]
    assert t["court"].rows == [[world.basic.name, *TOTAL], ["合计", *TOTAL]]
    assert t["year"].rows == [
        ["2025", 2, 2, 0, 5, 2, 1, 1, 1, "60.0%"],
        ["2026", 3, 1, 1, 2, 0, 0, 2, 0, "0.0%"],
        ["合计", *TOTAL],
    ]


def test_per_item_latest_reply_rule(world, letters):
    """L3's first reply adopted both items; the later one adopts none — only the later counts."""
    facts = {f.pk: f for f in selectors.letter_facts(selectors.letters_in_scope(
        world.users[Role.RESEARCH], AnalysisFilters()))}  # fmt: skip
    l3 = facts[letters.l3.pk]
    assert dict(l3.outcomes) == {"not_adopted": 2}
    assert l3.group == "others"
    assert l3.reply_days == 30  # the reply period runs to the FIRST reply (replied_on)
    assert facts[letters.l1.pk].group == "adopted"
    assert facts[letters.l4.pk].group == "others" and facts[letters.l4.pk].no_reply
    assert facts[letters.l5.pk].group is None  # still within its reply period


def test_reasons_distribution(world, letters):
    _, t = _tables(world.users[Role.RESEARCH])
    assert t["reasons"].rows == [
        ["问题不精准", 0, 0, 0, 0, 0],
        ["建议不可行", 1, 0, 0, 0, 1],
        ["沟通不到位", 0, 0, 0, 1, 1],
        ["情况已变化", 0, 1, 0, 0, 1],
        ["职责不属", 0, 1, 0, 0, 1],
        ["其他", 0, 0, 0, 0, 0],
        ["未分析", 0, 1, 1, 0, 2],
        ["合计", 1, 3, 1, 1, 6],
    ]


def test_comparison_of_adopted_and_other_letters(world, letters):
    _, t = _tables(world.users[Role.RESEARCH])
    table = t["comparison"]
    assert "采纳 1 件，其余 3 件" in table.title
    no_test = ["", "", "样本不足，无法检验"]
    assert table.rows == [
        ["进行了事前沟通", "1/1（100.0%）", "0/3（0.0%）", *no_test],
        ["附有案例", "1/1（100.0%）", "0/3（0.0%）", *no_test],
        ["建议条数", "中位数 3条（1件）", "中位数 2条（3件）", *no_test],
        ["具体建议占比", "中位数 67%（1件）", "中位数 50%（3件）", *no_test],
        ["附案例数", "中位数 1件（1件）", "中位数 0件（3件）", *no_test],
        ["制发用时（线索/立项至送达，天）", "中位数 28天（1件）", "中位数 40天（3件）", *no_test],
        ["答复用时（送达至回复，天；仅已回复）", "中位数 31天（1件）", "中位数 45天（2件）",
         *no_test],
    ]  # fmt: skip
    assert "Fisher" in table.note


def test_typical_successes_and_failures_link_to_the_letters(world, letters):
    _, t = _tables(world.users[Role.RESEARCH])
    assert t["successes"].links == [reverse("suggestions:detail", args=[letters.l1.pk])]
    failures = t["failures"]
    assert failures.links == [
        reverse("suggestions:detail", args=[s.pk]) for s in (letters.l4, letters.l3, letters.l2)
    ]
    assert [r[4:] for r in failures.rows] == [
        ["未回复", "沟通不到位"],
        ["采纳或部分采纳 0/2 条", "情况已变化1条、未分析1条"],
        ["采纳或部分采纳 0/2 条", "职责不属1条、未分析1条"],
    ]


# ---- scoping -------------------------------------------------------------------------------


def _pks(user, **filters) -> set[int]:
    return {f.pk for f in analysis(user, AnalysisFilters(**filters)).facts}


def test_scoping_own_court_and_subtree(world, letters):
    assert _pks(world.users["supervisor_mid"]) == letters.own | {letters.l6.pk}
    assert _pks(world.users["supervisor_high"]) == letters.own | {letters.l6.pk, letters.l7.pk}
    assert _pks(world.users["supervisor_mid"], court=world.basic_sibling.pk) == {letters.l6.pk}
    assert _pks(world.users["judge_sibling"]) == {letters.l6.pk}
    assert _pks(world.users["judge_other"]) == {letters.l7.pk}
    assert _pks(world.users[Role.RESEARCH], year_from=2026) == {
        letters.l3.pk, letters.l4.pk, letters.l5.pk}  # fmt: skip
    with pytest.raises(Http404):
        analysis(world.users[Role.RESEARCH], AnalysisFilters(court=world.basic_other.pk))


def test_pages_refuse_recipients_and_other_courts(world, letters, client_for, client):
    url = reverse("feedback:analysis")
    assert client.get(url).status_code == 302  # login first
    recipient = client_for(world.users["recipient"])
    assert recipient.get(url).status_code == 403
    assert recipient.get(reverse("feedback:lesson")).status_code == 403
    other = client_for(world.users["judge_other"])
    assert other.get(url, {"court": world.basic.pk}).status_code == 404
    page = other.get(url).content.decode()
    assert letters.l1.doc_number not in page and letters.l7.doc_number in page


def test_menu_entry(world, letters, client_for):
    page = client_for(world.users[Role.JUDGE]).get(reverse("dashboard:home")).content.decode()
    assert f'href="{reverse("feedback:analysis")}"' in page and "反馈分析" in page


# ---- the page and its Excel export ---------------------------------------------------------


class _Cells(HTMLParser):
    """The cell texts of each ``data-testid="table-KEY"`` card, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.key = ""
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (attrs.get("data-testid") or "").startswith("table-"):
            self.key = attrs["data-testid"][6:]
            self.tables[self.key] = []
        elif self.key and tag == "tr":
            self.tables[self.key].append([])
        elif self.key and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.key and tag in ("td", "th") and self.cell is not None:
            self.tables[self.key][-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.key = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_excel_export_equals_the_page(world, letters, client_for, django_assert_max_num_queries):
    client = client_for(world.users[Role.RESEARCH])
    url = reverse("feedback:analysis")
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    parser = _Cells()
    parser.feed(page.content.decode())
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = load_workbook(io.BytesIO(response.content))
    result = analysis(world.users[Role.RESEARCH], AnalysisFilters())
    assert len(book.sheetnames) == len(result.tables) == len(parser.tables)
    for sheet, table in zip(book.worksheets, result.tables, strict=True):
        values = [
            ["" if v is None else str(v) for v in row]
            for row in sheet.iter_rows(min_row=3, max_row=3 + len(table.rows), values_only=True)
        ]
        values = [row[: len(table.headers)] for row in values]
        assert values == parser.tables[table.key], table.title
    assert sheet_value(book, "采纳情况按类别", 6, 10) == "42.9%"


def sheet_value(book, title: str, row: int, column: int):
    return book[title].cell(row=row, column=column).value


def test_charts_get_their_data_as_json_not_inline_script(world, letters, client_for):
    page = client_for(world.users[Role.RESEARCH]).get(reverse("feedback:analysis")).content
    text = page.decode()
    assert text.count('data-chart="option"') == 6
    assert '<script id="chart-reasons-data" type="application/json">' in text
    assert "<script>" not in text and 'style="' not in text


# ---- the lesson on the drafting page -------------------------------------------------------


def test_lesson_figures_and_examples(world, letters):
    research = world.users[Role.RESEARCH]
    lesson = lesson_for(research, domain="房地产", kind="government")
    assert (lesson.letters, lesson.answered, lesson.adopting, lesson.rate) == (3, 3, 3, "100.0%")
    assert [f.pk for f in lesson.examples] == [letters.l1.pk]
    finance = lesson_for(research, domain="金融", kind="company")
    assert (finance.letters, finance.answered, finance.adopting, finance.examples) == (2, 4, 0, [])
    # examples only from what the user may see
    assert lesson_for(research, domain="金融", kind="government").letters == 0
    other = lesson_for(world.users["judge_other"], domain="金融", kind="government")
    assert [f.pk for f in other.examples] == [letters.l7.pk]


def test_lesson_fragment_follows_the_chosen_recipient(world, letters, client_for):
    client = client_for(world.users[Role.JUDGE])
    company = RecipientUnit.objects.get(name="测试银行连云港分行")
    html = client.get(
        reverse("feedback:lesson"), {"domain": "房地产", "recipient": world.unit.pk}
    ).content.decode()
    assert "采纳率 <b>100.0%</b>" in html
    assert reverse("suggestions:detail", args=[letters.l1.pk]) in html
    html = client.get(
        reverse("feedback:lesson"), {"domain": "金融", "recipient": company.pk}
    ).content.decode()
    assert "采纳率 <b>0.0%</b>" in html and "尚无被采纳的同类建议书" in html
    # a unit the court may not address gives no kind (all kinds), never another court's letters
    html = client.get(
        reverse("feedback:lesson"), {"domain": "金融", "recipient": world.unit_other.pk}
    ).content.decode()
    assert letters.l7.doc_number not in html
    new = client.get(reverse("suggestions:new")).content.decode()
    assert 'hx-get="/feedback/lesson/"' in new and "change from:#id_recipient" in new


def test_api_returns_the_page_tables(world, letters, api):  # noqa: F811
    response = api(Role.RESEARCH, "get", "/feedback/analysis")
    assert response.status_code == 200
    body = response.json()
    result = analysis(world.users[Role.RESEARCH], AnalysisFilters())
    assert body["letters"] == 5
    assert [t["rows"] for t in body["tables"]] == [t.rows for t in result.tables]
    assert api("recipient", "get", "/feedback/analysis").status_code == 403
    other = api("judge_other", "get", f"/feedback/analysis?court={world.basic.pk}")
    assert other.status_code == 404
    assert api(Role.RESEARCH, "get", "/feedback/analysis?year_from=99999").status_code in (400, 422)


def test_edit_page_loads_the_lesson_for_its_domain_and_unit(world, letters, client_for):
    from fengqiao.suggestions import services
    from fengqiao.suggestions.models import Category

    judge = world.users[Role.JUDGE]
    draft = services.suggestion_create(
        actor=judge,
        title="物业管理",
        category=Category.CLASS,
        recipient=world.unit,
        domain="房地产",
    )
    page = client_for(judge).get(reverse("suggestions:edit", args=[draft.pk])).content.decode()
    assert (
        f'hx-get="/feedback/lesson/?domain=%E6%88%BF%E5%9C%B0%E4%BA%A7&amp;recipient={world.unit.pk}"'
        in page
    )


def test_page_queries_do_not_grow_with_the_letters(world, letters, client_for):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.feedback.conftest import SPECIFIC, A, N, _Builder

    client = client_for(world.users[Role.RESEARCH])
    url = reverse("feedback:analysis")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    builder = _Builder(world)
    builder.seq = 100
    for outcome in (A, N, N):
        builder.letter(world.basic, world.unit, category="individual", domain="劳动", year=2026,
                       delivered_on=date(2026, 4, 1), items=[SPECIFIC],
                       replies=[(date(2026, 5, 1), [outcome])], cases=2, precomm=True)  # fmt: skip
    assert count() == before
