"""``fengqiao help`` and light commands must not load the heavy libraries at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "polars",
    "sklearn",
    "dask",
    "matplotlib",
    "tantivy",
    "scipy",
    "rjieba",
    "numpy",
    "pandas",
    "openpyxl",
    "docx",
    "ninja",
    "pydantic",
)


def _imported_modules(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "fengqiao.settings"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fengqiao.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "django.conf" in names  # the parse worked
    return names


@pytest.mark.parametrize(
    "args",
    [
        ("help",),
        ("audit", "--help"),
        ("import-cases", "--help"),
        ("reindex-cases", "--help"),
        ("documents", "--help"),
        ("mining", "--help"),
        ("anonymize", "--help"),
        ("similar-rank", "--help"),
        ("report", "--help"),
    ],
    ids=lambda a: " ".join(a),
)
def test_light_commands_import_no_heavy_library(args):
    names = _imported_modules(*args)
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY)
    assert not heavy, f"fengqiao {' '.join(args)} imported {heavy[:10]}"


def _run(*cmd: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "fengqiao.settings"}
    proc = subprocess.run(
        [sys.executable, *cmd], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_fast_help_lists_exactly_what_django_lists():
    fast = _run("-m", "fengqiao.cli", "help")
    django_help = _run(
        "-c",
        "from django.core.management import execute_from_command_line as run;"
        "run(['fengqiao', 'help'])",
    )
    assert fast == django_help
    for name in ("anonymize", "serve", "import-cases", "migrate", "run_huey", "axes_reset"):
        assert f"    {name}\n" in fast


def test_fast_help_sets_nothing_up():
    names = _imported_modules("help")
    assert not {"huey", "axes.models", "django.contrib.auth.models"} & names


def test_subcommand_help_still_goes_through_django():
    assert "--policy" in _run("-m", "fengqiao.cli", "help", "anonymize")
