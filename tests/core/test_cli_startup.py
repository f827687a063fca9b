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
    assert "django.core.management" in names  # the parse worked
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
    ],
    ids=lambda a: " ".join(a),
)
def test_light_commands_import_no_heavy_library(args):
    names = _imported_modules(*args)
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY)
    assert not heavy, f"fengqiao {' '.join(args)} imported {heavy[:10]}"
