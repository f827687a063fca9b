from __future__ import annotations

import statistics

import pytest

from fengqiao.mining.similar import CandidateDoc, Hit, SimilarEngine, build_profile
from fengqiao.mining.similar.charges import default_charges
from fengqiao.mining.similar.metrics import ndcg_at_k
from tests.mining.test_similar_support import CANDIDATES, THEFT_QUERY, lecard


@pytest.fixture(scope="module")
def engine() -> SimilarEngine:
    return SimilarEngine()


def _docs() -> list[CandidateDoc]:
    return [CandidateDoc(cid, text) for cid, text in CANDIDATES.items()]


def test_charge_dictionary_maps_selective_charge_forms() -> None:
    charges = default_charges()
    assert charges.canonical("盗窃罪") == "盗窃罪"
    assert charges.canonical("非法持有枪支罪") == "非法持有、私藏枪支、弹药罪"
    assert charges.canonical("贩卖毒品罪") == "走私、贩卖、运输、制造毒品罪"
    assert charges.canonical("共同犯罪") is None
    text = "被告人甲犯盗窃罪、抢劫罪，判处；被告人乙犯掩饰、隐瞒犯罪所得罪，判处"
    assert charges.decided(text) == ["盗窃罪", "抢劫罪", "掩饰、隐瞒犯罪所得、犯罪所得收益罪"]


def test_profile_uses_fact_section_and_decided_charge() -> None:
    profile = build_profile(CANDIDATES["traffic"])
    assert profile.is_judgment
    assert profile.charges == ("交通肇事罪",)
    assert profile.kind == "criminal"
    assert profile.year == 2019
    assert "撞倒" in profile.terms
    assert "审判长" not in profile.terms  # boilerplate sections are not fact terms
    facts_only = build_profile(THEFT_QUERY)
    assert not facts_only.is_judgment
    assert "盗窃罪" in facts_only.mentioned


def test_same_charge_candidate_beats_unrelated(engine: SimilarEngine) -> None:
    hits = engine.rank(THEFT_QUERY, _docs())
    assert all(isinstance(h, Hit) for h in hits)
    assert [h.id for h in hits][:2] == ["theft-a", "theft-b"]
    assert hits[0].score > hits[-1].score
    assert {h.id for h in hits} == set(CANDIDATES)


def test_reasons_name_shared_charge_terms_and_domain(engine: SimilarEngine) -> None:
    best = engine.rank(THEFT_QUERY, _docs())[0]
    joined = " ".join(best.reasons)
    assert "同罪名：盗窃罪" in best.reasons
    assert "入户" in joined or "撬开" in joined
    assert {"同领域：刑事", "同类型：刑事案件"} & set(best.reasons)


def test_full_judgment_query_and_party_reason(engine: SimilarEngine) -> None:
    query = CANDIDATES["theft-a"].replace("2018年9月2日", "2018年10月2日")
    hits = engine.rank(query, _docs())
    assert hits[0].id == "theft-a"
    assert "同当事人：孙强" in hits[0].reasons  # the prosecutor is not a "party" here
    assert "同法院：杭州市西湖区人民法院" in hits[0].reasons


def test_empty_and_degenerate_inputs(engine: SimilarEngine) -> None:
    assert engine.rank(THEFT_QUERY, []) == []
    hits = engine.rank("", _docs())
    assert len(hits) == len(CANDIDATES)
    assert all(h.score == 0 for h in hits)


def test_ranking_is_deterministic(engine: SimilarEngine) -> None:
    first = engine.rank(THEFT_QUERY, _docs())
    second = engine.rank(THEFT_QUERY, list(reversed(_docs())))
    assert first == second


@pytest.mark.realdata
def test_lecard_label3_above_label0_for_every_query(engine: SimilarEngine) -> None:
    queries, texts, labels = lecard()
    for ridx, query in queries.items():
        docs = [CandidateDoc(cid, text) for cid, text in sorted(texts[ridx].items())]
        position = {h.id: i for i, h in enumerate(engine.rank(query["q"], docs))}
        best = [position[c] for c in position if labels[ridx].get(c, 0) == 3]
        unrelated = [position[c] for c in position if labels[ridx].get(c, 0) == 0]
        assert statistics.mean(best) < statistics.mean(unrelated), ridx


@pytest.mark.realdata
def test_lecard_same_charge_hit_carries_charge_reason(engine: SimilarEngine) -> None:
    queries, texts, labels = lecard()
    query, docs = queries["221"], texts["221"]  # 盗窃 (入户)
    hits = engine.rank(query["q"], [CandidateDoc(c, t) for c, t in sorted(docs.items())])
    assert any("盗窃罪" in reason for reason in hits[0].reasons)
    assert ndcg_at_k([h.id for h in hits], labels["221"], 30) > 0.85


def test_fallback_parser_splits_sections() -> None:
    from fengqiao.mining.similar._fallback import parse_judgment

    parsed = parse_judgment(CANDIDATES["theft-b"])
    assert parsed.court_name == "宁波市鄞州区人民法院"
    assert parsed.case_no == "（2019）浙0212刑初55号"
    assert parsed.kind == "criminal" and parsed.year == 2019
    assert parsed.sections["facts"].startswith("经审理查明")
    assert parsed.sections["reasoning"].startswith("本院认为")
    assert "犯盗窃罪" in parsed.sections["judgment"]
    assert [p.name for p in parsed.parties if p.role == "被告人"] == ["李明"]


def test_ndcg_and_precision() -> None:
    from fengqiao.mining.similar.metrics import precision_at_k

    labels = {"a": 3, "b": 2, "c": 0}
    assert ndcg_at_k(["a", "b", "c"], labels, 3) == pytest.approx(1.0)
    assert ndcg_at_k(["c", "b", "a"], labels, 3) < 1.0
    assert ndcg_at_k(["x"], {}, 10) == 0.0
    assert precision_at_k(["a", "b", "x", "y", "z"], labels, 5, min_label=3) == pytest.approx(0.2)


def test_works_with_private_fallback_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from fengqiao.mining.similar import _fallback, _textlaw

    monkeypatch.setattr(_textlaw, "_real_parse", None)
    monkeypatch.setattr(_textlaw, "tokenize", _fallback.tokenize)
    hits = SimilarEngine().rank(THEFT_QUERY, _docs())
    assert [h.id for h in hits][:2] == ["theft-a", "theft-b"]
    assert "同罪名：盗窃罪" in hits[0].reasons
