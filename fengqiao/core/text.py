"""Text as it enters the system: no control characters, one kind of line break.

A title with ``\\u001b`` or a paragraph with ``\\u000b`` used to be stored as typed, and then the
letter (.docx is XML, which forbids most C0 controls), the Excel register and signing failed for
the whole court. So every input boundary — all forms (``fengqiao.core.forms``), the request
data itself (``fengqiao.core.middleware``) and every API input schema (``fengqiao.core.schemas``)
— cleans text with these two functions:

* :func:`clean_text` for multi-line text keeps ``\\n`` and ``\\t``, turns ``\\r\\n``, ``\\r``,
  ``\\u2028`` and ``\\u2029`` into ``\\n``, and removes every other C0/C1 control character
  (``\\u0000``, ``\\u000b``, ``\\u000c``, ``\\u001b``, DEL …), lone surrogates and the
  non-characters ``\\ufffe``/``\\uffff``;
* :func:`clean_line` for single-line fields does the same and also turns line breaks and tabs
  into a space.

Stripping (not refusing) is deliberate: these characters arrive by pasting from other programs,
are invisible, and the person cannot see what to remove.
"""

from __future__ import annotations

import re
from typing import Any

# C0 except \t (09) and \n (0a); \r is handled as a line break; DEL and C1; lone surrogates;
# the two non-characters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("\r\n|\r|\u2028|\u2029")
_LINE_BREAKS = re.compile("[\n\t]")


def clean_text(value: str) -> str:
    """Multi-line text without control characters (``\\n`` and ``\\t`` kept)."""
    if not value:
        return value
    return _CONTROL.sub("", _BREAKS.sub("\n", value))


def clean_line(value: str) -> str:
    """Single-line text: as :func:`clean_text`, and line breaks and tabs become a space."""
    if not value:
        return value
    return _LINE_BREAKS.sub(" ", clean_text(value))


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))


def clean_data(value: Any) -> Any:
    """``clean_text`` applied to every string inside JSON-like data (dicts, lists)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_data(v) for v in value)
    return value
