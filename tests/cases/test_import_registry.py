"""Import without --court: every judgment goes to its trying court, found through the registry."""

from __future__ import annotations

import json

from fengqiao.cases.models import Case, QuarantinedRecord
from fengqiao.cases.services import import_cases
from fengqiao.courts.models import Court
from fengqiao.courts.registry import name_key


def test_real_judgments_from_many_provinces_import_under_their_courts(db, lecard_dir):
    files = list(lecard_dir.glob("*.json"))
    assert not Court.objects.exists()  # a fresh install: no court registered by hand
    _, summary = import_cases(paths=[lecard_dir])
    assert summary.total == len(files)
    assert summary.imported >= 0.97 * len(files)
    # only records with no court at all are quarantined, each with its reason
    for record in QuarantinedRecord.objects.all():
        assert "无法确定所属法院" in record.reason or "案号" in record.reason, record.reason
    cases = list(Case.objects.select_related("owner"))
    provinces = {c.owner.code[0] for c in cases}
    assert len(provinces) >= 10
    # the owner is the court the judgment names (by name where it names one)
    named = [c for c in cases if c.court_name]
    agree = sum(
        1
        for c in named
        if name_key(c.court_name) in {name_key(n) for n in (c.owner.name, *c.owner.aliases)}
        or c.court_code in (c.owner.code, *c.owner.alt_codes)
    )
    assert agree / len(named) >= 0.98

    courts = Court.objects.count()
    _, again = import_cases(paths=[lecard_dir])
    assert again.imported == 0 and again.updated == 0
    assert again.unchanged == summary.imported
    assert Court.objects.count() == courts


def test_court_found_by_name_only_or_code_only(db, tmp_path):
    folder = tmp_path / "rows"
    folder.mkdir()
    (folder / "rows.jsonl").write_text(
        "\n".join(
            json.dumps(row, ensure_ascii=False)
            for row in [
                # name only, without province, 法院 for 人民法院
                {"案号": "（2019）刑初1号", "法院": "官渡区法院", "案由": "盗窃罪"},
                # a code only (the name missing)
                {"案号": "（2018）京0105刑初12号", "案由": "盗窃罪"},
                # the county's former name and code (金坛市 → 金坛区)
                {"案号": "（2017）苏0413刑初3号", "法院": "江苏省金坛市人民法院", "案由": "盗窃罪"},
                # a code no court has, and no name: the court cannot be determined
                {"案号": "（2019）京9999刑初9号", "法院": "", "案由": "盗窃罪"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    _, summary = import_cases(paths=[folder])
    owners = dict(Case.objects.values_list("case_no", "owner__code"))
    assert "京0105" in owners.values()
    assert "苏0482" in owners.values()
    assert "云0111" in owners.values()
    assert summary.quarantined == 1
    reason = QuarantinedRecord.objects.get().reason
    assert "无法确定所属法院" in reason and "--court" in reason


def test_court_option_names_a_registry_court_on_a_fresh_install(db, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "rows.jsonl").write_text(
        json.dumps({"案号": "（2020）刑初7号", "案由": "盗窃罪"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import-cases", str(folder), "--court", "京0105", "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["imported"] == 1
    assert Case.objects.get().owner.code == "京0105"
