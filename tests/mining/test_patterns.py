"""Problem patterns: clustering fact sections, naming clusters, representatives; CJRC check."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from fengqiao.demo.planted import PATTERNS, make_planted
from fengqiao.mining.patterns import (
    Pattern,
    adjusted_rand,
    fact_terms,
    fact_tokens,
    find_patterns,
    purity,
)


@pytest.fixture(scope="module")
def property_cases() -> tuple[dict[int, str], dict[int, str]]:
    corpus = make_planted(12000, seed=2)
    docs = {r["case_id"]: r["facts"] for r in corpus.rows if r["cause"] == "物业服务合同纠纷"}
    return docs, {i: corpus.pattern_of[i] for i in docs}


def test_fact_tokens_drop_boilerplate_numbers_and_masks():
    toks = fact_tokens(
        "原告曹0与被告张x1于2019年签订合同，被告以电梯维修不及时为由拒交物业费3000元。"
    )
    assert "电梯" in toks and "维修" in toks
    assert not {"原告", "被告", "曹0", "张x1", "2019", "3000", "。", "年"} & set(toks)
    assert fact_terms(["电梯", "维修"]) == ["电梯", "维修", "电梯维修"]


def test_planted_property_patterns_are_recovered_and_named(property_cases):
    docs, truth = property_cases
    pats = find_patterns(docs)
    assert all(isinstance(p, Pattern) for p in pats)
    assert sum(p.size for p in pats) == len(docs)
    assert sorted(i for p in pats for i in p.case_ids) == sorted(docs)
    t = [truth[i] for p in pats for i in p.case_ids]
    pr = [j for j, p in enumerate(pats) for _ in p.case_ids]
    assert purity(t, pr) >= 0.9
    assert adjusted_rand(t, pr) >= 0.7
    assert len(pats) == len(PATTERNS["物业服务合同纠纷"])
    names = " ".join(" ".join(p.key_terms) for p in pats)
    for word in ("电梯", "收益", "停车", "保洁"):
        assert word in names
    for p in pats:
        assert p.label == "、".join(p.key_terms[:3])
        assert 1 <= len(p.representatives) <= 3 and set(p.representatives) <= set(p.case_ids)
        majority = Counter(truth[i] for i in p.case_ids).most_common(1)[0][0]
        assert all(truth[i] == majority for i in p.representatives)
        assert 0 < p.cohesion <= 1 and p.share == pytest.approx(p.size / len(docs), abs=1e-6)
    assert [p.size for p in pats] == sorted((p.size for p in pats), reverse=True)


def test_input_order_and_token_input_do_not_change_the_result(property_cases):
    docs, _ = property_cases
    sample = dict(list(docs.items())[:600])
    ref = [p.to_dict() for p in find_patterns(sample)]
    items = list(sample.items())
    random.Random(1).shuffle(items)
    assert [p.to_dict() for p in find_patterns(items)] == ref
    toks = {i: fact_tokens(t) for i, t in sample.items()}
    assert [p.to_dict() for p in find_patterns(tokens=toks)] == ref


def test_fixed_k_small_groups_and_leftovers(property_cases):
    docs, _ = property_cases
    sample = dict(list(docs.items())[:300])
    assert len(find_patterns(sample, k=2, min_size=1)) == 2
    assert find_patterns({1: "原告诉称", 2: "被告辩称"}) == []
    assert find_patterns(None) == []
    pats = find_patterns(sample, k=8, min_size=60)
    assert pats[-1].label == "其他" or all(p.size >= 60 for p in pats)


def test_large_groups_fit_on_a_sample_and_assign_everyone(property_cases):
    docs, truth = property_cases
    pats = find_patterns(docs, max_fit=400)
    assert sum(p.size for p in pats) == len(docs)
    t = [truth[i] for p in pats for i in p.case_ids]
    pr = [j for j, p in enumerate(pats) for _ in p.case_ids]
    assert purity(t, pr) >= 0.85


def test_purity_and_ari_helpers():
    assert purity(["a", "a", "b"], [1, 1, 2]) == 1.0
    assert purity(["a", "b", "a", "b"], [1, 1, 1, 1]) == 0.5
    assert purity([], []) == 0.0
    assert adjusted_rand(["a", "a", "b", "b"], [0, 0, 1, 1]) == 1.0


@pytest.mark.realdata
def test_cjrc_civil_facts_group_by_cause(shared_data):
    path = shared_data / "cail2019_cjrc" / "dev_ground_truth.json"
    if not path.exists():
        pytest.skip("需要 cail2019_cjrc/dev_ground_truth.json")
    data = json.loads(path.read_text("utf-8"))["data"]
    civil = [
        (int(x["caseid"]), x["paragraphs"][0]["context"], x["paragraphs"][0]["casename"])
        for x in data
        if x.get("domain") == "civil"
    ]
    counts = Counter(c for _, _, c in civil)
    sub = [x for x in civil if counts[x[2]] >= 10]  # 8 案由, 125 fact sections
    truth = {i: c for i, _, c in sub}
    pats = find_patterns({i: t for i, t, _ in sub}, k_range=(2, 15), min_size=1)
    t = [truth[i] for p in pats for i in p.case_ids]
    pr = [j for j, p in enumerate(pats) for _ in p.case_ids]
    # chance level: purity ≈ 0.16 (largest 案由 share), ARI ≈ 0
    assert purity(t, pr) >= 0.6
    assert adjusted_rand(t, pr) >= 0.4
    custody = [
        p
        for p in pats
        if Counter(truth[i] for i in p.case_ids).most_common(1)[0][0] == "变更抚养关系纠纷"
    ]
    assert custody and any(w in " ".join(custody[0].key_terms) for w in ("抚养", "离婚", "孩子"))
