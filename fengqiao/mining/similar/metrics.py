"""Graded-relevance ranking metrics (linear gain, log2 discount) as used for LeCaRD."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float], k: int) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg_at_k(ranking: Sequence[str], labels: Mapping[str, int], k: int) -> float:
    """NDCG@k of ``ranking``; unlisted ids have gain 0; ideal from all labels."""
    ideal = dcg(sorted(labels.values(), reverse=True), k)
    if ideal <= 0:
        return 0.0
    return dcg([labels.get(doc_id, 0) for doc_id in ranking], k) / ideal


def precision_at_k(
    ranking: Sequence[str], labels: Mapping[str, int], k: int, min_label: int
) -> float:
    return sum(1 for doc_id in ranking[:k] if labels.get(doc_id, 0) >= min_label) / k
