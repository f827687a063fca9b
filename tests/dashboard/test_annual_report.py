"""The annual report to the People's Congress: its figures equal the register's and the API's,
the document prints them, who may produce it, and the command line."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from docx import Document as open_docx

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.dashboard.annual import annual_figures
from fengqiao.dashboard.annual_report import congress_name
from fengqiao.dashboard.services import annual_report_generate
from fengqiao.documents.checker import check_docx
from fengqiao.suggestions import services
from fengqiao.suggestions.models import Category, State
from fengqiao.suggestions.selectors import RegisterFilters, adoption_counts, register
from tests.suggestions.conftest import make

YEAR = timezone.localdate().year


@pytest.fixture
def letters(world):
    """Two signed, one overdue, one replied and followed up (a rule made), one withdrawn."""
    make(world, title="甲", upto="signed")
    make(world, title="乙", upto="signed", category=Category.CLASS)
    overdue_day = date(YEAR, 1, 10)
    make(world, title="丙", upto="delivered", delivered_on=overdue_day)
    make(world, title="丁", upto="follow_up")
    gone = make(world, title="戊", upto="signed")
    services.suggestion_withdraw(
        actor=world.users[Role.RESEARCH], suggestion=gone, reason="情况已变化"
    )
    return world


def test_figures_equal_the_register_and_the_api(letters, client):
    world = letters
    research = world.users[Role.RESEARCH]
    fig = annual_figures(world.basic, YEAR)
    assert (fig.numbered, fig.withdrawn, fig.issued) == (5, 1, 4)
    assert (fig.delivered, fig.replied_on_time, fig.replied_late) == (2, 1, 0)
    assert (fig.not_replied, fig.awaiting) == (1, 0)
    assert fig.rules_made == 1 and fig.rule_names == ["住宅小区物业服务监督管理办法"]
    # the register, filtered to the court and year, lists the same letters
    rows = register(research, RegisterFilters(year=YEAR, court=world.basic.pk))
    numbered = rows.filter(number_seq__isnull=False)
    assert numbered.exclude(state=State.WITHDRAWN).count() == fig.issued
    assert numbered.filter(state=State.WITHDRAWN).count() == fig.withdrawn
    assert rows.overdue().count() == fig.not_replied
    by_category = {r.label: r.count for r in fig.by_category}
    for value, label in Category.choices:
        filtered = register(research, RegisterFilters(year=YEAR, category=value))
        expected = filtered.filter(number_seq__isnull=False).exclude(state=State.WITHDRAWN)
        assert by_category.get(label, 0) == expected.count()
    assert fig.items == adoption_counts(numbered.exclude(state=State.WITHDRAWN))
    # the API's list for the year holds the same numbered letters
    client.force_login(research)
    body = client.get("/api/suggestions", {"year": YEAR, "page_size": 100}).json()
    items = body.get("items", body)
    api_numbered = [i for i in items if i.get("doc_number")]
    assert len(api_numbered) == fig.numbered


def test_the_document_prints_the_figures(letters):
    world = letters
    report = annual_report_generate(
        actor=world.users[Role.RESEARCH],
        court=world.basic,
        year=YEAR,
        problems=["本院自己写的问题。"],
        plan=None,
    )
    doc = open_docx(io.BytesIO(report.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    fig = annual_figures(world.basic, YEAR)
    assert doc.paragraphs[0].text.replace("\n", "") == (
        f"{world.basic.name}关于{YEAR}年度司法建议工作情况的报告"
    )
    assert f"共发出司法建议{fig.issued}件" in text
    assert f"另有{fig.withdrawn}件编号后撤回" in text
    assert f"按期回复{fig.replied_on_time}件" in text
    assert f"期限届满仍未回复{fig.not_replied}件" in text
    assert "《住宅小区物业服务监督管理办法》" in text
    assert "本院自己写的问题。" in text  # the court's own text, as written
    assert "（院印）" in text and world.basic.name in text
    entry = AuditEntry.objects.filter(code="report.annual").get()
    assert entry.after["issued"] == fig.issued
    # GB/T 9704 page layout: the checker finds nothing wrong with margins or page numbers
    layout_codes = {e.code for e in check_docx(report.data).errors if e.code.startswith("page")}
    assert layout_codes == set()


def test_who_may_produce_it(letters, client):
    world = letters
    url = "/annual-report/"
    client.force_login(world.users[Role.JUDGE])
    assert client.get(url).status_code == 403
    client.force_login(world.users[Role.RESEARCH])
    page = client.get(url, {"year": YEAR, "court": world.basic.pk})
    assert page.status_code == 200 and "发出司法建议" in page.content.decode()
    # another court's letters cannot be asked for: not in the court list, never a 500
    other = client.post(url, {"court": world.basic_other.pk, "year": YEAR})
    assert other.status_code == 200 and "docx" not in other.get("Content-Type", "")
    bad_year = client.get(url, {"year": "99999", "court": world.basic.pk})
    assert bad_year.status_code == 200
    download = client.post(url, {"court": world.basic.pk, "year": YEAR, "problems": "", "plan": ""})
    assert download.status_code == 200
    assert "wordprocessingml" in download["Content-Type"]


def test_command_line(letters, tmp_path):
    out = tmp_path / "annual.docx"
    call_command(
        "report", "annual", "--court", letters.basic.code, "--year", str(YEAR), "--out", str(out)
    )
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="年度"):
        call_command(
            "report", "annual", "--court", letters.basic.code, "--year", "3000", "--out", str(out)
        )
    with pytest.raises(CommandError, match="法院代字"):
        call_command(
            "report", "annual", "--court", "不存在", "--year", str(YEAR), "--out", str(out)
        )


@pytest.mark.parametrize(
    ("court", "congress"),
    [
        ("江苏省南京市鼓楼区人民法院", "南京市鼓楼区人民代表大会常务委员会"),
        ("江苏省南京市中级人民法院", "南京市人民代表大会常务委员会"),
        ("江苏省高级人民法院", "江苏省人民代表大会常务委员会"),
        ("北京市朝阳区人民法院", "北京市朝阳区人民代表大会常务委员会"),
        ("连云港经济技术开发区人民法院", "连云港市人民代表大会常务委员会"),
    ],
)
def test_congress_name(court, congress):
    assert congress_name(court) == congress


def test_scoring_excellence_and_typical_letters_from_the_library(letters, settings, tmp_path):
    """Typical suggestions come from the library's released shared versions only; the year's
    rubric scores and 优秀 labels are reported with them."""
    from fengqiao.dashboard.annual import typical_letters
    from fengqiao.evaluation import services as evaluation
    from fengqiao.library import services as library
    from fengqiao.selection.models import Nomination, Round, Tier
    from fengqiao.suggestions.models import Suggestion
    from tests.evaluation.conftest import OPINION_POINTS

    settings.DATA_DIR = tmp_path
    world = letters
    research = world.users[Role.RESEARCH]
    replied = Suggestion.objects.get(title="丁")
    entry = replied.library_entry  # shared on delivery, still pending review
    assert entry.status == entry.Status.PENDING
    assert typical_letters(world.basic, YEAR) == []  # nothing unreviewed is printed

    library.entry_release(actor=research, entry=entry)
    library.entries_mark_excellent(actor=research, suggestion_ids=[replied.pk])
    # a selection round whose results are published awarded the letter a 二等奖 (the round's own
    # workflow is tested in tests/selection); an unpublished round's tier does not count
    for state, tier in ((Round.State.FINISHED, Tier.SECOND), (Round.State.REVIEWING, Tier.FIRST)):
        round_ = Round.objects.create(
            organiser=world.mid, name="评选", period_start=date(YEAR, 1, 1),
            period_end=date(YEAR, 12, 31), rubric_label="默认", nomination_deadline=date(YEAR, 1, 1),
            review_deadline=date(YEAR, 1, 1), state=state,
        )  # fmt: skip
        Nomination.objects.create(
            round=round_, suggestion=replied, court=world.basic, recommendation="推荐", tier=tier
        )
    evaluation.rubric_default_create(actor=research, court=world.basic)
    score = evaluation.score_record(actor=research, suggestion=replied, points=OPINION_POINTS)

    fig = annual_figures(world.basic, YEAR)
    assert fig.scored == 1 and [(r.label, r.count) for r in fig.awards] == [("二等奖", 1)]
    assert fig.quality_mean == round(score.total, 1)
    assert fig.quality_passed == (1 if score.total > 60 else 0)
    [typical] = typical_letters(world.basic, YEAR)
    entry.refresh_from_db()
    assert typical.title == entry.title and typical.excellent
    assert typical.problems and all(p in entry.text("problems") for p in typical.problems)

    report = annual_report_generate(actor=research, court=world.basic, year=YEAR)
    text = "\n".join(p.text for p in open_docx(io.BytesIO(report.data)).paragraphs)
    assert f"{entry.title}（优秀司法建议）" in text
    assert f"对本年度发出的1件司法建议进行了评查，平均得分{fig.quality_mean:.1f}分" in text
    assert "在优秀司法建议评选中，获二等奖1件。" in text
