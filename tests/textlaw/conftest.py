"""Shared fixtures for textlaw tests: the real data folder (../shared/data) and the LeCaRD judgments."""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import pytest

LECARD_TAR = Path("lecard") / "candidates" / "candidates_dev10.tar.xz"


def _shared_data_dir() -> Path | None:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2].parent / "shared" / "data")
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder; skips when it is absent (set FENGQIAO_SHARED_DATA to point elsewhere)."""
    d = _shared_data_dir()
    if d is None:
        pytest.skip(
            "real data not available: ../shared/data is absent and FENGQIAO_SHARED_DATA is not set"
        )
    return d


@pytest.fixture(scope="session")
def lecard_docs(shared_data: Path) -> list[dict]:
    """The 1,000 LeCaRD candidate judgments (dicts with qw, ajjbqk, cpfxgc, pjjg, writName …)."""
    tar = shared_data / LECARD_TAR
    if not tar.is_file():
        pytest.skip(f"LeCaRD candidates not found at {tar}")
    docs: list[dict] = []
    with tarfile.open(tar) as tf:
        for m in tf:
            if m.isfile() and m.name.endswith(".json"):
                fh = tf.extractfile(m)
                if fh is not None:
                    docs.append(json.loads(fh.read()))
    return docs
