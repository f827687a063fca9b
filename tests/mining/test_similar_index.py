from __future__ import annotations

from pathlib import Path

import pytest

from fengqiao.mining.similar import CandidateDoc, SimilarEngine, SimilarIndex
from tests.mining.test_similar_support import CANDIDATES, THEFT_QUERY, lecard


@pytest.fixture
def index(tmp_path: Path) -> SimilarIndex:
    idx = SimilarIndex(tmp_path / "idx")
    assert idx.add_many(CandidateDoc(cid, text) for cid, text in CANDIDATES.items()) == len(
        CANDIDATES
    )
    return idx


def test_add_search_round_trip(index: SimilarIndex) -> None:
    assert len(index) == len(CANDIDATES)
    hits = index.search(THEFT_QUERY, k=3)
    assert len(hits) <= 3
    assert hits[0].id == "theft-a"
    assert "同罪名：盗窃罪" in hits[0].reasons
    assert index.size_on_disk() > 0


def test_index_persists_and_reopens(index: SimilarIndex, tmp_path: Path) -> None:
    reopened = SimilarIndex(tmp_path / "idx")
    assert len(reopened) == len(CANDIDATES)
    assert reopened.search(THEFT_QUERY, k=1)[0].id == "theft-a"


def test_filters_and_exclusion(index: SimilarIndex) -> None:
    hits = index.search(THEFT_QUERY, k=10, filters={"charge": "开设赌场罪"})
    assert [h.id for h in hits] in ([], ["gambling"])
    hits = index.search(
        THEFT_QUERY, k=10, filters={"court": "宁波市鄞州区人民法院", "year": (2018, 2020)}
    )
    assert [h.id for h in hits] == ["theft-b"]
    assert index.search(THEFT_QUERY, k=10, filters={"year": 2001}) == []
    hits = index.search(THEFT_QUERY, k=10, exclude_ids=["theft-a"])
    assert "theft-a" not in {h.id for h in hits}
    with pytest.raises(ValueError):
        index.search(THEFT_QUERY, filters={"colour": "red"})


def test_add_single_document(index: SimilarIndex) -> None:
    index.add(
        CandidateDoc("theft-c", CANDIDATES["theft-a"].replace("孙强", "吴亮"), domain="criminal")
    )
    index.commit()
    assert len(index) == len(CANDIDATES) + 1
    assert {h.id for h in index.search(THEFT_QUERY, k=3)[:2]} == {"theft-a", "theft-c"}


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    docs = [CandidateDoc(cid, text) for cid, text in CANDIDATES.items()]
    serial, parallel = SimilarIndex(tmp_path / "a"), SimilarIndex(tmp_path / "b")
    serial.add_many(docs)
    parallel.add_many(docs, workers=2)
    assert [h.id for h in serial.search(THEFT_QUERY)] == [
        h.id for h in parallel.search(THEFT_QUERY)
    ]


@pytest.mark.realdata
def test_index_agrees_with_engine_on_lecard_query(tmp_path: Path) -> None:
    queries, texts, _ = lecard()
    docs = [CandidateDoc(c, t) for c, t in sorted(texts["3943"].items())]
    index = SimilarIndex(tmp_path / "lecard")
    index.add_many(docs)
    from_index = [h.id for h in index.search(queries["3943"]["q"], k=10)]
    from_engine = [h.id for h in SimilarEngine().rank(queries["3943"]["q"], docs)[:10]]
    assert len(set(from_index) & set(from_engine)) >= 7
