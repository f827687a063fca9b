from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fengqiao.mining.similar.cli import main
from tests.mining.test_similar_support import CANDIDATES, THEFT_QUERY


@pytest.fixture
def case_dir(tmp_path: Path) -> tuple[Path, Path]:
    query = tmp_path / "query.txt"
    query.write_text(THEFT_QUERY, encoding="utf-8")
    candidates = tmp_path / "candidates"
    candidates.mkdir()
    for i, (cid, text) in enumerate(CANDIDATES.items()):
        if i % 2:  # a mix of .txt and LeCaRD-style .json (full text in "qw")
            (candidates / f"{cid}.json").write_text(
                json.dumps({"qw": text, "ajName": "x"}, ensure_ascii=False), encoding="utf-8"
            )
        else:
            (candidates / f"{cid}.txt").write_text(text, encoding="gb18030" if i == 2 else "utf-8")
    (candidates / "notes.md").write_text("ignored", encoding="utf-8")
    return query, candidates


def test_plain_output_is_ids_without_extension(case_dir, capsys) -> None:
    query, candidates = case_dir
    assert main(["--query", str(query), "--candidates", str(candidates)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines) == sorted(CANDIDATES)
    assert lines[0] == "theft-a"
    assert not any(line.endswith((".txt", ".json")) for line in lines)


def test_json_output_shape(case_dir, capsys) -> None:
    query, candidates = case_dir
    assert (
        main(["--query", str(query), "--candidates", str(candidates), "--json", "--top", "2"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 2
    for row in data:
        assert set(row) == {"id", "score", "reasons"}
        assert isinstance(row["id"], str) and isinstance(row["score"], float)
        assert isinstance(row["reasons"], list) and all(isinstance(r, str) for r in row["reasons"])
    assert data[0]["score"] >= data[1]["score"]
    assert "同罪名：盗窃罪" in data[0]["reasons"]


def test_json_candidate_without_text_field_is_an_error(case_dir, capsys) -> None:
    query, candidates = case_dir
    (candidates / "broken.json").write_text('{"title": "no text"}', encoding="utf-8")
    assert main(["--query", str(query), "--candidates", str(candidates)]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_missing_paths_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["--query", str(tmp_path / "nope.txt"), "--candidates", str(tmp_path)]) == 2
    (tmp_path / "q.txt").write_text("x", encoding="utf-8")
    assert main(["--query", str(tmp_path / "q.txt"), "--candidates", str(tmp_path / "no")]) == 2


def test_module_entry_point(case_dir) -> None:
    query, candidates = case_dir
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "fengqiao.mining.similar.cli",
            "--query",
            str(query),
            "--candidates",
            str(candidates),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert out.splitlines()[0] == "theft-a"
