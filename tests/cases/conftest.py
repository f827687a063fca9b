from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Each test gets its own search index directory."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


@pytest.fixture
def lecard_dir(shared_data, tmp_path) -> Path:
    """The real LeCaRD candidate judgments of two queries, as JSON files in a folder."""
    archive = shared_data / "lecard" / "candidates" / "candidates_dev10.tar.xz"
    if not archive.exists():
        pytest.skip(f"缺少 {archive}")
    out = tmp_path / "lecard"
    out.mkdir()
    queries: list[str] = []
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".json"):
                continue
            query = member.name.split("/")[1]
            if query not in queries:
                if len(queries) == 2:
                    continue
                queries.append(query)
            data = json.load(tar.extractfile(member))
            (out / f"{query}_{Path(member.name).stem}.json").write_text(
                json.dumps(data, ensure_ascii=False), encoding="utf-8"
            )
    return out


@pytest.fixture
def generated_dir(tmp_path) -> Path:
    from fengqiao.demo.generator import generate_judgments

    out = tmp_path / "generated"
    out.mkdir()
    with open(out / "cases.jsonl", "w", encoding="utf-8") as handle:
        for text in generate_judgments(120, seed=7):
            handle.write(json.dumps({"fullText": text}, ensure_ascii=False) + "\n")
    return out
