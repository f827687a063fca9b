from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fengqiao.audit.models import AuditEntry
from fengqiao.cases.models import Case, CaseParty, ImportRun, QuarantinedRecord
from fengqiao.cases.services import import_cases
from fengqiao.courts.registry import name_key
from fengqiao.search.cases_index import case_index

ROOT = Path(__file__).resolve().parents[2]


def test_real_judgments_import_with_parsed_fields(world, lecard_dir):
    files = list(lecard_dir.glob("*.json"))
    _, summary = import_cases(paths=[lecard_dir], owner=world.basic)
    assert summary.total == len(files)
    assert summary.imported >= 0.97 * len(files)
    assert Case.objects.count() == summary.imported
    with_parties = Case.objects.filter(parties__isnull=False).distinct().count()
    assert with_parties >= 0.95 * summary.imported
    assert Case.objects.exclude(cause="").count() >= 0.9 * summary.imported
    assert Case.objects.exclude(court_name="").count() >= 0.95 * summary.imported
    assert Case.objects.filter(type_code__startswith="刑").count() >= 0.9 * summary.imported
    for record in QuarantinedRecord.objects.all():
        assert record.reason and record.source  # nothing is dropped without a reason


def test_reimporting_changes_nothing(world, lecard_dir):
    _, first = import_cases(paths=[lecard_dir], owner=world.basic)
    ids = sorted(Case.objects.values_list("id", flat=True))
    quarantined = QuarantinedRecord.objects.count()
    _, second = import_cases(paths=[lecard_dir], owner=world.basic)
    assert second.imported == 0 and second.updated == 0
    assert second.unchanged == first.imported
    assert sorted(Case.objects.values_list("id", flat=True)) == ids
    assert QuarantinedRecord.objects.count() == quarantined
    assert case_index().count() == len(ids)


def test_changed_record_is_updated_in_place(world, generated_dir):
    import_cases(paths=[generated_dir], owner=world.basic)
    source = generated_dir / "cases.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["fullText"] = record["fullText"].replace("本院认为", "本院经审理认为", 1)
    lines[0] = json.dumps(record, ensure_ascii=False)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = Case.objects.count()
    _, summary = import_cases(paths=[generated_dir], owner=world.basic)
    assert summary.updated == 1 and summary.imported == 0
    assert Case.objects.count() == count


def test_bad_records_are_quarantined_with_reasons(world, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    from fengqiao.demo.generator import generate_judgments

    good = next(iter(generate_judgments(1, seed=3)))
    (folder / "good.txt").write_text(good, encoding="utf-8")
    (folder / "note.txt").write_text("这是一份会议通知，不是裁判文书。", encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "rows.jsonl").write_text(
        json.dumps({"fullText": good.replace("号", "号", 1)}, ensure_ascii=False)
        + "\n"
        + "{not json}\n"
        + json.dumps({"案号": "不是案号", "案由": "物业服务合同纠纷"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    _, summary = import_cases(paths=[folder], owner=world.basic)
    assert summary.imported == 1
    assert summary.unchanged == 1  # the same judgment twice
    reasons = {r.locator or Path(r.source).name: r.reason for r in QuarantinedRecord.objects.all()}
    assert summary.quarantined == len(reasons) == 4
    assert any("案号" in reason for reason in reasons.values())
    assert all(reason.strip() for reason in reasons.values())
    _, again = import_cases(paths=[folder], owner=world.basic)
    assert QuarantinedRecord.objects.count() == 4 and again.imported == 0


def test_records_of_unknown_courts_are_quarantined_not_dropped(world, generated_dir):
    _, summary = import_cases(paths=[generated_dir])  # no --court: match by 案号's court code
    assert summary.quarantined + summary.imported == 120
    for case in Case.objects.select_related("owner"):
        # the owner's 代字, or one of its alternative 代字 (a 区划 re-coded since 2014), or —
        # for a pre-2016 number with a free abbreviation — the court the judgment names
        assert case.court_code in (case.owner.code, *case.owner.alt_codes) or (
            name_key(case.court_name)
            in {name_key(n) for n in (case.owner.name, *case.owner.aliases)}
        )
    for record in QuarantinedRecord.objects.all():
        assert "无法确定所属法院" in record.reason


def test_crash_midway_then_rerun_leaves_exactly_one_copy(world, generated_dir):
    calls = {"n": 0}

    def crash(_n):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        import_cases(paths=[generated_dir], owner=world.basic, batch_size=25, progress=crash)
    assert 0 < Case.objects.count() < 120
    assert ImportRun.objects.get().status == ImportRun.Status.INTERRUPTED  # Ctrl-C: 中断
    _, summary = import_cases(paths=[generated_dir], owner=world.basic, batch_size=25)
    assert Case.objects.count() == 120 - QuarantinedRecord.objects.count()
    keys = list(Case.objects.values_list("case_no", "court_key"))
    assert len(keys) == len(set(keys))
    assert case_index().count() == Case.objects.count()
    assert summary.unchanged == 50


def test_parallel_workers_give_the_same_result(world, generated_dir):
    _, summary = import_cases(paths=[generated_dir], owner=world.basic, workers=2)
    assert summary.imported + summary.quarantined == 120
    assert CaseParty.objects.count() > 120


@pytest.mark.django_db(transaction=True)
def test_killed_import_process_rerun_finishes_without_duplicates(tmp_path, generated_dir):
    from fengqiao.courts.services import court_create

    court_create(
        name="连云港经济技术开发区人民法院",
        code="苏0791",
        short_name="连开",
        level="basic",
        parent=court_create(name="江苏省高级人民法院", code="苏", level="high"),
    )
    big = tmp_path / "big.jsonl"
    from fengqiao.demo.generator import generate_judgments

    with open(big, "w", encoding="utf-8") as handle:
        for text in generate_judgments(3000, seed=11):
            handle.write(json.dumps({"fullText": text}, ensure_ascii=False) + "\n")
    env = {**os.environ, "DATABASE_URL": _database_url(), "FENGQIAO_DATA_DIR": str(tmp_path / "d")}
    command = [
        sys.executable,
        "-m",
        "fengqiao.cli",
        "import-cases",
        str(big),
        "--court",
        "苏0791",
        "--batch-size",
        "100",
        "--workers",
        "1",
        "--json",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while Case.objects.count() < 200 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = Case.objects.count()
    assert 0 < partial < 3000, "the import should have been killed midway"
    killed = ImportRun.objects.get()
    assert killed.status == ImportRun.Status.RUNNING and killed.pid == process.pid
    finished = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert finished.returncode == 0, finished.stderr
    summary = json.loads(finished.stdout.strip().splitlines()[-1])
    assert summary["imported"] == 3000 - partial - summary["quarantined"]
    total = Case.objects.count()
    assert total + QuarantinedRecord.objects.values("locator").distinct().count() == 3000
    keys = list(Case.objects.values_list("case_no", "court_key"))
    assert len(keys) == len(set(keys))
    assert summary["unchanged"] == partial
    # the killed run is not left "running" forever: the next run marked it 中断
    killed.refresh_from_db()
    assert killed.status == ImportRun.Status.INTERRUPTED and killed.finished_at is not None
    assert "已不存在" in killed.error
    marked = AuditEntry.objects.get(code="cases.import_marked_interrupted")
    assert marked.object_id == str(killed.pk) and marked.after["pid"] == process.pid
    assert ImportRun.objects.exclude(pk=killed.pk).get().status == ImportRun.Status.FINISHED


def _dead_pid() -> int:
    probe = subprocess.Popen(["true"])
    probe.wait()
    return probe.pid


def test_status_marks_dead_runs_interrupted_and_resume_continues(world, generated_dir):
    import socket
    from io import StringIO

    dead = ImportRun.objects.create(
        paths=[str(generated_dir)],
        owner=world.basic,
        pid=_dead_pid(),
        host=socket.gethostname(),
    )
    alive = ImportRun.objects.create(paths=["x"], pid=os.getpid(), host=socket.gethostname())
    out = StringIO()
    call_command("import-cases", "--status", stdout=out)
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportRun.Status.INTERRUPTED
    assert alive.status == ImportRun.Status.RUNNING  # this very process: still running
    assert "中断" in out.getvalue() and f"--resume {dead.pk}" in out.getvalue()
    out = StringIO()
    call_command("import-cases", "--resume", str(dead.pk), "--json", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["imported"] + summary["quarantined"] == 120
    resumed = ImportRun.objects.get(resumed_from=dead)
    assert resumed.status == ImportRun.Status.FINISHED and resumed.owner == world.basic
    with pytest.raises(CommandError, match="只有中断或失败的批次可以续导"):
        call_command("import-cases", "--resume", str(resumed.pk))


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def test_casenum_command_json(capsys):
    call_command("casenum", "--json", "（2019）粤0113刑初203号", "(2009)周刑再字第8号", "你好")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["ok"] and rows[0]["year"] == 2019 and rows[0]["court_code"] == "粤0113"
    assert rows[0]["type_code"] == "刑初" and rows[0]["seq"] == 203
    assert rows[1]["ok"] and rows[1]["year"] == 2009 and rows[1]["seq"] == 8
    assert rows[2]["ok"] is False and rows[2]["error"]
    assert set(rows[0]) == {
        "input",
        "ok",
        "year",
        "court_code",
        "special_code",
        "type_code",
        "seq",
        "normalized",
        "court_name",
        "error",
    }


def test_export_cases_jsonl(world, generated_dir, tmp_path):
    import_cases(paths=[generated_dir], owner=world.basic)
    out = tmp_path / "cases.jsonl"
    call_command("export-cases", "--out", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == Case.objects.count()
    row = rows[0]
    for key in [
        "case_no",
        "court_code",
        "court_name",
        "year",
        "type_code",
        "cause",
        "domain",
        "doc_kind",
        "parties",
        "judges",
        "decided_on",
        "outcome",
        "amounts",
    ]:
        assert key in row
    assert row["parties"] and {"name", "role", "kind"} <= set(row["parties"][0])
    xlsx = tmp_path / "cases.xlsx"
    call_command("export-cases", "--format", "xlsx", "--out", str(xlsx))
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx, read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == len(rows) + 1


def test_import_command_json_summary(world, generated_dir, capsys):
    call_command(
        "import-cases", str(generated_dir), "--court", "苏0791", "--json", "--workers", "1"
    )
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(summary) == {
        "imported", "updated", "unchanged", "quarantined", "unknown_judges", "unknown_divisions"
    }  # fmt: skip
    assert summary["unknown_judges"] == {}  # generated judgments carry no 承办法官 column
    assert summary["imported"] + summary["quarantined"] == 120
    assert connection.vendor in {"sqlite", "postgresql"}
