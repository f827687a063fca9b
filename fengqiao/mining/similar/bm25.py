"""In-memory Okapi BM25 for ad-hoc candidate sets (same formula as tantivy/Lucene)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

# Robertson & Zaragoza's customary defaults, also tantivy's and Lucene's.
K1 = 1.2
B = 0.75


def idf(n_docs: int, doc_freq: int) -> float:
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class BM25:
    def __init__(self, docs: Sequence[Mapping[str, int]], k1: float = K1, b: float = B) -> None:
        self.docs = docs
        self.k1 = k1
        self.b = b
        self.lengths = [sum(d.values()) for d in docs]
        self.avgdl = (sum(self.lengths) / len(docs)) if docs else 0.0
        self.df: Counter[str] = Counter()
        for doc in docs:
            self.df.update(doc.keys())

    def idf(self, term: str) -> float:
        return idf(len(self.docs), self.df.get(term, 0))

    def term_score(self, term: str, index: int) -> float:
        tf = self.docs[index].get(term, 0)
        if not tf:
            return 0.0
        norm = self.k1 * (1.0 - self.b + self.b * self.lengths[index] / (self.avgdl or 1.0))
        return self.idf(term) * tf * (self.k1 + 1.0) / (tf + norm)

    def scores(self, query: Mapping[str, float]) -> list[float]:
        """Sum over query terms of weight x BM25 term score, for every document."""
        terms = [(t, w) for t, w in query.items() if t in self.df]
        return [sum(w * self.term_score(t, i) for t, w in terms) for i in range(len(self.docs))]
