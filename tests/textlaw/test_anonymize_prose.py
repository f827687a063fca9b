"""Suggestion-letter prose through the publication policy (the 司法建议案例库 shares letters
anonymised with ``anonymize(text, policy="publish", parsed=False)``):

* governance prose (background, problems, suggestions, agencies' replies) comes out unchanged —
  住宅小区, 住房, 住建局, agency and place names are no personal address;
* a person named right after a role word (当事人, 业主, 消费者, 村民 …) without punctuation is
  masked, while 业主委员会, 消费者权益保护, 居民区 … stay.

Names and addresses are invented."""

from __future__ import annotations

import pytest

from fengqiao.textlaw.anonymize import anonymize


def _shared(text: str) -> str:
    return anonymize(text, policy="publish", parsed=False).text


@pytest.mark.parametrize(
    "text",
    [
        "住宅小区物业服务监管中存在服务标准不清的问题。",
        "一、住宅小区物业服务企业退出交接不规范。新旧物业服务企业交接过程中资料移交缺乏监督。",
        "住房公积金缴存管理存在漏洞，部分用人单位未按规定为职工缴存。",
        "住建局收到司法建议后，会同各街道办事处对辖区住宅小区开展专项检查。",
        "住院治疗费用的结算标准不统一，患者与医院之间的纠纷时有发生。",
        "住户反映小区电梯长期故障，物业服务企业未及时维修。",
        "建议街道办事处指导业主委员会依法履职，督促物业服务企业公示公共收益。",
        "近三年来，我院共受理物业服务合同纠纷案件四百余件，业主以服务质量差为由拒交物业费的抗辩普遍存在。",
        "部分居民区存在私搭乱建问题，村民委员会应当加强村民自治，引导消费者理性消费。",
        "连云港市住房和城乡建设局回复称，已在海州区、连云区的住宅小区推行分级服务标准。",
        "学校应当加强学生安全教育，家长委员会参与学校管理。",
    ],
)
def test_governance_prose_comes_out_unchanged(text: str) -> None:
    assert _shared(text) == text


@pytest.mark.parametrize(
    ("text", "names", "masks"),
    [
        ("当事人李建国、业主张明华反映物业费纠纷。", ("李建国", "张明华"), ("李某", "张某")),
        ("村民王德顺多次到镇政府反映土地补偿问题。", ("王德顺",), ("王某",)),
        ("消费者刘芳在该店办理预付卡后，商家闭店跑路。", ("刘芳",), ("刘某",)),
        (
            "借款人陈小平未按期还款，出借人赵刚诉至法院。",
            ("陈小平", "赵刚"),
            ("陈某", "赵某"),
        ),
        (
            "承租人孙丽丽拖欠租金，出租人钱进申请强制执行。",
            ("孙丽丽", "钱进"),
            ("孙某", "钱某"),
        ),
        (
            "居民何志明反映小区噪音扰民，职工马海涛因工受伤。",
            ("何志明", "马海涛"),
            ("何某", "马某"),
        ),
        ("员工周伟与公司发生劳动争议，租户黄小燕投诉房东。", ("周伟", "黄小燕"), ("周某", "黄某")),
        ("业主张伟等人起诉物业公司，买受人郑凯主张解除合同。", ("张伟", "郑凯"), ("张某", "郑某")),
    ],
)
def test_names_after_role_words_are_masked(
    text: str, names: tuple[str, ...], masks: tuple[str, ...]
) -> None:
    out = _shared(text)
    for name in names:
        assert name not in out
    for mask in masks:
        assert mask in out


def test_student_and_parent_of_one_surname_get_two_masks() -> None:
    out = _shared("学生林晓东在课间受伤，家长林国强要求学校赔偿。")
    assert "林晓东" not in out and "林国强" not in out
    assert out.count("林某") == 2 and "林某1" in out and "林某2" in out


@pytest.mark.parametrize(
    "text",
    [
        "业主委员会",
        "消费者权益保护",
        "居民区",
        "住宅小区",
        "业主大会",
        "村民小组",
        "居民委员会",
        "居民身份证",
        "消费者协会",
        "当事人陈述",
        "当事人双方",
        "出借人向法院提交借条",
        "员工宿舍",
        "职工代表大会",
        "学生家长",
        "业主共有部分",
    ],
)
def test_role_words_before_ordinary_words_stay(text: str) -> None:
    assert _shared(text) == text


def test_a_real_residence_is_still_masked() -> None:
    out = _shared("当事人李建国，住连云港市海州区新浦街道朝阳小区5幢2单元301室，反映物业费纠纷。")
    assert "李建国" not in out and "朝阳小区5幢2单元301室" not in out
    assert "连云港市海州区" in out
    out = _shared("被告王某住东海县石榴镇大河村二组。")
    assert "大河村二组" not in out and "东海县" in out
    out = _shared("村民王德顺，住石榴镇大河村附近一出租屋内。")
    assert "王德顺" not in out and "大河村" not in out


def test_dwelling_words_introduce_an_address_only_when_one_follows() -> None:
    out = _shared("证人王德顺（住处：东海县石榴镇大河村二组）证实。")
    assert "大河村二组" not in out and "东海县" in out
    out = _shared("被告人刘某，住所连云港市海州区新浦街道朝阳小区5幢301室。")
    assert "朝阳小区5幢301室" not in out and "连云港市海州区" in out
    for text in (
        "住房和城乡建设局已会同各街道开展住宅小区专项整治。",
        "住院治疗费用的结算标准不统一。",
        "住户反映东海县石榴镇多个小区电梯长期故障。",
        "住宅小区公共收益的管理和使用不透明。",
    ):
        assert _shared(text) == text
