from __future__ import annotations

import csv
import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.court_resolver import CourtResolver
from fengqiao.courts.models import Court, CourtLevel
from fengqiao.courts.registry import name_key, registry, registry_index
from fengqiao.courts.registry_load import load_registry
from fengqiao.textlaw.casenum import court_codes, parse_case_number

PROVINCES = "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新"


def test_registry_is_a_tree_with_unique_codes_and_names():
    courts = registry()
    codes = [c.code for c in courts]
    assert len(codes) == len(set(codes))
    assert len({c.name for c in courts}) == len(courts)
    by_code = {c.code: c for c in courts}
    for court in courts:
        if court.code != "最高法":
            assert court.parent in by_code, court
    levels = Counter(c.level for c in courts)
    assert levels["supreme"] == 1
    assert levels["high"] == 33  # 31 provinces + 军事法院 + 兵团分院
    assert 330 <= levels["intermediate"] <= 400
    assert 2800 <= levels["basic"] <= 3100
    for abbr in PROVINCES:
        assert by_code[abbr].level == "high" and by_code[abbr].parent == "最高法"
    for court in courts:
        if court.level == "basic" and court.code[0] in PROVINCES:
            assert re.fullmatch(r"\w\d{4}", court.code), court


def test_known_codes_follow_the_rule():
    index = registry_index()
    assert index.get("京0105").name == "北京市朝阳区人民法院"
    assert index.get("苏07").name == "江苏省连云港市中级人民法院"
    assert index.get("粤0781").name == "广东省台山市人民法院"  # RULES.md §4 example
    assert index.get("沪72").level == "intermediate_special"
    # 第十三条: a county re-coded after 2014 keeps both codes; the old one is primary
    jintan = index.resolve(code="苏0413")
    assert jintan is not None and jintan.code == "苏0482" and "苏0413" in jintan.alt_codes
    assert "江苏省金坛市人民法院" in jintan.aliases


def test_the_case_number_parser_reads_the_same_table():
    table = court_codes()
    assert table["京0105"] == ("北京市朝阳区人民法院", "basic")
    assert len(table) >= len(registry())
    assert parse_case_number("（2019）云0111刑初5号").court_name == "云南省昆明市官渡区人民法院"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("北京市朝阳区人民法院", "京0105"),
        ("朝阳区法院", "京0105"),
        ("（北京市）朝阳区人民法院", "京0105"),
        ("昆明市官渡区人民法院", "云0111"),
        ("官渡区人民法院", "云0111"),
        ("罗平县人民法院", "云0324"),
        ("江苏省金坛市人民法院", "苏0482"),
        ("广西 南宁市 青秀区 人民法院", "桂0103"),
        ("北京市高级人民法院", "京"),
        ("上海海事法院", "沪72"),
    ],
)
def test_names_resolve_whatever_the_spelling(spelling, code):
    hit = registry_index().resolve(name=spelling)
    assert hit is not None and hit.code == code


def test_code_and_name_together():
    index = registry_index()
    # A name printed with its code settles an otherwise ambiguous short name (two 朝阳区).
    assert index.resolve(code="吉0104", name="朝阳区人民法院").code == "吉0104"
    assert index.resolve(code="京0105").name == "北京市朝阳区人民法院"
    assert index.resolve(code="京9999", name="不存在的法院") is None
    assert index.resolve() is None
    assert name_key("北京市第一中级人民法院") != name_key("上海市第一中级人民法院")


def test_load_is_fast_idempotent_and_keeps_existing_courts(world, django_assert_max_num_queries):
    demo_basic = world.basic  # a hand-created court (连云港经济技术开发区人民法院, 苏0791)
    original_names = dict(Court.objects.values_list("code", "name"))
    total = len(registry())
    with django_assert_max_num_queries(80):  # bulk: batches of 1,000, one UPDATE per level
        first = load_registry()
    assert first.created > 3000
    assert Court.objects.count() >= total
    # nothing renamed, nothing deleted
    for code, name in original_names.items():
        assert Court.objects.get(code=code).name == name
    high = Court.objects.get(code="苏")
    assert high.parent.code == "最高法"  # a root court gained the registry's parent
    # every path is consistent with the parent chain
    paths = dict(Court.objects.values_list("id", "path"))
    for court in Court.objects.all():
        expected = (paths[court.parent_id] if court.parent_id else "/") + f"{court.pk}/"
        assert court.path == expected
    demo_basic.refresh_from_db()
    assert demo_basic.path.startswith(high.path)
    second = load_registry()
    assert second.created == 0 and second.updated == 0 and second.unchanged == total
    assert AuditEntry.objects.filter(action="载入法院名录").count() == 1


def test_load_on_an_empty_install(db):
    load_registry()
    chaoyang = Court.objects.get(code="京0105")
    assert chaoyang.source == "registry" and chaoyang.level == CourtLevel.BASIC
    assert chaoyang.parent.parent.code == "京"
    assert Court.objects.get(code="沪72").level == CourtLevel.SPECIAL


def test_courts_list_command(db):
    call_command("courts", "load", stdout=StringIO())
    out = StringIO()
    call_command("courts", "list", "--json", "--under", "苏07", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0]["code"] == "苏07"
    assert {r["code"] for r in rows} >= {"苏0706", "苏0722"}
    assert all(r["code"].startswith("苏07") for r in rows)
    text = StringIO()
    call_command("courts", "list", "--under", "苏0413", stdout=text)  # an alternative code
    assert "金坛区" in text.getvalue()


def test_resolver_registers_a_development_zone_court_once(db):
    load_registry()
    resolver = CourtResolver()
    court = resolver.resolve_pair("鄂0191", "湖北省武汉经济技术开发区人民法院")
    assert court is not None and court.parent.code == "鄂01" and court.source == "import"
    assert CourtResolver().resolve_pair("鄂0191", "") == court
    assert Court.objects.filter(code="鄂0191").count() == 1
    # a malformed code, or a name alone, registers nothing
    assert CourtResolver().resolve_pair("鄂01x", "某某法院") is None
    assert CourtResolver().resolve_pair("", "火星人民法院") is None


def test_resolver_loads_the_registry_when_needed(world):
    before = Court.objects.count()
    resolver = CourtResolver()
    court = resolver.resolve_pair("京0105", "北京市朝阳区人民法院")
    assert court is not None and court.code == "京0105"
    assert Court.objects.count() > before + 3000
    # the fixture's own courts are still found by their own names
    assert resolver.resolve_pair("", "连云港经济技术开发区人民法院") == world.basic


def test_registry_pairs_from_real_judgments(shared_data):
    path = shared_data / "derived" / "court_code_pairs_dev10.tsv"
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    index = registry_index()
    right = 0
    for row in rows:
        hit = index.resolve(code=row["court_code_in_case_no"], name=row["court_name"])
        if hit and (
            row["court_code_in_case_no"] in (hit.code, *hit.alt_codes)
            or name_key(row["court_name"]) in {name_key(n) for n in (hit.name, *hit.aliases)}
        ):
            right += 1
    assert right / len(rows) >= 0.97
