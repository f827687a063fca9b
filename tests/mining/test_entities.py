"""Entity resolution: normalisation rules, fuzzy clustering, a clerk's decisions."""

from __future__ import annotations

import random
import time
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from fengqiao.mining.entities import (
    AliasTable,
    EntityCluster,
    EntityIndex,
    apply_decisions,
    org_key,
    parse_org,
    resolve_entities,
)


def _cluster_of(clusters: list[EntityCluster], name: str) -> EntityCluster:
    [c] = [c for c in clusters if name in c.members]
    return c


def test_agency_abbreviations_expand_to_the_full_name():
    assert org_key("广州市住建局") == org_key("广州市住房和城乡建设局")
    assert org_key("天河区市监局") == org_key("天河区市场监督管理局")
    assert org_key("南京市人社局") == org_key("南京市人力资源和社会保障局")
    assert org_key("广州市公安局交警支队") == org_key("广州市公安局交通警察支队")
    assert org_key("朝阳区政府") == "朝阳区人民政府"
    # the full form is not expanded twice
    assert org_key("某街道办事处") == org_key("某街道办")


def test_old_agency_names_map_to_the_current_one():
    assert org_key("广州市工商局") == org_key("广州市市场监督管理局")
    assert org_key("广州市工商行政管理局") == org_key("广州市市场监督管理局")
    assert org_key("广州市环保局") == org_key("广州市生态环境局")
    assert org_key("南京市国土资源局") == org_key("南京市自然资源局")


def test_legal_forms_regions_width_and_spaces_do_not_matter():
    forms = [
        "广州市恒达建材有限公司",
        "广州恒达建材有限责任公司",
        "广州市恒达建材公司",
        "广东省广州市恒达建材有限公司",
        "广州市 恒达建材有限公司",
        "广州市恒达建材有限公司（原广州市恒达实业有限公司）",
    ]
    assert len({org_key(f) for f in forms}) == 1
    assert org_key("ＡＢＣ科技有限公司") == org_key("ABC科技有限公司")
    p = parse_org("广州市恒达建材有限公司（原广州市恒达实业有限公司）")
    assert p.former == ("广州市恒达实业有限公司",)
    assert p.legal_form == "有限公司"


def test_branches_are_a_hierarchy():
    a = parse_org("中国农业银行股份有限公司广州分行")
    b = parse_org("农行广州市分行")
    assert a.key == b.key == "中国农业银行·广州分行"
    assert a.parent == "中国农业银行"
    head = parse_org("中国农业银行股份有限公司")
    assert head.key == a.parent and head.parent == ""
    ins = parse_org("人保财险广州中心支公司")
    assert ins.key == parse_org("中国人民财产保险股份有限公司广州市中心支公司").key
    assert org_key("中国农业银行广州分行") != org_key("中国农业银行深圳分行")


def test_resolve_groups_variants_and_keeps_distinct_firms_apart():
    names = {
        "广州市恒达物业管理有限公司": 30,
        "广州恒达物业管理有限责任公司": 3,
        "广东省广州市恒达物业管理有限公司": 2,
        "广州市恒达泰物业管理有限公司": 12,  # another 字号: another firm
        "中国平安财产保险股份有限公司南京中心支公司": 9,
        "中国太平洋财产保险股份有限公司南京中心支公司": 7,
        "广州市市场监督管理局": 4,
        "广州市天河区市场监督管理局": 5,
        "天河区市监局": 2,
    }
    clusters = resolve_entities(names)
    hd = _cluster_of(clusters, "广州市恒达物业管理有限公司")
    assert set(hd.members) == {
        "广州市恒达物业管理有限公司",
        "广州恒达物业管理有限责任公司",
        "广东省广州市恒达物业管理有限公司",
    }
    assert hd.canonical_name == "广州市恒达物业管理有限公司"  # the most frequent spelling
    assert hd.counts["广州市恒达物业管理有限公司"] == 30 and hd.confidence == 1.0
    assert "广州市恒达泰物业管理有限公司" not in hd.members
    pingan = _cluster_of(clusters, "中国平安财产保险股份有限公司南京中心支公司")
    assert "中国太平洋财产保险股份有限公司南京中心支公司" not in pingan.members
    district = _cluster_of(clusters, "广州市天河区市场监督管理局")
    assert "天河区市监局" in district.members  # a shorter region attaches (confidence 0.9)
    assert district.member_scores["天河区市监局"] == 0.9
    assert "广州市市场监督管理局" not in district.members  # city ≠ district agency


def test_typo_in_a_long_name_is_merged_with_lower_confidence():
    clusters = resolve_entities(
        {"南京市恒达房地产开发经营有限公司": 20, "南京市恒达房地诚开发经营有限公司": 1}
    )
    assert len(clusters) == 1
    c = clusters[0]
    assert c.canonical_name == "南京市恒达房地产开发经营有限公司"
    assert 0.85 <= c.confidence < 1.0
    # a changed numeral is never a typo
    assert len(resolve_entities(["南京市第一建筑工程有限公司", "南京市第二建筑工程有限公司"])) == 2


def test_decisions_confirm_reject_and_merge_without_mutating_input():
    clusters = resolve_entities(
        ["广州市恒达建材有限公司", "广州恒达建材有限责任公司", "深圳市恒达建材有限公司"]
    )
    before = [c.to_dict() for c in clusters]
    gz = org_key("广州市恒达建材有限公司")
    sz = org_key("深圳市恒达建材有限公司")
    undone = apply_decisions(clusters, rejections=["广州恒达建材有限责任公司"])
    assert [c.to_dict() for c in clusters] == before
    assert len(undone) == 3
    split = _cluster_of(undone, "广州恒达建材有限责任公司")
    assert split.members == ["广州恒达建材有限责任公司"]
    assert split.key != gz
    confirmed = apply_decisions(undone, confirmations=[("广州恒达建材有限责任公司", gz)])
    assert _cluster_of(confirmed, "广州恒达建材有限责任公司").key == gz
    assert (
        _cluster_of(confirmed, "广州恒达建材有限责任公司").member_scores["广州恒达建材有限责任公司"]
        == 1.0
    )
    merged = apply_decisions(clusters, merges=[(sz, gz)])
    assert len(merged) == 1 and merged[0].key == gz
    new = apply_decisions(clusters, confirmations=[("恒达集团", "恒达集团（人工）")])
    assert _cluster_of(new, "恒达集团").key == "恒达集团（人工）"
    index = EntityIndex(confirmed)
    assert index.key("广州恒达建材有限责任公司") == gz
    assert index.key("从未见过的公司") == org_key("从未见过的公司")


def test_alias_table_is_editable_data():
    table = AliasTable.from_json('{"renames": {"恒达集团有限公司": "恒达控股集团有限公司"}}')
    assert org_key("恒达集团有限公司", table) == org_key("恒达控股集团有限公司", table)
    assert "住建局" in table.abbreviations  # sections not given keep the defaults
    again = AliasTable.from_json(table.to_json())
    assert again.renames == table.renames and again.abbreviations == table.abbreviations
    custom = AliasTable(abbreviations={"某局": "某某管理局"}, suffix_renames={})
    assert org_key("广州市某局", custom) == org_key("广州市某某管理局", custom)
    assert org_key("广州市住建局", custom) != org_key("广州市住房和城乡建设局", custom)


_BODIES = st.sampled_from(
    ["恒达建材", "鑫源物业服务", "宏远房地产开发", "华盛商贸", "众合科技", "天成物流"]
)
_CITIES = st.sampled_from(["广州市", "南京市", "苏州市", ""])
_FORMS = st.sampled_from(["有限公司", "有限责任公司", "公司", "股份有限公司"])


@given(city=_CITIES, body=_BODIES, form=_FORMS, gaps=st.lists(st.integers(0, 20), max_size=3))
def test_key_is_invariant_under_width_and_spaces(city, body, form, gaps):
    name = f"{city}{body}{form}"
    spaced = name
    for g in gaps:
        k = g % (len(spaced) + 1)
        spaced = spaced[:k] + " " + spaced[k:]
    wide = "".join(
        chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch
        for ch in unicodedata.normalize("NFKC", spaced)
    )
    assert org_key(spaced) == org_key(name) == org_key(wide)


@settings(max_examples=25, deadline=None)
@given(
    st.permutations(
        [
            "广州市恒达建材有限公司",
            "广州恒达建材有限责任公司",
            "恒达建材有限公司",
            "南京市恒达房地产开发经营有限公司",
            "南京市恒达房地诚开发经营有限公司",
            "中国农业银行广州分行",
            "农行广州分行",
            "广州市住建局",
        ]
    )
)
def test_resolution_does_not_depend_on_input_order(names):
    ref = [c.to_dict() for c in resolve_entities(sorted(names))]
    assert [c.to_dict() for c in resolve_entities(list(names))] == ref


def test_scales_to_many_distinct_names():
    rng = random.Random(3)
    chars = "恒达鑫源华盛宏远金诚泰和永安众合瑞丰博雅天成长盛佳和兴隆德润信宇通联汇嘉禾锦程新锐"
    inds = ["建材", "商贸", "物业服务", "房地产开发", "科技", "物流", "餐饮管理", "装饰工程"]
    cities = ["广州市", "深圳市", "南京市", "苏州市", "杭州市", "成都市"]
    names = {
        f"{rng.choice(cities)}{''.join(rng.choice(chars) for _ in range(3))}{rng.choice(inds)}有限公司"
        for _ in range(20000)
    }
    t = time.perf_counter()
    clusters = resolve_entities(names)
    assert time.perf_counter() - t < 30
    assert sum(len(c.members) for c in clusters) == len(names)
