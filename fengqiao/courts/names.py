"""Normalising organisation names for matching (full/half width, brackets, spaces)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})


def normalize_org_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")
    text = text.translate(_BRACKETS)
    return _SPACES.sub("", text).strip()
