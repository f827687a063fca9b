"""Per-letter measures the analysis compares, as transparent rules (no Django imports).

An item of a letter counts as *specific* (具体) when its text (heading and body) is at least
:data:`SPECIFIC_MIN_CHARS` characters long and names at least one concrete element: a figure,
a time limit, who acts with whom, or a named instrument — the cue lists below.
"""

from __future__ import annotations

import re

SPECIFIC_MIN_CHARS = 30

SPECIFIC_CUES: dict[str, tuple[str, ...]] = {
    "时限": ("月内", "日内", "年内", "年底前", "之前", "定期", "每月", "每季度", "每年", "半年"),
    "责任主体": ("会同", "牵头", "联合", "负责", "协同"),
    "具体抓手": (
        "办法",
        "细则",
        "标准",
        "清单",
        "台账",
        "名录",
        "示范文本",
        "机制",
        "制度",
        "平台",
    ),
}
FIGURE = re.compile(r"\d|[一二三四五六七八九十百]+(?:个|项|次|家|名|类|条)")


def specific_cues(text: str) -> list[str]:
    """The concrete elements found in one suggestion item (empty: not specific)."""
    text = text or ""
    if len(text.strip()) < SPECIFIC_MIN_CHARS:
        return []
    found = [kind for kind, cues in SPECIFIC_CUES.items() if any(c in text for c in cues)]
    if FIGURE.search(text):
        found.append("数字")
    return found


def specific_share(items: list[str]) -> float | None:
    """The share of a letter's suggestion items that are specific (None: no items)."""
    if not items:
        return None
    return sum(1 for text in items if specific_cues(text)) / len(items)
