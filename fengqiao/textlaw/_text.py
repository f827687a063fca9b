"""Small character-level helpers shared by the textlaw parsers (no dependencies)."""

from __future__ import annotations

import re

# Full-width digits, '．' and 'Ｏ' (used as a zero in dates) → half-width.
# Same length, so offsets are preserved. Latin letters are left alone (no parser needs them).
_HALF = {ord("０") + i: ord("0") + i for i in range(10)}
_HALF[ord("．")] = ord(".")
_HALF[ord("Ｏ")] = ord("O")
HALFWIDTH_TABLE: dict[int, int] = _HALF
_FW_CHARS = tuple(chr(c) for c in _HALF)

# Bracket variants used around the year of a 案号 → full-width round brackets.
_BRACKETS = {c: "（" for c in "(（〔[［【﹝〖❲⦅"}
_BRACKETS.update({c: "）" for c in ")）〕]］】﹞〗❳⦆"})
BRACKET_TABLE: dict[int, str] = {ord(k): v for k, v in _BRACKETS.items()}

WS_RE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")

CJK = "\u4e00-\u9fff"


_FW_RE = re.compile(r"[０-９．Ｏ]+")


def _fw_sub(m: re.Match[str]) -> str:
    return m.group(0).translate(HALFWIDTH_TABLE)


def to_halfwidth(text: str) -> str:
    """Full-width digits, '．' and 'Ｏ' to half-width (length-preserving).

    Much faster than ``str.translate`` on long texts with few full-width characters.
    """
    for c in _FW_CHARS:
        if c in text:
            break
    else:
        return text
    return _FW_RE.sub(_fw_sub, text)


def strip_spaces(text: str) -> str:
    """Remove every kind of whitespace, including ideographic and zero-width spaces."""
    return WS_RE.sub("", text)
