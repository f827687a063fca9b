from __future__ import annotations

import rjieba

from fengqiao.textlaw import segment
from fengqiao.textlaw.segment import (
    add_words,
    legal_words,
    segmenter,
    tokenize,
    tokenize_for_search,
)


def test_legal_terms_stay_whole() -> None:
    toks = tokenize(
        "原告与被告机动车交通事故责任纠纷一案，被告人犯危险驾驶罪，委托诉讼代理人到庭。"
    )
    for w in ("原告", "机动车交通事故责任纠纷", "一案", "被告人", "危险驾驶罪", "委托诉讼代理人"):
        assert w in toks
    assert " " not in toks


def test_search_mode_adds_subwords_and_folds_width() -> None:
    toks = tokenize_for_search("机动车交通事故责任纠纷ＡＢＣ１２３，")
    assert "机动车交通事故责任纠纷" in toks and "交通" in toks
    assert "abc123" in toks
    assert "，" not in toks and "," not in toks


def test_loaded_once_and_default_instance_untouched() -> None:
    a = segmenter()
    assert segmenter() is a is segment._JIEBA
    assert a.has_word("机动车交通事故责任纠纷")
    assert not rjieba.has_word("机动车交通事故责任纠纷")


def test_dictionary_and_add_words() -> None:
    words = {w for w, _, _ in legal_words()}
    assert {"民间借贷纠纷", "有限责任公司", "村民委员会", "盗窃罪", "危险驾驶"} <= words
    add_words(["枫桥经验示范点"])
    assert "枫桥经验示范点" in tokenize("这里是枫桥经验示范点")


def test_empty() -> None:
    assert tokenize("") == [] and tokenize_for_search("") == []
    assert tokenize(None) == []  # type: ignore[arg-type]
