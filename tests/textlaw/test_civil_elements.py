"""Civil key elements: claim kinds, the learned disputed-point (争议焦点) model, together."""

from __future__ import annotations

import json

import pytest

from fengqiao.textlaw.civil_elements import (
    CivilElements,
    FocusExample,
    FocusModel,
    claims_passage,
    default_focus_model,
    extract_civil,
    extract_claims,
    party_names,
    pick,
    precision_recall,
)

LOAN = (
    "原告张某诉称：2016年3月被告李某向原告借款10万元，约定月利率2%，到期未还。"
    "原告诉讼请求：1、判令被告偿还借款本金10万元及利息；2、判令被告王某承担连带清偿责任；"
    "3、本案诉讼费由被告承担。事实与理由：……被告李某辩称，该款已通过现金归还。"
)
DIVORCE = (
    "原告刘某向本院提出诉讼请求：1、判决原告与被告离婚；2、婚生子由原告抚养，被告每月支付抚养费"
    "1000元；3、依法分割夫妻共同财产。事实和理由：双方感情确已破裂。"
)
CONTRACT = (
    "原告某公司请求判令：1、解除双方签订的《房屋租赁合同》；2、被告支付拖欠租金5万元及违约金；"
    "3、被告赔偿损失2万元；4、确认补充协议无效。被告辩称，原告未按约交付房屋。"
)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (LOAN, {"返还借款", "支付利息", "连带责任"}, {"离婚", "解除合同"}),
        (DIVORCE, {"离婚", "抚养", "分割财产"}, {"返还借款", "违约金"}),
        (CONTRACT, {"解除合同", "支付价款", "违约金", "赔偿损失", "确认无效"}, {"离婚"}),
    ],
)
def test_claim_kinds(text, expected, absent):
    found = extract_claims(text)
    assert expected <= found, found
    assert not (absent & found)


def test_claims_are_read_from_the_claims_passage():
    passage = claims_passage(LOAN)
    assert passage.startswith("诉讼请求") and "现金归还" not in passage
    # the defence's words (现金归还) are not taken for a claim to return money: no passage
    # marker → the whole text is read
    assert extract_claims("被告辩称已经解除合同。") == frozenset({"解除合同"})
    assert extract_claims("") == frozenset() and extract_claims(None) == frozenset()  # type: ignore[arg-type]


def _toy_examples() -> list[FocusExample]:
    cash = "原告主张以现金方式交付借款，被告否认收到现金，现金交付的事实无证据证明"
    rate = "双方约定的利率过高，超过年利率百分之二十四的部分不予支持，利息按法定上限计算"
    guar = "保证人主张保证期间已经届满，不应承担保证责任，担保责任已经免除"
    return [
        FocusExample(f"{cash}。其一", ("cash",), ("现金交付",)),
        FocusExample(f"{cash}，借条为证", ("cash",), ("未收到现金",)),
        FocusExample(f"{rate}。其一", ("rate",), ("利率过高",)),
        FocusExample(f"{rate}，原告自愿降低", ("rate",), ("年利率",)),
        FocusExample(f"{guar}。其一", ("guar",), ("保证期间",)),
        FocusExample(f"{guar}，原告未在期间内主张", ("guar",), ("保证责任",)),
    ]


def test_focus_model_learns_each_label_vocabulary():
    model = FocusModel.fit(_toy_examples(), top_terms=10, threshold=0.1)
    assert model.predict("被告称借款并未以现金交付，原告无证据证明现金交付") == ["cash"]
    assert model.predict("本案利率超过年利率百分之二十四，超过部分利息不予支持") == ["rate"]
    assert model.predict("保证期间届满，保证人不承担保证责任") == ["guar"]
    assert model.predict("今天天气很好") == []
    # the vocabulary and the shipped form survive a round trip
    again = FocusModel.from_json(model.to_json(trained_on="toy"))
    assert again.predict("保证期间届满，保证人不承担保证责任") == ["guar"]
    assert again.centroids.keys() == model.centroids.keys()


def test_focus_vocabulary_leaves_out_names_and_single_judgment_words():
    examples = [
        FocusExample(
            "原告王建国，男，1970年出生。原告王建国诉称被告以现金交付借款，现金交付有争议",
            ("cash",),
        ),
        FocusExample("原告王建国，男，汉族。王建国诉称现金交付，被告否认现金交付", ("cash",)),
        FocusExample("唯一出现的词汇鸿篇巨制，利率过高", ("rate",)),
        FocusExample("利率过高，超过法定上限", ("rate",)),
    ]
    assert "王建国" in party_names(examples[0].text)
    model = FocusModel.fit(examples, top_terms=50)
    vocab = {t for c in model.centroids.values() for t in c}
    assert "现金" in vocab or "交付" in vocab
    assert not any("王建国" in t or t in "王建国" for t in vocab)
    assert "鸿篇巨制" not in vocab  # in one judgment only


def test_pick_and_precision_recall():
    assert pick({"a": 0.5, "b": 0.46, "c": 0.2}, 0.3) == ["a", "b"]
    assert pick({"a": 0.5, "b": 0.3}, 0.3) == ["a"]  # b is far below the best
    assert pick({"a": 0.2}, 0.3) == []
    p, r, right, n_pred, n_gold = precision_recall([["a", "b"], []], [["a"], ["c"]])
    assert (right, n_pred, n_gold) == (1, 2, 2) and p == r == 0.5


def test_civil_elements_similarity():
    a = CivilElements(claims=frozenset({"返还借款", "支付利息"}), focus={"x": 0.6, "y": 0.1})
    b = CivilElements(claims=frozenset({"返还借款"}), focus={"x": 0.5})
    c = CivilElements(claims=frozenset({"离婚"}), focus={"y": 0.4})
    assert a.claims_overlap(b) == 0.5 and a.claims_overlap(c) == 0.0
    assert a.focus_similarity(b) > a.focus_similarity(c) > 0
    assert CivilElements().focus_similarity(a) == 0.0


def test_shipped_model_has_no_party_names(shared_data):
    model = default_focus_model()
    assert model is not None and model.centroids and 0 < model.threshold < 1
    path = shared_data / "cail2021_lblj_focus" / "SMP-CAIL2021-focus_recognition-train.json"
    items = json.loads(path.read_text("utf-8"))["dataset"]
    names = set()
    for item in items:
        names |= party_names(
            "\n".join(item.get(k, "") for k in ("诉称段", "辩称段", "裁判分析过程段"))
        )
    vocab = set(model.idf)
    assert not {t for t in vocab for n in names if t in n or n in t}


def test_real_civil_judgments(shared_data):
    """On the real CAIL2021 judgments (all 民间借贷): claim kinds found in nearly every claims
    section; the shipped focus model predicts a focus for most (it was fitted on them: the
    out-of-sample figures are benchmarks/train_civil_focus.py's k-fold)."""
    path = shared_data / "cail2021_lblj_focus" / "SMP-CAIL2021-focus_recognition-train.json"
    items = json.loads(path.read_text("utf-8"))["dataset"]
    claims = [extract_claims(item["诉称段"]) for item in items if item.get("诉称段")]
    assert sum("返还借款" in c for c in claims) / len(claims) >= 0.9
    texts = ["\n".join(item.get(k, "") for k in ("诉称段", "辩称段")) for item in items]
    elements = [extract_civil(t) for t in texts]
    assert sum(bool(e.focus) for e in elements) / len(elements) >= 0.9
    assert sum(e.cause is not None for e in elements) >= 1


@pytest.mark.parametrize("text", ["", "   ", None, 42, "。。。", "原告"])
def test_never_raises(text):
    out = extract_civil(text)  # type: ignore[arg-type]
    assert isinstance(out, CivilElements)


def test_random_text_never_raises():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = (
        "原告被告诉讼请求判令偿还借款利息违约金解除合同离婚抚养确认无效，。；：、（）0123456789元"
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(st.text(alphabet=alphabet, max_size=300), st.text(max_size=200)))
    def check(text: str) -> None:
        out = extract_civil(text)
        assert isinstance(out.claims, frozenset)
        assert all(0 < v <= 1.0 + 1e-9 for v in out.focus.values())

    check()
