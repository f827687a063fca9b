"""Similar-case retrieval (类案检索).

``SimilarEngine.rank`` ranks an ad-hoc candidate list; ``SimilarIndex`` does the same over a
tantivy index on disk. Both use the corpus parser's fact section for BM25, charge/案由
agreement inferred by pseudo-relevance feedback, and return ``Hit(id, score, reasons)``.
"""

from fengqiao.mining.similar.engine import CandidateDoc, SimilarEngine
from fengqiao.mining.similar.fusion import FusionSettings, Hit
from fengqiao.mining.similar.index import SimilarIndex
from fengqiao.mining.similar.profile import CaseProfile, build_profile

__all__ = [
    "CandidateDoc",
    "CaseProfile",
    "FusionSettings",
    "Hit",
    "SimilarEngine",
    "SimilarIndex",
    "build_profile",
]
