"""Case-management exports (CSV / Excel): 承办人 / 承办法官 / 承办部门 / 合议庭 columns map to the
case's handling judge and division; unknown names are kept and reported; bad rows are
quarantined with a Chinese reason and their whole row."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from fengqiao.cases.handlers import division_key
from fengqiao.cases.models import Case, QuarantinedRecord
from fengqiao.cases.prepare import parse_panel
from fengqiao.cases.services import import_cases
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Division, Role

CSV = """案号,案由,裁判日期,当事人,承办人,承办部门,合议庭
（2024）苏0791民初101号,买卖合同纠纷,2024-03-05,甲公司、乙公司,张建华,民一庭,审判长张建华、审判员李红、人民陪审员王五
（2024）苏0791民初102号,民间借贷纠纷,2024-03-06,赵一、钱二,欧阳未知,民事审判第一庭,
（2024）苏0791刑初7号,盗窃罪,2024-04-01,孙三,李红,,
（2024）苏0791民初103号,离婚纠纷,2024-04-02,周四、吴五,张三2,民一庭,
（2024）苏0791民初104号,离婚纠纷,2024-04-03,郑六、王七,张建华,民一庭,审判长张建华、12345
"""


@pytest.fixture
def judges(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    civil = Division.objects.get(court=world.basic, name="民事审判第一庭")
    criminal = court_services.division_create(court=world.basic, name="刑事审判庭")
    make = court_services.user_create
    return {
        "张建华": make(username="zjh", password="x-Pass-2026", full_name="张建华",
                    court=world.basic, division=civil, roles=[Role.JUDGE]),
        "李红": make(username="lh", password="x-Pass-2026", full_name="李红",
                   court=world.basic, division=criminal, roles=[Role.JUDGE]),
    }  # fmt: skip


def test_csv_columns_map_to_judge_division_and_panel(world, judges, tmp_path):
    path = tmp_path / "案件管理导出.csv"
    path.write_text(CSV, encoding="utf-8")
    run, summary = import_cases(paths=[path], owner=world.basic)
    assert (summary.imported, summary.quarantined) == (3, 2)

    first = Case.objects.get(case_no="（2024）苏0791民初101号")
    assert first.judge == judges["张建华"] and first.judge_name == "张建华"
    assert first.division.name == "民事审判第一庭" and first.division_name == "民一庭"
    assert first.judges == [["审判长", "张建华"], ["审判员", "李红"], ["人民陪审员", "王五"]]

    unknown = Case.objects.get(case_no="（2024）苏0791民初102号")
    assert unknown.judge is None and unknown.judge_name == "欧阳未知"  # kept as a name
    assert unknown.division.name == "民事审判第一庭"
    assert summary.unknown_judges == {"欧阳未知": 1}
    assert summary.as_dict()["unknown_judges"] == {"欧阳未知": 1}

    criminal = Case.objects.get(case_no="（2024）苏0791刑初7号")
    assert criminal.judge == judges["李红"]
    assert criminal.division.name == criminal.division_name == "刑事审判庭"  # from the judge

    # bad rows: a clear Chinese reason, and the whole row is kept
    reasons = {q.locator: q for q in QuarantinedRecord.objects.filter(run=run)}
    assert set(reasons) == {"row 5", "row 6"}
    assert "承办法官“张三2”不是一个人名" in reasons["row 5"].reason
    assert "“12345”不是一个人名" in reasons["row 6"].reason
    kept = json.loads(reasons["row 5"].excerpt)
    assert kept["案号"] == "（2024）苏0791民初103号" and kept["承办人"] == "张三2"

    # re-importing the same file changes nothing
    _, again = import_cases(paths=[path], owner=world.basic)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)


def test_xlsx_columns_and_command_report(world, judges, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["案号", "案由", "承办法官", "承办庭室", "合议庭成员"])
    sheet.append(["（2025）苏0791民初9号", "物业服务合同纠纷", "张建华", "民事审判第一庭", None])
    sheet.append(
        ["（2025）苏0791民初10号", "物业服务合同纠纷", "慕容新", "民事审判第三庭", "慕容新；李红"]
    )
    sheet.append(["（2025）苏0791刑初3号", "危险驾驶罪", "李红", "刑庭", None])
    path = tmp_path / "案件.xlsx"
    book.save(path)

    out = io.StringIO()
    call_command("import-cases", str(path), "--court", "苏0791", "--workers", "1", stdout=out)
    text = out.getvalue()
    assert "新增 3" in text
    assert "慕容新（1 件）" in text and "民事审判第三庭（1 件）" in text

    by_no = {c.case_no: c for c in Case.objects.select_related("judge", "division")}
    assert by_no["（2025）苏0791民初9号"].judge == judges["张建华"]
    odd = by_no["（2025）苏0791民初10号"]
    assert odd.judge is None and odd.division is None
    assert (odd.judge_name, odd.division_name) == ("慕容新", "民事审判第三庭")
    assert odd.judges == [["合议庭成员", "慕容新"], ["合议庭成员", "李红"]]
    assert by_no["（2025）苏0791刑初3号"].division.name == "刑事审判庭"


def test_panel_and_division_forms():
    assert parse_panel("审判长：张三；代理审判员李四，陪审员王五") == [
        ["审判长", "张三"],
        ["代理审判员", "李四"],
        ["陪审员", "王五"],
    ]
    assert parse_panel([["审判员", "买买提·艾力"]]) == [["审判员", "买买提·艾力"]]
    with pytest.raises(ValueError):
        parse_panel("审判长张三、2号")
    assert division_key("民事审判第二庭") == division_key("民二庭")
    assert division_key("刑事审判庭") == division_key("刑庭")
    assert division_key("行政审判庭") == division_key("行政庭")
