"""Similar-case retrieval (类案检索).

``SimilarEngine.rank`` ranks an ad-hoc candidate list; ``SimilarIndex`` does the same over a
tantivy index on disk. Both use the corpus parser's fact section for BM25, charge/案由
agreement inferred by pseudo-relevance feedback, key criminal elements (circumstances, objects,
articles, sentence; fengqiao.textlaw.criminal_elements) combined by a small learned model
(``ltr``), and return ``Hit(id, score, reasons)``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (they pull in rjieba and tantivy), so that importing a submodule such as
# the similar-rank CLI stays light.
_LAZY = {
    "CandidateDoc": "engine",
    "SimilarEngine": "engine",
    "FusionSettings": "fusion",
    "Hit": "fusion",
    "SimilarIndex": "index",
    "CaseProfile": "profile",
    "build_profile": "profile",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CandidateDoc",
    "CaseProfile",
    "FusionSettings",
    "Hit",
    "SimilarEngine",
    "SimilarIndex",
    "build_profile",
]
