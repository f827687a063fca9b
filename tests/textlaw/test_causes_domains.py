from __future__ import annotations

import json

import pytest

from fengqiao.textlaw.causes import (
    cause_ancestors,
    cause_entry,
    cause_kind,
    normalize_cause,
    taxonomy,
)
from fengqiao.textlaw.domains import (
    DEFAULT_DOMAIN_RULES,
    DomainRule,
    PartyCondition,
    classify_domain,
    rules_from_json,
    rules_to_json,
)
from fengqiao.textlaw.judgment import Party


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("民间借贷", "民间借贷纠纷"),
        ("涉嫌贩卖毒品", "走私、贩卖、运输、制造毒品罪"),
        ("原告与被告机动车交通事故责任纠纷一案", "机动车交通事故责任纠纷"),
        ("盗窃", "盗窃罪"),
        ("非法持有枪支罪", "非法持有、私藏枪支、弹药罪"),
        ("离婚", "离婚纠纷"),
        ("居间合同纠纷", "中介合同纠纷"),
        ("生命权、健康权、身体权纠纷", "生命权、身体权、健康权纠纷"),
        ("房屋买卖", "房屋买卖合同纠纷"),
        ("容留卖淫罪", "引诱、容留、介绍卖淫罪"),
        ("抽逃资金", "虚假出资、抽逃出资罪"),
        ("行政处罚", "行政处罚"),
    ],
)
def test_normalize(text: str, canonical: str) -> None:
    assert normalize_cause(text) == canonical


@pytest.mark.parametrize("text", ["", "xyz", None, "某某罪", "你好"])
def test_normalize_unknown(text) -> None:
    assert normalize_cause(text) is None


def test_kinds_and_tree() -> None:
    assert cause_kind("民间借贷纠纷") == "civil"
    assert cause_kind("盗窃罪") == "criminal"
    assert cause_kind("行政处罚") == "admin"
    assert cause_kind("某某不存在的罪") == "criminal"  # heuristic for unknown names
    assert cause_kind(None) is None
    assert cause_ancestors("民间借贷纠纷") == [
        "民间借贷纠纷",
        "借款合同纠纷",
        "合同纠纷",
        "合同、准合同纠纷",
    ]
    e = cause_entry("机动车交通事故责任纠纷")
    assert e is not None and e.level == "3" and e.parent == "侵权责任纠纷"


def test_taxonomy_covers_data_sources(shared_data) -> None:
    tax = taxonomy()
    charges = [
        ln.strip()
        for ln in (shared_data / "cail2018_taxonomy" / "accu.txt").read_text("utf-8").splitlines()
        if ln.strip()
    ]
    assert all(normalize_cause(c) for c in charges)
    observed = (
        (shared_data / "derived" / "observed_causes_of_action.tsv")
        .read_text("utf-8")
        .splitlines()[1:]
    )
    for line in observed:
        _src, _dom, cause, _n = line.split("\t")
        first = cause.split("、")[0] if cause.endswith("罪") and "罪、" in cause else cause
        assert normalize_cause(first), cause
    assert len(tax.entries) > 1000


def _p(name: str, role: str, kind: str, raw: str = "") -> Party:
    return Party(name=name, role=role, kind=kind, raw=raw)


@pytest.mark.parametrize(
    ("cause", "type_code", "parties", "domain"),
    [
        ("民间借贷纠纷", "民初", [], "金融"),
        ("机动车交通事故责任纠纷", "民初", [], "道交"),
        ("危险驾驶罪", "刑初", [], "道交"),
        ("离婚纠纷", "民初", [], "家事"),
        ("追索劳动报酬纠纷", "民初", [], "劳动"),
        ("商品房销售合同纠纷", "民初", [], "房地产"),
        ("侵害商标权纠纷", "民初", [], "知识产权"),
        ("污染环境罪", "刑初", [], "环资"),
        ("行政处罚", "行初", [], "行政"),
        ("盗窃罪", "刑初", [], "刑事"),
        ("民间借贷纠纷", "执", [], "执行"),
        ("盗窃罪", "刑初", [_p("张某", "被告人", "person", "被告人张某，男，未成年")], "未成年人"),
        ("买卖合同纠纷", "民初", [_p("中国某某银行股份有限公司某支行", "原告", "company")], "金融"),
        ("买卖合同纠纷", "民初", [_p("某公司", "原告", "company")], "其他"),
        (None, None, [], "其他"),
    ],
)
def test_default_domains(cause, type_code, parties, domain) -> None:
    assert classify_domain(cause=cause, type_code=type_code, parties=parties) == domain


def test_custom_rules_from_json() -> None:
    data = json.dumps(
        [
            {"domain": "物业", "cause_keywords": ["物业服务合同纠纷"], "priority": 200},
            {
                "domain": "涉企",
                "cause_kinds": ["civil"],
                "party_conditions": [{"roles": ["被告"], "kinds": ["company"]}],
                "priority": 50,
            },
        ],
        ensure_ascii=False,
    )
    rules = rules_from_json(data)
    assert rules[1].party_conditions[0] == PartyCondition(roles=("被告",), kinds=("company",))
    assert (
        classify_domain(cause="物业服务合同纠纷", type_code="民初", parties=[], rules=rules)
        == "物业"
    )
    parties = [{"name": "某某公司", "role": "被告", "kind": "company"}]
    assert (
        classify_domain(cause="买卖合同纠纷", type_code="民初", parties=parties, rules=rules)
        == "涉企"
    )
    assert classify_domain(cause="盗窃罪", type_code="刑初", parties=[], rules=rules) == "其他"
    # dicts work directly too, and the defaults round-trip through JSON
    assert (
        classify_domain(
            cause="物业服务合同纠纷", type_code=None, parties=[], rules=json.loads(data)
        )
        == "物业"
    )
    again = rules_from_json(rules_to_json())
    assert again == DEFAULT_DOMAIN_RULES
    assert all(isinstance(r, DomainRule) for r in again)
