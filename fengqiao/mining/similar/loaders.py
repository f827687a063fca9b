"""Read case files: plain text (UTF-8 or GB18030) or JSON with a full-text field."""

from __future__ import annotations

import json
from pathlib import Path

from fengqiao.mining.similar.engine import CandidateDoc

FULL_TEXT_FIELDS = ("qw", "fullText", "full_text", "content", "text", "body")
QUERY_FIELDS = ("q", "facts", "query", *FULL_TEXT_FIELDS)
CANDIDATE_SUFFIXES = (".txt", ".json")


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _json_text(path: Path, fields: tuple[str, ...]) -> str:
    data = json.loads(read_text(path))
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        for name in fields:
            value = data.get(name)
            if isinstance(value, str) and value.strip():
                return value
    raise ValueError(f"{path}: no full-text field (one of {', '.join(fields)})")


def read_case(path: Path, *, fields: tuple[str, ...] = FULL_TEXT_FIELDS) -> str:
    """Text of a case file; JSON files must carry one of ``fields``."""
    if path.suffix.lower() == ".json":
        return _json_text(path, fields)
    return read_text(path)


def read_query(path: Path) -> str:
    return read_case(path, fields=QUERY_FIELDS)


def load_candidates(directory: Path) -> list[CandidateDoc]:
    """Candidate judgments in ``directory`` (.txt / .json), id = file name without extension."""
    files = sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in CANDIDATE_SUFFIXES
    )
    return [CandidateDoc(id=p.stem, text=read_case(p)) for p in files]
