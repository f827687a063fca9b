"""Criminal charge (罪名) dictionary: decided charges ("犯××罪") and charge mentions in facts.

Courts often convict under one form of a selective charge (选择性罪名): "非法持有枪支罪" is a
form of "非法持有、私藏枪支、弹药罪", "贩卖毒品罪" of "走私、贩卖、运输、制造毒品罪". Such
surface forms are mapped to the shortest dictionary name that contains them as a character
subsequence and shares their first two characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

_TRIGGER = re.compile(r"(?:犯|构成|涉嫌|以)")
_STOP = frozenset("，。；：,;:！？!?（）()《》\n")
_JOINERS = frozenset("、和及")
_MAX_SURFACE = 40


def _is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(ch in chars for ch in needle)


class ChargeDictionary:
    """Canonical charge names (each ending in 罪) and matching helpers."""

    def __init__(self, names: Iterable[str]) -> None:
        cleaned = (n.strip() for n in names)
        self.names: tuple[str, ...] = tuple(
            dict.fromkeys(n if n.endswith("罪") else f"{n}罪" for n in cleaned if n)
        )
        self._exact = frozenset(self.names)
        self._by_length = sorted(self.names, key=len)
        self._flat = {n: n[:-1].replace("、", "") for n in self.names}
        stems: dict[str, str] = {}
        for name in self.names:
            stem = name[:-1]
            if len(stem) >= 2:
                stems[stem] = name
        self._stems = stems
        alternation = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
        self._stem_re = re.compile(alternation)

    @lru_cache(maxsize=8192)  # noqa: B019 - instances are few and long-lived
    def canonical(self, surface: str) -> str | None:
        """Dictionary name for a surface form such as "非法持有枪支罪", or None."""
        surface = surface.strip()
        if not surface.endswith("罪"):
            surface += "罪"
        if surface in self._exact:
            return surface
        flat = surface[:-1].replace("、", "")
        if len(flat) < 2:
            return None
        head = flat[:2]
        for name in self._by_length:
            if head in self._flat[name] and _is_subsequence(flat, self._flat[name]):
                return name
        return None

    def _match_at(self, text: str, start: int) -> tuple[str, int] | None:
        ends: list[int] = []
        for j in range(start + 1, min(start + _MAX_SURFACE, len(text))):
            ch = text[j]
            if ch in _STOP:
                break
            if ch == "罪":
                ends.append(j)
        for end in ends:  # shortest exact name first
            if text[start : end + 1] in self._exact:
                return text[start : end + 1], end
        for end in reversed(ends):  # then the longest selective-charge form
            name = self.canonical(text[start : end + 1])
            if name is not None:
                return name, end
        return None

    def decided(self, text: str) -> list[str]:
        """Charges named after 犯/构成/涉嫌/以 in ``text``, canonical, in order of appearance."""
        found: dict[str, None] = {}
        for trigger in _TRIGGER.finditer(text):
            pos = trigger.end()
            while (match := self._match_at(text, pos)) is not None:
                name, end = match
                found.setdefault(name)
                if end + 1 < len(text) and text[end + 1] in _JOINERS:
                    pos = end + 2
                else:
                    break
        return list(found)

    def mentioned(self, text: str) -> list[str]:
        """Charges whose name (without 罪) occurs in free text such as a fact narrative."""
        found: dict[str, None] = dict.fromkeys(self.decided(text))
        for match in self._stem_re.finditer(text):
            found.setdefault(self._stems[match.group(0)])
        return list(found)


@cache
def default_charges() -> ChargeDictionary:
    text = (
        resources.files("fengqiao.mining.similar")
        .joinpath("data/charges.txt")
        .read_text(encoding="utf-8")
    )
    return ChargeDictionary(line for line in text.splitlines() if not line.startswith("#"))
