"""``fengqiao export --help`` stays light: polars and the anonymiser load only when it runs."""

from __future__ import annotations

import pytest

from tests.core.test_cli_startup import HEAVY, _imported_modules


@pytest.mark.parametrize("args", [("export", "--help"), ("export", "research", "--help")])
def test_export_help_imports_no_heavy_library(args):
    names = _imported_modules(*args)
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY)
    assert not heavy, f"fengqiao {' '.join(args)} imported {heavy[:10]}"
