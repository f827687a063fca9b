from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from fengqiao.mining.similar import CandidateDoc, SimilarEngine, SimilarIndex, ltr, training
from fengqiao.mining.similar.fusion import FusionSettings
from fengqiao.mining.similar.index import make_record
from fengqiao.textlaw.criminal_elements import CriminalElements, extract_elements
from tests.mining.test_similar_support import CANDIDATES, THEFT_QUERY, lecard


def _docs() -> list[CandidateDoc]:
    return [CandidateDoc(cid, text) for cid, text in CANDIDATES.items()]


def test_shipped_model_loads_with_the_feature_list() -> None:
    model = ltr.default_model()
    assert model.features == ltr.FEATURES
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(ltr.FEATURES)
    weights = dict(zip(model.features, model.coef, strict=True))
    assert weights["lexical"] > 0 and weights["label"] > 0
    assert weights["kind_mismatch"] < 0  # a case of another kind is pushed down


def test_model_file_rejects_other_features() -> None:
    text = ltr.default_model().to_json()
    data = json.loads(text)
    data["features"] = ["lexical"]
    with pytest.raises(ValueError):
        ltr.RankModel.from_json(json.dumps(data))
    assert ltr.RankModel.from_json(text) == ltr.default_model()


def test_model_ranks_deterministically_and_by_charge() -> None:
    engine = SimilarEngine()
    first = engine.rank(THEFT_QUERY, _docs())
    second = SimilarEngine().rank(THEFT_QUERY, list(reversed(_docs())))
    assert [h.id for h in first] == [h.id for h in second]
    assert [h.score for h in first] == [h.score for h in second]
    assert [h.id for h in first][:2] == ["theft-a", "theft-b"]
    assert "同罪名：盗窃罪" in first[0].reasons
    combsum = SimilarEngine(FusionSettings(use_model=False)).rank(THEFT_QUERY, _docs())
    assert {h.id for h in combsum} == {h.id for h in first}


def test_ties_are_broken_by_id() -> None:
    same = next(iter(CANDIDATES.values()))
    hits = SimilarEngine().rank(THEFT_QUERY, [CandidateDoc("b", same), CandidateDoc("a", same)])
    assert [h.id for h in hits] == ["a", "b"]


def test_feature_rows_reflect_elements() -> None:
    engine = SimilarEngine()
    query = engine.profile(THEFT_QUERY)
    assert query.elements.amount == 8000
    profiles = [(cid, engine.profile(text)) for cid, text in CANDIDATES.items()]
    feats = engine.features(query, profiles)
    from fengqiao.mining.similar import fusion

    rows = fusion.feature_rows(query, feats)
    by_id = {
        f.id: dict(zip(ltr.FEATURES, row, strict=True)) for f, row in zip(feats, rows, strict=True)
    }
    assert all(0.0 <= v <= 1.0 for row in by_id.values() for v in row.values())
    # 9,500 元 is in the query's amount band (8,000 元), 20,000 元 is one band away
    assert by_id["theft-a"]["objects"] > by_id["gambling"]["objects"]
    assert by_id["theft-a"]["label"] == 1.0 and by_id["traffic"]["label"] < 1.0
    assert by_id["theft-a"]["sentence"] > 0.0  # the neighbours' sentences are all one year


def test_object_agreement_on_drugs_and_injury() -> None:
    query = extract_elements("被告人贩卖甲基苯丙胺25克给吸毒人员。")
    close = extract_elements("被告人贩卖甲基苯丙胺30克。")
    far = extract_elements("被告人贩卖海洛因3000克。")
    assert ltr.object_agreement(query, close) > ltr.object_agreement(query, far)
    assert ltr.object_agreement(CriminalElements(), close) == 0.0
    hurt = extract_elements("被告人持刀捅刺被害人，致其重伤二级。")
    assert ltr.object_agreement(hurt, hurt) == 1.0
    assert ltr.object_agreement(hurt, replace(hurt, injury=2)) == 0.5


def test_index_stores_elements_and_ranks_like_engine(tmp_path: Path) -> None:
    record = make_record(CandidateDoc("theft-a", CANDIDATES["theft-a"]))
    theft = CriminalElements.from_tokens(record.elements.split())
    assert theft.amount == 9500 and theft.sentence_months == 12
    assert record.findings  # the findings section is indexed on its own
    index = SimilarIndex(tmp_path / "idx")
    index.add_many(_docs())
    hits = index.search(THEFT_QUERY, k=4)
    engine_hits = SimilarEngine().rank(THEFT_QUERY, _docs())
    assert [h.id for h in hits] == [h.id for h in engine_hits]


def test_cross_validation_protocol_runs_on_real_data() -> None:
    queries, texts, labels = lecard()
    data = []
    for ridx in sorted(queries)[:3]:
        # the labelled candidates plus a few unlabelled ones keep the test fast
        pool = sorted(texts[ridx])
        chosen = [c for c in pool if c in labels.get(ridx, {})][:10]
        chosen += [c for c in pool if c not in labels.get(ridx, {})][:6]
        data.append(
            training.prepare_query(
                ridx,
                queries[ridx]["q"],
                {c: texts[ridx][c] for c in chosen},
                labels.get(ridx, {}),
                baseline=lambda q, c: sorted(c),
            )
        )
    folds = training.cross_validate(data, grid=(0.001, 1.0))
    assert [f["ridx"] for f in folds] == [d.ridx for d in data]
    for fold in folds:
        assert fold["C"] in (0.001, 1.0)
        for who in ("model", "engine", "baseline"):
            assert set(fold[who]) == set(training.METRICS)
            assert all(0.0 <= v <= 1.0 for v in fold[who].values())
    model = training.fit(data, 0.01)
    assert model.features == ltr.FEATURES
    assert training.rank(model, data[0]) == training.rank(model, data[0])
