"""De-identification rules (法释〔2016〕19号 第八至十条) on a synthetic judgment with invented
names and numbers. Real judgments are exercised in test_anonymize_realdata.py."""

from __future__ import annotations

import re

import pytest

from fengqiao.textlaw.anonymize import anonymize, id_checksum_ok, luhn_ok
from fengqiao.textlaw.anonymize.names import pseudonym_base

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _W, strict=True)) % 11]


def make_card(prefix: str) -> str:
    for last in "0123456789":
        if luhn_ok(prefix + last):
            return prefix + last
    raise AssertionError


ID_OK = make_id("43011119850601001")
ID_BAD = ID_OK[:-1] + ("1" if ID_OK[-1] != "1" else "2")
CARD = make_card("622202020011223344")

JUDGMENT = f"""湖南省长沙市雨花区人民法院
刑事附带民事判决书
（2019）湘0111刑初123号
公诉机关长沙市雨花区人民检察院。
附带民事诉讼原告人赵小红，女，1980年3月5日出生，汉族，住长沙市雨花区洞井街道新田村三组。
被告人欧阳明辉，男，1985年6月1日出生，汉族，初中文化，住湖南省长沙市雨花区车站南路88号3栋2单元401室，公民身份号码{ID_OK}。因涉嫌犯故意伤害罪，于2019年1月10日被刑事拘留，同年2月1日被逮捕。
辩护人刘建国，湖南天地律师事务所律师。
长沙市雨花区人民检察院以长雨检刑诉〔2019〕100号起诉书指控被告人欧阳明辉犯故意伤害罪，于2019年4月1日向本院提起公诉。本院依法组成合议庭，公开开庭审理了本案。长沙市雨花区人民检察院指派检察员孙正和出庭支持公诉，附带民事诉讼原告人赵小红、被告人欧阳明辉及其辩护人刘建国到庭参加诉讼。现已审理终结。
经审理查明：2018年12月20日晚，被告人欧阳明辉驾驶湘A12345号小型轿车行至长沙市雨花区车站南路时，与被害人赵小红发生争执，欧阳明辉持木棍将赵小红打伤。证人钱多多证实其看见欧阳明辉打人。证人张卫东、张红梅的证言证实了事发经过。经鉴定人孙鉴平鉴定，赵小红的损伤为轻伤二级。案发后，欧阳明辉的手机号码13812345678，其赔偿赵小红人民币35000元，款项转入赵小红的银行卡{CARD}。欧阳明辉驾驶的新能源汽车号牌为湘AD12345。另查明，赵小红名下房产的不动产权证书编号为湘（2017）长沙市不动产权第0123456号。被害人邮箱zhaoxh@example.com。
本院认为，被告人欧阳明辉故意伤害他人身体，致人轻伤，其行为已构成故意伤害罪。依照《中华人民共和国刑法》第二百三十四条第一款之规定，判决如下：
被告人欧阳明辉犯故意伤害罪，判处有期徒刑一年。
审判长  李正义
审判员  周公平
人民陪审员  吴平安
二〇一九年六月十日
书记员  郑清清
"""


def test_publish_hides_every_natural_person_but_keeps_officials_lawyers_and_orgs() -> None:
    out = anonymize(JUDGMENT, policy="publish").text
    for name in ("欧阳明辉", "赵小红", "钱多多", "张卫东", "张红梅", "孙鉴平"):
        assert name not in out
    for kept in (
        "李正义",
        "周公平",
        "吴平安",
        "郑清清",
        "孙正和",
        "刘建国",
        "湖南天地律师事务所",
        "长沙市雨花区人民检察院",
        "湖南省长沙市雨花区人民法院",
    ):
        assert kept in out


def test_surname_plus_mou_and_compound_surname() -> None:
    out = anonymize(JUDGMENT, policy="publish").text
    assert "被告人欧阳某" in out  # 复姓 keeps both characters
    assert "附带民事诉讼原告人赵某" in out
    assert "证人钱某" in out


def test_collision_numbering_is_consistent_across_the_document() -> None:
    res = anonymize(JUDGMENT, policy="publish")
    by_name: dict[str, set[str]] = {}
    for r in res.replacements:
        if r.kind == "person":
            by_name.setdefault(r.original, set()).add(r.replacement)
    assert by_name["张卫东"] == {"张某1"}
    assert by_name["张红梅"] == {"张某2"}  # numbered in order of first appearance
    assert all(len(v) == 1 for v in by_name.values())  # one person, one pseudonym
    assert len({next(iter(v)) for v in by_name.values()}) == len(by_name)


def test_existing_masks_are_not_reused() -> None:
    text = "被告人张某，男。 本院依法审理。被害人张三称，张某打了张三。证人李四证实。"
    out = anonymize(text, policy="rules", parsed=False).text
    assert "被害人张某1称" in out  # 张某 is already someone else in this text
    assert "张某打了张某1" in out


@pytest.mark.parametrize(
    ("name", "ethnic", "expected"),
    [
        ("张三", None, "张某"),
        ("张三丰", None, "张某"),
        ("欧阳娜娜", None, "欧阳某"),
        ("司马光明", None, "司马某"),
        ("阿卜杜拉·买买提", None, "阿某"),
        ("司马义·艾买提", None, "司某"),  # a Uyghur name, not the 复姓 司马
        ("吉克阿依", "彝族", "吉某"),
        ("马建国", "回族", "马某"),
        ("John Smith", None, "J"),
    ],
)
def test_pseudonym_base(name: str, ethnic: str | None, expected: str) -> None:
    assert pseudonym_base(name, ethnic) == expected


def test_minority_name_in_a_judgment() -> None:
    text = "公诉机关某县人民检察院。 被告人王五，男。 本院依法审理。被害人阿卜杜拉·买买提称其被打。"
    out = anonymize(text, policy="rules", parsed=False).text
    assert "被害人阿某称" in out and "买买提" not in out


def test_id_card_checksum() -> None:
    assert id_checksum_ok(ID_OK) and not id_checksum_ok(ID_BAD)
    kinds = {r.original: r.kind for r in anonymize(JUDGMENT).replacements}
    assert kinds[ID_OK] == "id_card"
    plain = anonymize(f"编号{ID_BAD}的文件。", parsed=False)
    assert ID_BAD in plain.text  # wrong check digit and no 身份证 nearby: not an ID
    ctx = anonymize(f"其身份证号码为{ID_BAD}。", parsed=False)
    assert ID_BAD not in ctx.text and ctx.spans[0].score < 0.9
    old = anonymize("身份证号码430111850601001。", parsed=False)
    assert old.replacements[0].kind == "id_card"


def test_phone_bank_card_plate_certificate_email() -> None:
    res = anonymize(JUDGMENT, policy="rules")
    kinds = {r.original: (r.kind, r.replacement) for r in res.replacements}
    assert kinds["13812345678"] == ("phone", "×" * 11)
    assert kinds[CARD][0] == "bank_account"
    assert kinds["湘A12345"] == ("plate", "湘A×××××")
    assert kinds["湘AD12345"] == ("plate", "湘A××××××")  # new-energy plate
    assert kinds["0123456"][0] == "certificate"
    assert kinds["zhaoxh@example.com"][0] == "email"
    assert "不动产权第×××××××号" in res.text


def test_landline_and_account_context() -> None:
    res = anonymize("联系电话0731-84123456，账号为622848001234567。", parsed=False)
    assert {r.kind for r in res.replacements} == {"phone", "bank_account"}
    doc_no = anonymize("第4401051201704219号道路交通事故认定书", parsed=False)
    assert doc_no.replacements == []  # a document number is not an account


def test_address_keeps_county_and_above() -> None:
    out = anonymize(JUDGMENT, policy="rules").text
    assert "住湖南省长沙市雨花区×××，" in out
    assert "住长沙市雨花区×××。" in out
    assert "车站南路88号" not in out and "新田村三组" not in out
    village = anonymize(
        "被告人王五，男，住贞丰县珉谷镇塔山村三组。 本院依法审理。", parsed=False
    ).text
    assert "住贞丰县×××" in village


def test_mask_lookalikes_are_untouched() -> None:
    text = (
        "公诉机关某县人民检察院。 被告人曹0，男。 被告人张x1，男。 本院依法审理。"
        "被害人张某称，被害人李某某、证人王某1、证人李甲证实，湘A×××××号车，电话131××××8051，***。"
    )
    for policy in ("rules", "publish", "research"):
        res = anonymize(text, policy=policy, parsed=False)
        assert res.text == text, policy
        assert res.replacements == []


def test_rules_hide_exactly_article_8_roles() -> None:
    res = anonymize(JUDGMENT, policy="rules")
    out = res.text
    assert "欧阳明辉" in out  # a defendant keeps the name under 第八条
    for name in ("赵小红", "钱多多", "张卫东", "孙鉴平"):  # 原告人/被害人, 证人, 鉴定人
        assert name not in out
    assert any(s.text == "欧阳明辉" for s in res.kept)


def test_rules_in_family_cases_hide_parties() -> None:
    text = (
        "某县人民法院 民事判决书 原告王丽丽与被告刘大伟离婚纠纷一案 "
        "原告王丽丽，女，1990年1月1日出生，汉族，住某县。 被告刘大伟，男，1989年2月2日出生，汉族，住某县。"
        " 原告王丽丽向本院提出诉讼请求：判决离婚。被告刘大伟辩称同意离婚。"
    )
    out = anonymize(text, policy="rules", parsed=False).text
    assert "王丽丽" not in out and "刘大伟" not in out and "原告王某" in out


def test_rules_hide_minors() -> None:
    text = (
        "公诉机关某县人民检察院。 被告人陈小明，男，2001年5月1日出生，汉族，学生。 辩护人吴大为，某律师事务所律师。"
        " 某县人民检察院以某检刑诉〔2018〕1号起诉书指控被告人陈小明犯盗窃罪，于2018年3月1日向本院提起公诉。"
        "经审理查明：2017年10月3日，被告人陈小明在某超市盗窃手机一部。 审判员 李正义 二〇一八年四月一日 书记员 郑清清"
    )
    out = anonymize(text, policy="rules", parsed=False).text
    assert "陈小明" not in out and "被告人陈某" in out
    assert "吴大为" in out and "李正义" in out


def test_research_removes_birth_dates_and_buckets_amounts() -> None:
    rules = anonymize(JUDGMENT, policy="rules").text
    research = anonymize(JUDGMENT, policy="research").text
    assert "1985年6月1日出生" in rules and "35000元" in rules
    assert "1985年出生" in research and "1985年6月1日" not in research
    assert "3万元以上5万元以下" in research and "35000元" not in research
    assert "2018年12月20日" in research  # other dates stay


def test_policies_are_deterministic_and_nested() -> None:
    counts = {
        p: len(anonymize(JUDGMENT, policy=p).replacements) for p in ("rules", "publish", "research")
    }
    assert counts["rules"] < counts["publish"] < counts["research"]
    assert anonymize(JUDGMENT, policy="publish").text == anonymize(JUDGMENT, policy="publish").text


def test_spans_carry_reason_score_and_person_id() -> None:
    res = anonymize(JUDGMENT, policy="publish")
    for s, r in zip(res.spans, res.replacements, strict=True):
        assert JUDGMENT[s.start : s.end] == s.text == r.original
        assert s.reason and 0 < s.score <= 1
        assert (s.person_id is not None) == (s.kind == "person")
    ids = {s.person_id for s in res.spans if s.text == "欧阳明辉"}
    assert len(ids) == 1


def test_unknown_policy_is_an_error_in_chinese() -> None:
    with pytest.raises(ValueError, match="未知的去标识化策略"):
        anonymize("文本", policy="everything")


def test_parsed_judgment_is_optional_and_duck_typed() -> None:
    class Agent:
        def __init__(self, name: str, kind: str, firm: str | None) -> None:
            self.name, self.kind, self.firm = name, kind, firm

    class Party:
        def __init__(self, name: str, role: str, kind: str, agents: list[Agent]) -> None:
            self.name, self.role, self.kind, self.agents, self.raw = name, role, kind, agents, ""

    class Parsed:
        parties = [
            Party("牛二", "被害人", "person", []),
            Party("某某公司", "被告单位", "company", []),
        ]
        judges = [("审判长", "马青天")]
        clerk = "书记员甲"
        cause = "盗窃罪"
        doc_kind = "判决书"

    text = "本案中牛二到庭。审判长马青天。某某公司。"
    out = anonymize(text, policy="rules", parsed=Parsed()).text
    assert out == "本案中牛某到庭。审判长马青天。某某公司。"
    assert anonymize(text, policy="rules", parsed=False).text == text  # no role word, no parser


def test_one_person_many_names_aliases() -> None:
    text = "公诉机关某县人民检察院。 被告人郭俊磊（绰号皮磊，又名郭磊），男。 本院依法审理。郭磊与皮磊是同一人，郭俊磊供述。"
    res = anonymize(text, policy="publish", parsed=False)
    assert "郭俊磊" not in res.text and "皮磊" not in res.text and "郭磊" not in res.text
    assert len({r.person_id for r in res.replacements}) == 1


def test_words_after_role_words_are_not_names() -> None:
    text = (
        "公诉机关某县人民检察院。 被告人王五，男。 本院依法审理。被害人陈述称其被打，被害人马上报警，"
        "被害人向公安机关报案，证人证言证实，被告人应承担责任，被害人关系较好。"
    )
    res = anonymize(text, policy="rules", parsed=False)
    assert res.text == text


def test_given_name_alone_is_not_replaced() -> None:
    text = (
        "公诉机关某县人民检察院。 被告人李建国，男。 本院依法审理。新中国建国以来，被害人李建国称。"
    )
    out = anonymize(text, policy="rules", parsed=False).text
    assert "建国以来" in out and "被害人李某称" in out


def test_every_replacement_is_visible_in_the_output() -> None:
    res = anonymize(JUDGMENT, policy="research")
    rebuilt, last = [], 0
    for r in res.replacements:
        rebuilt += [JUDGMENT[last : r.start], r.replacement]
        last = r.end
    assert "".join(rebuilt) + JUDGMENT[last:] == res.text
    assert not re.search(r"\d{17}[\dX]", res.text)


def test_address_keeps_county_units_whose_names_contain_a_suffix_character():
    from fengqiao.textlaw.anonymize import anonymize

    text = "被告人张三，男，汉族，住连云港市海州区幸福路8号。被告李四，住广州市天河区体育西路1号。"
    out = anonymize(text, policy="publish", parsed=None).text
    assert "连云港市海州区×××" in out and "幸福路" not in out
    assert "广州市天河区×××" in out and "体育西路" not in out
