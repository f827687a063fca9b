"""Issue 18: names that survived ``--policy publish``, masks that must stay, and an address
span that unbalanced a bracket. Small snippets in the failing forms (names invented)."""

from __future__ import annotations

import pytest

from fengqiao.textlaw.anonymize import anonymize

_HEAD = (
    "江苏省南京市秦淮区人民法院\n刑事判决书\n（2016）苏0104刑初123号\n"
    "公诉机关南京市秦淮区人民检察院。\n"
)
_SIGN = "\n审判长刘洋\n二〇一六年五月六日\n书记员张强"


def _publish(text: str) -> str:
    return anonymize(text, policy="publish").text


@pytest.mark.parametrize("sep", ["\n", " "])
@pytest.mark.parametrize(
    "intro",
    [
        "被告人吴小军（自报身份），男，1985年3月2日出生，汉族，无业。",
        "被告人吴小军（自报），男，1985年出生。",
        "被告人吴小军（自报身份，无身份证明）。男，1985年出生。",
    ],
)
def test_self_reported_identity(intro: str, sep: str) -> None:
    text = (
        _HEAD + intro + "\n经审理查明，被告人吴小军盗窃电动车一辆。吴小军到案后如实供述。"
    ).replace("\n", sep) + _SIGN
    out = _publish(text)
    assert "吴小军" not in out and "吴某" in out
    assert "刘洋" in out and "（2016）苏0104刑初123号" in out and "秦淮区人民法院" in out


def test_aliases_in_the_narrative() -> None:
    text = (
        _HEAD
        + "被告人王某某（化名朱诚信），男，1979年出生。\n被告人陈国平（绰号“老扁”），男，1980年出生。\n"
        + "经审理查明，被告人王某某以化名朱诚信租用房屋，伙同“老扁”贩卖毒品。老扁负责运输。"
        + _SIGN
    )
    out = _publish(text)
    for name in ("朱诚信", "老扁", "陈国平"):
        assert name not in out
    assert "王某某" in out  # already masked at publication: stays as written


def test_alias_without_bracket_or_owner() -> None:
    text = (
        _HEAD
        + "被告人王某，男，1979年出生。\n经审理查明，王某以化名朱诚信与被害人签订合同。"
        + _SIGN
    )
    assert "朱诚信" not in _publish(text)


def test_victim_named_only_in_the_narrative() -> None:
    text = (
        _HEAD
        + "被告人王军，男，1980年1月1日出生。\n"
        + "经审理查明，施工方刘大成找到被告人王军要求施工，刘大成站在沟边被坍塌的围墙刮倒，"
        + "被害人刘大成系因窒息死亡。王军对刘大成的死亡负有责任。"
        + _SIGN
    )
    out = _publish(text)
    assert "刘大成" not in out and "王军" not in out


def test_relative_named_after_a_kinship_word() -> None:
    text = (
        _HEAD
        + "被告人王军，男，1980年1月1日出生。\n"
        + "经审理查明，王军将赃款转到妻子李雅静的工行借记卡，其母亲徐健美（时年78岁）知情。"
        + _SIGN
    )
    out = _publish(text)
    assert "李雅静" not in out and "徐健美" not in out


def test_defendant_name_in_the_title_that_looks_like_a_mask() -> None:
    text = (
        "李甲宾寻衅滋事罪一审刑事判决书\n山东省济南市历下区人民法院\n刑事判决书\n（2017）鲁0102刑初55号\n"
        "公诉机关济南市历下区人民检察院。\n被告人李甲宾，男，1990年1月1日出生。\n"
        "经审理查明，被告人李甲宾在酒吧滋事。" + _SIGN
    )
    out = _publish(text)
    assert "李甲宾" not in out
    assert out.startswith("李某寻衅滋事罪")
    assert "（2017）鲁0102刑初55号" in out and "济南市历下区人民法院" in out


@pytest.mark.parametrize("mask", ["李甲", "王某某", "曹0", "李＊＊"])
def test_masks_from_publication_stay(mask: str) -> None:
    text = (
        "被告人李甲，男。被告人王某某，女。被害人曹0。证人李＊＊证实。"
        "被告人李甲伙同王某某盗窃，李甲供述称其与王某某共同作案，李甲系初犯。曹0报警，李＊＊在场。"
        "证人李丙证言。"
    )
    out = _publish(text)
    assert out.count(mask) == text.count(mask)
    assert out == text


def test_address_span_does_not_cross_a_bracket() -> None:
    text = (
        "原告王小红，女，1975年3月2日生。原告王小红（住连云港市海州区朝阳路88号3幢201室）"
        "与连云港某置业有限公司商品房销售合同纠纷一案，本院受理。联系电话13912345678。"
    )
    out = _publish(text)
    assert "）与连云港某置业有限公司商品房销售合同纠纷一案" in out
    assert out.count("（") == out.count("）")
    assert "201室" not in out and "13912345678" not in out and "王小红" not in out
