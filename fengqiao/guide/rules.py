"""The rules in full text, shipped with the package, split into passages a clerk can search.

A passage is an article (第×条 …) with the paragraphs that follow it, or a paragraph of the
annexes (制作规范, 文书样式). Search is plain substring matching over the passages (the texts are a
few thousand characters: nothing to index).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
SOURCES = (
    ("fashi_2023_11.md", "法释〔2023〕11号"),
    ("fa_2012_74_excerpt.md", "法〔2012〕74号（节选）"),
)
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百]+条")


@dataclass(frozen=True)
class Passage:
    source: str  # short citation, e.g. 法释〔2023〕11号
    title: str  # the document's title
    label: str  # 第十一条 / 附件1 二、首部 / ""
    text: str


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(label, lines) per article, annex heading or annex section."""
    blocks: list[tuple[str, list[str]]] = [("", [])]
    section = ""
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("附件") and len(line) <= 6:
            section = line
            blocks.append((line, []))
        elif line.startswith("## "):
            blocks.append((f"{section} {line[3:]}".strip(), []))
        elif match := _ARTICLE.match(line):
            blocks.append((match.group(0), [line]))
        else:
            blocks[-1][1].append(line)
    return [(label, body) for label, body in blocks if body]


@lru_cache(maxsize=1)
def passages() -> tuple[Passage, ...]:
    out: list[Passage] = []
    for filename, source in SOURCES:
        lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
        title = lines[0].lstrip("# ").strip()
        out += [
            Passage(source, title, label, "\n".join(body)) for label, body in _blocks(lines[1:])
        ]
    return tuple(out)


def search(query: str) -> list[Passage]:
    """Passages containing every whitespace-separated word of ``query`` (all when empty)."""
    words = [w for w in (query or "").split() if w]
    return [p for p in passages() if all(w in p.text or w in p.label for w in words)]
