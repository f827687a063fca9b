"""Civil queries: claims and disputed points re-score the model's order; criminal ones do not."""

from __future__ import annotations

import json

import pytest

from fengqiao.mining.similar import CandidateDoc, SimilarEngine, ltr
from fengqiao.mining.similar.fusion import FusionSettings, gather, is_civil_query
from tests.mining.test_similar_support import CANDIDATES, THEFT_QUERY

LOAN_QUERY = (
    "原告张某诉称：2016年3月被告李某向原告借款10万元，以现金方式交付，被告出具借条一张，"
    "到期未还。原告诉讼请求：判令被告偿还借款本金10万元及利息。被告李某辩称，原告并未交付现金，"
    "借条系被迫出具，借款未实际交付。"
)
CIVIL_DOCS = {
    "cash": (
        "原告王某诉称，2015年被告赵某向原告借款5万元，原告以现金交付，被告出具借条。请求判令被告"
        "偿还借款5万元及利息。被告辩称未收到现金，借款未实际交付。经审理查明，原告未能证明现金交付。"
    ),
    "rate": (
        "原告孙某诉称，2015年被告周某向原告借款5万元，约定月利率3%，原告通过银行转账交付。请求判令"
        "被告偿还借款5万元及利息。被告辩称约定利率过高，超过年利率24%的部分不应支持。"
    ),
    "divorce": (
        "原告刘某诉称，双方感情破裂，请求判决原告与被告离婚，婚生子由原告抚养。被告辩称感情尚未破裂。"
    ),
}


def _engine_scores(engine: SimilarEngine, query_text: str, docs: dict[str, str]):
    query = engine.profile(query_text)
    feats = engine.features(query, [(i, engine.profile(t)) for i, t in docs.items()])
    return query, feats


def test_civil_profiles_carry_claims_and_focus():
    engine = SimilarEngine()
    query = engine.profile(LOAN_QUERY)
    assert query.civil is not None
    assert {"返还借款", "支付利息"} <= query.civil.claims
    assert query.civil.focus  # disputed-point scores from the shipped model
    # criminal texts get none (criminal path unchanged)
    assert engine.profile(THEFT_QUERY).civil is None
    assert all(engine.profile(t).civil is None for t in CANDIDATES.values())


def test_civil_model_is_used_for_civil_queries_only():
    engine = SimilarEngine()
    query, feats = _engine_scores(engine, LOAN_QUERY, CIVIL_DOCS)
    ev = gather(query, feats, engine.settings)
    assert is_civil_query(query, feats, ev)
    hits = engine.rank(LOAN_QUERY, [CandidateDoc(i, t) for i, t in CIVIL_DOCS.items()])
    assert hits[-1].id == "divorce"
    assert hits[0].id in ("cash", "rate")
    top = {h.id: h for h in hits}
    assert any(r.startswith("同诉讼请求：") and "返还借款" in r for r in top["cash"].reasons)
    # the civil score is the civil model over the model score and the two civil features
    model, civil = ltr.default_model(), ltr.default_civil_model()
    rows = ltr.feature_rows(query, feats, ev)
    expected = {
        f.id: civil.score(model.score(row), query.civil, f.civil)
        for f, row in zip(feats, rows, strict=True)
    }
    assert {h.id: round(h.score, 9) for h in hits} == {k: round(v, 9) for k, v in expected.items()}

    theft, theft_feats = _engine_scores(engine, THEFT_QUERY, CANDIDATES)
    theft_ev = gather(theft, theft_feats, engine.settings)
    assert not is_civil_query(theft, theft_feats, theft_ev)
    theft_hits = engine.rank(THEFT_QUERY, [CandidateDoc(i, t) for i, t in CANDIDATES.items()])
    theft_rows = ltr.feature_rows(theft, theft_feats, theft_ev)
    plain = {f.id: model.score(r) for f, r in zip(theft_feats, theft_rows, strict=True)}
    for hit in theft_hits:
        assert hit.score == pytest.approx(plain[hit.id], abs=0.051)  # + party bonus at most


def test_combsum_setting_ignores_civil_elements():
    hits = SimilarEngine(FusionSettings(use_model=False)).rank(
        LOAN_QUERY, [CandidateDoc(i, t) for i, t in CIVIL_DOCS.items()]
    )
    assert {h.id for h in hits} == set(CIVIL_DOCS)


def test_shipped_civil_model():
    civil = ltr.default_civil_model()
    assert len(civil.coef) == len(civil.scale) == len(ltr.CIVIL_FEATURES)
    assert civil.coef[1] > 0 and civil.coef[2] > 0  # like disputes and claims pull together
    data = {"features": ["model"], "scale": [1], "coef": [1]}
    with pytest.raises(ValueError):
        ltr.CivilModel.from_json(json.dumps(data))
