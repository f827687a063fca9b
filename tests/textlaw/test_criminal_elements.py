from __future__ import annotations

import pytest

from fengqiao.textlaw.criminal_elements import (
    CriminalElements,
    articles,
    circumstances,
    drugs,
    extract_elements,
    injury,
    largest_amount,
    log_band,
    sentence_band,
    sentence_months,
    victims,
    weapons,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人王某到案后主动投案，如实供述自己的罪行，系自首，依法可以从轻处罚。", "自首"),
        ("被告人归案后如实供述犯罪事实，可以从轻处罚。", "坦白"),
        ("被告人检举他人犯罪，经查证属实，有立功表现。", "立功"),
        ("被告人曾因盗窃罪被判处有期徒刑一年，刑满释放后五年内再犯，系累犯，应从重处罚。", "累犯"),
        ("在共同犯罪中，被告人李某起次要作用，系从犯，应当减轻处罚。", "从犯"),
        ("被告人已经着手实行犯罪，由于意志以外的原因而未得逞，系犯罪未遂。", "未遂"),
        ("案发后被告人退赔被害人全部经济损失。", "退赃退赔"),
        ("被告人赔偿了被害人的损失并取得被害人谅解，可酌情从轻处罚。", "取得谅解"),
        ("被告人自愿认罪认罚，签署了具结书。", "认罪认罚"),
    ],
)
def test_each_circumstance_is_found(text: str, expected: str) -> None:
    assert expected in circumstances(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("经查，被告人无自首情节。", "自首"),
        ("辩护人提出被告人构成自首，经查被告人不构成自首，对该辩护意见不予采纳。", "自首"),
        ("被告人不构成累犯。", "累犯"),
        ("被告人的检举未经查证属实，不能认定为立功。", "立功"),
        ("被告人未取得被害人谅解。", "取得谅解"),
        ("被告人没有退赃退赔。", "退赃退赔"),
        ("被告人拒不认罪认罚。", "认罪认罚"),
    ],
)
def test_negated_circumstance_is_not_counted(text: str, absent: str) -> None:
    assert absent not in circumstances(text)


def test_party_submissions_and_cited_titles_do_not_count() -> None:
    assert not circumstances("辩护人提出被告人具有自首情节，请求从轻处罚。")
    assert not circumstances("根据《关于处理自首和立功若干具体问题的意见》第八条的规定。")
    assert "从犯" not in circumstances("两被告人所起的作用相当，不宜区分主、从犯。")
    assert "自首" not in circumstances("关于被告人是否具有自首情节的问题。")
    found = circumstances("辩护人提出被告人系自首。经查，被告人主动投案，如实供述罪行，是自首。")
    assert "自首" in found


def test_negation_in_another_clause_does_not_cancel() -> None:
    found = circumstances("被告人无前科，到案后如实供述罪行；系自首。")
    assert {"坦白", "自首"} <= found
    assert "前科" not in found


def test_articles_cited_after_the_criminal_law() -> None:
    text = (
        "依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款、第五十二条之规定，"
        "以及《中华人民共和国刑事诉讼法》第二百零一条，判决如下："
    )
    assert articles(text) == {264, 67, 52}
    assert articles("依照《刑法》第133条之一之规定") == {133}
    assert articles("根据《中华人民共和国民法典》第五百七十七条") == frozenset()


def test_drug_type_and_weight_band() -> None:
    kinds, grams = drugs("公安民警从被告人身上查获甲基苯丙胺（冰毒）25.3克及海洛因2包共计0.5克。")
    assert kinds == {"甲基苯丙胺", "海洛因"}
    assert grams == pytest.approx(25.3)
    kinds, grams = drugs("查获毒品大麻1.2千克。")
    assert kinds == {"大麻"} and grams == pytest.approx(1200)
    assert drugs("被告人盗窃笔记本电脑一台。") == (frozenset(), None)
    assert log_band(0.5) == 0 and log_band(25.3) == 1 and log_band(1200) == 3


def test_amount_band_uses_largest_amount() -> None:
    amount = largest_amount("窃得现金人民币3000元、手机一部价值1.5万元，共计价值人民币18000元。")
    assert amount == 18000
    assert log_band(amount) == 4
    assert log_band(None) is None


def test_weapon_injury_and_victim() -> None:
    text = "被告人持水果刀朝被害人腹部捅刺，致被害人重伤二级；另一被害人系未满十四周岁的儿童，受轻微伤。"
    assert "刀" in weapons(text)
    assert injury(text) == 3
    assert "未成年人" in victims(text)
    assert injury("经鉴定，被害人损伤程度为轻伤二级。") == 2
    assert injury("被害人经抢救无效死亡。") == 4
    assert injury("事故未造成人员死亡，被害人构成轻微伤。") == 1
    assert weapons("被告人持木棒、钢管殴打被害人。") == {"棍棒"}


def test_sentence_band_from_the_decision() -> None:
    assert sentence_months("判决如下：被告人犯盗窃罪，判处有期徒刑三年六个月，并处罚金。") == 42
    assert sentence_months("判决如下：被告人犯危险驾驶罪，判处拘役四个月，缓刑六个月。") == 4
    assert sentence_months("判决如下：被告人犯故意杀人罪，判处死刑，剥夺政治权利终身。") == 400
    assert sentence_months("经审理查明，被告人曾因盗窃被判处有期徒刑一年。") is None
    assert sentence_months("经审理查明，被告人盗窃电脑一台。") is None
    bands = [sentence_band(m) for m in (4, 12, 42, 60, 96, 180, 300, 400)]
    assert bands == [0, 1, 3, 3, 4, 5, 6, 7]


def test_tokens_round_trip() -> None:
    text = (
        "经审理查明，被告人持刀抢劫，致被害人轻伤，劫得现金5000元。被告人系累犯，如实供述。"
        "依照《中华人民共和国刑法》第二百六十三条、第六十五条之规定，判决如下：判处有期徒刑五年。"
    )
    elements = extract_elements(text)
    assert elements.circumstances == {"累犯", "坦白"}
    assert elements.articles == {263, 65}
    assert elements.injury == 2 and elements.amount == 5000 and elements.sentence_months == 60
    assert CriminalElements.from_tokens(elements.to_tokens()) == elements
    assert CriminalElements.from_tokens([]) == CriminalElements()
    assert CriminalElements.from_tokens(["x", "m:abc", "i:2"]).injury == 2
