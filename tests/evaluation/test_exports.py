"""The recipient scorecard (.docx opens; figures as the selector's), the Excel exports, and the
``fengqiao report scores|recipients`` commands."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.evaluation import exports, selectors
from fengqiao.evaluation.periods import Period
from fengqiao.suggestions.models import FollowUp, ItemOutcome, State

from .conftest import add_follow_up, add_reply, give_score, make_letter

YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))
Q = "from=2026-01-01&to=2026-12-31"


@pytest.fixture
def record(world, research):
    judge = world.users[Role.JUDGE]
    a = make_letter(
        world.basic, judge, world.unit, signed_on=date(2026, 2, 1), state=State.REPLIED,
        delivered_on=date(2026, 2, 5), reply_due_on=date(2026, 4, 5), replied_on=date(2026, 3, 1),
    )  # fmt: skip
    add_reply(a, research, date(2026, 3, 1), [ItemOutcome.ADOPTED, ItemOutcome.EXPLAINED])
    add_follow_up(a, research, FollowUp.Kind.RULE, date(2026, 4, 1), "联合执法办法")
    give_score(a, research, 88)
    from fengqiao.courts.services import recipient_unit_create

    company = recipient_unit_create(court=world.basic, name="某物业服务有限公司", kind="company")
    b = make_letter(
        world.basic, judge, company, signed_on=date(2026, 3, 1), state=State.DELIVERED,
        delivered_on=date(2026, 3, 5), reply_due_on=date(2026, 5, 5),
    )  # fmt: skip
    return a, b


def _cells(values: list) -> list:
    return [None if v == "" else v for v in values]


def _sheet_rows(data: bytes, sheet: str | None = None) -> list[list]:
    book = load_workbook(BytesIO(data))
    ws = book[sheet] if sheet else book.active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_scorecard_docx_opens_and_xlsx_figures_equal_the_selectors(
    world, research, record, client_for
):
    rows = selectors.recipient_rows(research, YEAR)
    kinds = selectors.recipient_kind_rows(rows)
    client = client_for(research)
    docx = client.get(f"/evaluation/recipients/?{Q}&format=docx")
    assert docx.status_code == 200
    doc = Document(BytesIO(docx.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "司法建议被建议单位反馈落实情况表" in text and "计分规则" in text
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["单位", "收到", "按期"]
    names = [row.cells[0].text for row in table.rows[1:]]
    assert names == [r.name for r in rows]

    xlsx = client.get(f"/evaluation/recipients/?{Q}&format=xlsx")
    lines = _sheet_rows(xlsx.content)
    assert lines[0] == exports.RECIPIENT_COLUMNS
    assert lines[1:] == [_cells(exports.recipient_values(r)) for r in rows]
    by_kind = _sheet_rows(xlsx.content, "按单位类型")
    assert by_kind[1:] == [_cells(exports.recipient_values(r)) for r in kinds]
    assert len(kinds) == 2
    page = client.get(f"/evaluation/recipients/?{Q}")
    assert page.status_code == 200 and "某物业服务有限公司" in page.content.decode()


def test_ranking_xlsx_equals_the_selector(world, research, record, client_for):
    for by in ("judge", "division", "court"):
        data = client_for(research).get(f"/evaluation/export.xlsx?by={by}&{Q}").content
        rows = selectors.ranking(research, YEAR, by)
        lines = _sheet_rows(data)
        expected = [_cells(exports.rank_values(i, r)) for i, r in enumerate(rows, 1)]
        assert [line[:9] for line in lines[1:]] == expected
        assert "计分规则" in load_workbook(BytesIO(data)).sheetnames


def test_cli_report_scores_and_recipients_write_files(world, record, tmp_path):
    out = tmp_path / "scores.xlsx"
    call_command("report", "scores", "--court", world.basic.code, "--from", "2026-01-01",
                 "--to", "2026-12-31", "--out", str(out))  # fmt: skip
    book = load_workbook(out)
    assert {"法院积分", "庭室积分", "承办法官积分", "被建议单位", "按单位类型"} <= set(
        book.sheetnames
    )
    assert book["法院积分"]["B2"].value == world.basic.name
    docx = tmp_path / "recipients.docx"
    call_command("report", "recipients", "--court", world.basic.code, "--year", "2026",
                 "--out", str(docx))  # fmt: skip
    assert Document(str(docx)).tables
    assert AuditEntry.objects.filter(code__in=["report.scores", "report.recipients"]).count() == 2
    with pytest.raises(CommandError, match="--year"):
        call_command("report", "recipients", "--court", world.basic.code, "--out", str(docx))
    with pytest.raises(CommandError, match="没有法院代字"):
        call_command("report", "scores", "--court", "无", "--from", "2026-01-01",
                     "--to", "2026-12-31", "--out", str(out))  # fmt: skip
    with pytest.raises(CommandError, match="--entity"):
        call_command("report", "health-check", "--out", str(out))


def test_scorecard_for_a_chosen_set_of_units(world, research, record, client_for):
    client = client_for(research)
    xlsx = client.get(f"/evaluation/recipients/?{Q}&unit={world.unit.pk}&format=xlsx")
    lines = _sheet_rows(xlsx.content)
    assert [line[0] for line in lines[1:]] == [world.unit.name]
    page = client.get(f"/evaluation/recipients/?{Q}&unit={world.unit.pk}").content.decode()
    assert f"unit={world.unit.pk}&amp;format=docx" in page
