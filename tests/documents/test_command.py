"""The ``documents`` management command (needs Django settings, not the database)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fengqiao.documents.cli import run_check, run_demo
from fengqiao.documents.content import sample_suggestion_content
from fengqiao.documents.docx_writer import render_suggestion_docx, write_docx

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write_docx(render_suggestion_docx(sample_suggestion_content()), tmp_path / "好.docx")


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    content = sample_suggestion_content()
    content.doc_number = "连开法建〔2025〕第03号"
    return write_docx(render_suggestion_docx(content), tmp_path / "坏.docx")


def test_run_check_exit_codes(good: Path, bad: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_check(good, out=out) == 0
    assert "格式检查通过" in out.getvalue()
    out = io.StringIO()
    assert run_check(bad, out=out) == 1
    assert "doc_number_di" in out.getvalue() and "第2段" in out.getvalue()
    text = tmp_path / "x.docx"
    text.write_text("hello")
    assert run_check(text, out=io.StringIO()) == 2


def test_run_check_json(bad: Path) -> None:
    out = io.StringIO()
    run_check(bad, as_json=True, out=out)
    payload = json.loads(out.getvalue())
    assert payload["ok"] is False
    assert {"doc_number_di", "doc_number_leading_zero"} <= {e["code"] for e in payload["errors"]}
    assert set(payload["errors"][0]) == {"code", "message", "where"}
    assert "编号" in out.getvalue()  # ensure_ascii=False


def test_call_command(good: Path, bad: Path) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("documents", "check", str(good), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": True, "kind": "suggestion", "errors": []}
    out = io.StringIO()
    with pytest.raises(SystemExit):  # a 司法建议书 checked as a 函: its title is not a 函's
        call_command("documents", "check", str(good), "--json", "--kind", "notice", stdout=out)
    assert json.loads(out.getvalue())["kind"] == "notice"
    with pytest.raises(SystemExit) as info:
        call_command("documents", "check", str(bad), stdout=io.StringIO())
    assert info.value.code == 1


@pytest.mark.parametrize(("which", "code"), [("good", 0), ("bad", 1), ("text", 2)])
def test_command_line_exit_codes(which: str, code: int, good: Path, bad: Path, tmp_path) -> None:
    path = {"good": good, "bad": bad, "text": tmp_path / "t.docx"}[which]
    if which == "text":
        path.write_text("not a docx")
    proc = subprocess.run(
        [sys.executable, "-m", "fengqiao.documents", "check", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == code, proc.stderr
    assert json.loads(proc.stdout)["ok"] is (code == 0)


def test_demo_without_pdf(tmp_path: Path) -> None:
    written = run_demo(tmp_path, pdf=False, out=io.StringIO())
    names = {p.name for p in written}
    assert {"司法建议书.docx", "司法建议书（含封面）.docx", "告知函.docx", "送达回证.docx"} <= names


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装")
def test_demo_command_writes_docx_and_pdf(tmp_path: Path) -> None:
    from django.core.management import call_command

    call_command("documents", "demo", "--out", str(tmp_path), stdout=io.StringIO())
    for name in ("司法建议书", "司法建议书（含封面）", "告知函"):
        assert (tmp_path / f"{name}.docx").exists()
        assert (tmp_path / f"{name}.pdf").stat().st_size > 10_000
    assert (tmp_path / "送达回证.docx").exists()


def test_app_config() -> None:
    from django.apps import apps

    config = apps.get_app_config("documents")
    assert config.name == "fengqiao.documents"
    assert config.verbose_name == "公文"
