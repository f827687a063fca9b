from __future__ import annotations

import pytest

from fengqiao.textlaw.casenum import (
    CaseNumber,
    case_type,
    court_codes,
    find_case_numbers,
    iter_case_numbers,
    parse_case_number,
)


@pytest.mark.parametrize(
    ("text", "normalized", "court", "special", "type_code", "seq", "form"),
    [
        ("（2019）粤0113刑初203号", "（2019）粤0113刑初203号", "粤0113", None, "刑初", 203, "2016"),
        ("(2019)粤0113刑初203号", "（2019）粤0113刑初203号", "粤0113", None, "刑初", 203, "2016"),
        ("〔2019〕粤0113刑初203号", "（2019）粤0113刑初203号", "粤0113", None, "刑初", 203, "2016"),
        ("[2019]粤0113刑初203号", "（2019）粤0113刑初203号", "粤0113", None, "刑初", 203, "2016"),
        (
            "（２０１９）粤０１１３刑初２０３号",
            "（2019）粤0113刑初203号",
            "粤0113",
            None,
            "刑初",
            203,
            "2016",
        ),
        (
            " （2019） 粤 0113 刑初 203 号 ",
            "（2019）粤0113刑初203号",
            "粤0113",
            None,
            "刑初",
            203,
            "2016",
        ),
        ("（2019）京0491知民初1号", "（2019）京0491知民初1号", "京0491", "知", "民初", 1, "2018"),
        ("（2019）最高法知民终1号", "（2019）最高法知民终1号", "最高法", "知", "民终", 1, "2018"),
        (
            "（2016）最高法刑核12345678号",
            "（2016）最高法刑核12345678号",
            "最高法",
            None,
            "刑核",
            12345678,
            "2016",
        ),
        ("（2016）闽刑终417号", "（2016）闽刑终417号", "闽", None, "刑终", 417, "2016"),
        ("（2018）京01民终367号", "（2018）京01民终367号", "京01", None, "民终", 367, "2016"),
        ("（2020）京0105执恢123号", "（2020）京0105执恢123号", "京0105", None, "执恢", 123, "2016"),
        ("（2019）粤0113司救民1号", "（2019）粤0113司救民1号", "粤0113", None, "司救民", 1, "2016"),
        ("（2009）周刑再字第8号", "（2009）周刑再字第8号", "周", None, "刑再", 8, "pre2016"),
        (
            "(2013)浙杭商终字第123号",
            "（2013）浙杭商终字第123号",
            "浙杭",
            None,
            "商终",
            123,
            "pre2016",
        ),
        (
            "（2015）南刑一终字第00277号",
            "（2015）南刑一终字第277号",
            "南",
            None,
            "刑终",
            277,
            "pre2016",
        ),
        (
            "（2014）鄂应城刑初字第00213号",
            "（2014）鄂应城刑初字第213号",
            "鄂应城",
            None,
            "刑初",
            213,
            "pre2016",
        ),
        ("（2014）新民民初字第5号", "（2014）新民民初字第5号", "新民", None, "民初", 5, "pre2016"),
        (
            "（2014）中一法知刑初字第12号",
            "（2014）中一法知刑初字第12号",
            "中一法",
            "知",
            "刑初",
            12,
            "pre2016",
        ),
    ],
)
def test_parse_forms(text, normalized, court, special, type_code, seq, form) -> None:
    cn = parse_case_number(text)
    assert cn.ok, cn.error
    assert cn.normalized == normalized
    assert cn.court_code == court
    assert cn.special_code == special
    assert cn.type_code == type_code
    assert cn.seq == seq
    assert cn.form == form
    assert cn.input == text


def test_court_names_and_levels() -> None:
    assert parse_case_number("（2019）京0105民初1号").court_name == "北京市朝阳区人民法院"
    assert parse_case_number("（2019）粤07民终1号").court_name == "广东省江门市中级人民法院"
    assert parse_case_number("（2019）最高法民申1号").court_name == "最高人民法院"
    hi = parse_case_number("（2019）内刑终1号")
    assert hi.court_name == "内蒙古自治区高级人民法院" and hi.court_level == "high"
    unknown = parse_case_number("（2019）粤0999民初1号")
    assert unknown.ok and unknown.court_name is None and unknown.court_level == "basic"
    assert parse_case_number("（2014）粤高法刑四终字第12号").court_name == "广东省高级人民法院"


def test_categories_and_levels() -> None:
    cn = parse_case_number("（2019）粤0113刑初203号")
    assert (cn.case_category, cn.trial_level) == ("criminal", "一审")
    assert parse_case_number("（2019）粤01民终5号").trial_level == "二审"
    assert parse_case_number("（2019）粤01行初5号").case_category == "admin"
    assert parse_case_number("（2019）粤0113执5号").case_category == "execution"
    assert case_type("刑一终") is not None and case_type("刑一终").code == "刑终"


def test_old_spc_without_court_code() -> None:
    cn = parse_case_number("（2013）民提字第12号")
    assert cn.ok and cn.court_code is None and cn.court_name == "最高人民法院" and cn.note


def test_stray_characters_are_noted() -> None:
    cn = parse_case_number("（2019）粤0512刑初第5号")
    assert cn.ok and cn.normalized == "（2019）粤0512刑初5号" and "第" in (cn.note or "")
    cn = parse_case_number("（2016）冀0925刑初字111号")
    assert cn.ok and cn.normalized == "（2016）冀0925刑初111号"
    cn = parse_case_number("2017云06刑初106号")
    assert cn.ok and cn.normalized == "（2017）云06刑初106号"
    assert parse_case_number("案号：（2019）粤0113刑初203号").ok


def test_unknown_special_code_accepted_with_note() -> None:
    cn = parse_case_number("（2021）浙01环民初5号")
    assert cn.ok and cn.special_code == "环" and cn.type_code == "民初" and cn.note


def test_sub_numbers_kept() -> None:
    assert parse_case_number("（2018）豫0105执123-1号").normalized == "（2018）豫0105执123-1号"
    assert (
        parse_case_number("（2018）粤0113民初123号之一").normalized == "（2018）粤0113民初123号之一"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "空"),
        ("hello", "年度"),
        ("（2019）", "编号"),
        ("（2013）无检刑诉86号", "检察院"),
        ("（2019）粤0113刑初0号", "不能为0"),
        ("（1800）粤0113刑初1号", "超出"),
        ("（2019）粤0113ABC1号", "无法识别"),
        ("连开法建(2018)1号", "司法建议书"),
        ("x" * 500, "过长"),
    ],
)
def test_rejections_have_chinese_errors(text: str, fragment: str) -> None:
    cn = parse_case_number(text)
    assert not cn.ok
    assert cn.error and fragment in cn.error
    assert cn.normalized is None


def test_non_string_input() -> None:
    cn = parse_case_number(None)  # type: ignore[arg-type]
    assert not cn.ok and cn.error


def test_find_in_text() -> None:
    text = (
        "本院（2015）甬北刑初字第368号刑事判决，另见（2019）粤0113刑初203号，"
        "贞检公诉刑诉（2015）249号起诉书、2017云06刑初106号，重复（2019）粤0113刑初203号。"
    )
    found = find_case_numbers(text)
    assert [c.normalized for c in found] == [
        "（2015）甬北刑初字第368号",
        "（2019）粤0113刑初203号",
        "（2017）云06刑初106号",
    ]
    spans = list(iter_case_numbers(text))
    assert len(spans) == 4
    cn, s, e = spans[1]
    assert text[s:e] == cn.input == "（2019）粤0113刑初203号"


def test_to_dict_and_frozen() -> None:
    cn = parse_case_number("（2019）粤0113刑初203号")
    d = cn.to_dict()
    assert d["year"] == 2019 and d["ok"] is True
    with pytest.raises(AttributeError):
        cn.year = 2020  # type: ignore[misc]
    assert isinstance(cn, CaseNumber)


def test_court_table_covers_every_province() -> None:
    table = court_codes()
    for abbr in "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵":
        assert abbr in table and table[abbr][1] == "high"
    assert table["最高法"] == ("最高人民法院", "supreme")
