"""De-identification of Chinese judgments (法释〔2016〕19号 第八至十条) and the publication gate
(第四条), Presidio-style: recognisers return scored spans with a reason, policies choose which
spans to replace, operators produce the replacements.

    >>> from fengqiao.textlaw.anonymize import anonymize, publication_blockers
    >>> anonymize(text, policy="publish").text
"""

from __future__ import annotations

import importlib
from typing import Any

from .model import AnonymizationResult, Blocker, Person, Replacement, Span
from .patterns import id_checksum_ok, luhn_ok
from .policies import POLICIES, Policy, get_policy

# The engine and the gate load the segmenter (rjieba); they are imported on first use so that
# ``fengqiao anonymize --help`` and anything importing the policies stay light.
_LAZY = {"anonymize": ".engine", "publication_blockers": ".gate"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "POLICIES",
    "AnonymizationResult",
    "Blocker",
    "Person",
    "Policy",
    "Replacement",
    "Span",
    "anonymize",
    "get_policy",
    "id_checksum_ok",
    "luhn_ok",
    "publication_blockers",
]
