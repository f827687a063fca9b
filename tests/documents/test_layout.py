import pytest

from fengqiao.documents.doc_number import format_doc_number, parse_doc_number
from fengqiao.documents.layout import (
    signature_right_indent,
    split_court_name,
    split_title_lines,
    text_width,
)


def test_text_width_counts_half_width_as_half() -> None:
    assert text_width("2025年3月5日") == 6


def test_short_title_is_one_line() -> None:
    assert split_title_lines("某某人民法院关于物业的司法建议书", 20) == [
        "某某人民法院关于物业的司法建议书"
    ]


def test_long_title_breaks_after_court_name() -> None:
    lines = split_title_lines(
        "江苏省连云港经济技术开发区人民法院关于加强住宅小区物业服务监管的司法建议书", 20
    )
    assert lines == [
        "江苏省连云港经济技术开发区人民法院",
        "关于加强住宅小区物业服务监管的司法建议书",
    ]


def test_very_long_title_keeps_words_whole() -> None:
    title = "江苏省连云港经济技术开发区人民法院关于进一步加强住宅小区物业服务企业退出交接程序监督管理工作的司法建议书"
    lines = split_title_lines(title, 20)
    assert "".join(lines) == title
    assert all(text_width(line) <= 20 for line in lines)
    assert len(lines) == 3
    assert not lines[2].startswith("业")  # "企业" not split


def test_cover_court_name_lines() -> None:
    assert split_court_name("江苏省连云港经济技术开发区人民法院", 14) == [
        "江苏省连云港经济技术开发区",
        "人民法院",
    ]
    assert split_court_name("连云港市中级人民法院", 14) == ["连云港市中级人民法院"]


def test_signature_indent_centres_short_names_over_the_date() -> None:
    assert signature_right_indent("连云港市中级人民法院", "2025年3月5日") == 2
    assert signature_right_indent("江苏省连云港经济技术开发区人民法院", "2025年3月5日") == 0


def test_format_doc_number() -> None:
    assert format_doc_number("连开", 2025, 3) == "连开法建〔2025〕3号"
    with pytest.raises(ValueError):
        format_doc_number("连开", 2025, 0)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("连开法建〔2025〕3号", set()),
        ("法建〔2024〕1号", set()),
        ("连开法建（2025）3号", {"doc_number_brackets"}),
        ("连开法建(2018)1号", {"doc_number_brackets"}),
        ("连开法建〔2025〕第3号", {"doc_number_di"}),
        ("连开法建〔2025〕03号", {"doc_number_leading_zero"}),
        ("连开法建〔25〕3号", {"doc_number_year"}),
        ("连开法建〔1925〕3号", {"doc_number_year"}),
        ("连开司建〔2025〕3号", {"doc_number_fajian"}),
        ("连开法建〔２０２５〕3号", {"doc_number_form"}),
        ("连开法建 〔2025〕3号", {"doc_number_form"}),
        ("随便写的", {"doc_number_form"}),
    ],
)
def test_parse_doc_number(text: str, codes: set[str]) -> None:
    parsed = parse_doc_number(text, supreme_court=text.startswith("法建"))
    assert {i.code for i in parsed.issues} == codes


def test_local_court_number_needs_place_abbreviation() -> None:
    codes = {i.code for i in parse_doc_number("法建〔2024〕1号").issues}
    assert codes == {"doc_number_place"}


@pytest.mark.parametrize(
    ("title", "keep", "whole"),
    [
        (
            "江苏省连云港经济技术开发区人民法院关于规范银行账户开户和交易风险管控的司法建议书",
            (),
            ("开户和交易",),
        ),
        (
            "江苏省南京市玄武区人民法院关于中国工商银行股份有限公司南京分行"
            "加强信用卡催收管理的司法建议书",
            (),
            ("中国工商银行股份有限公司南京分行",),
        ),
        (
            "江苏省连云港经济技术开发区人民法院关于连云港市海州区住房和城乡建设局"
            "加强物业服务企业退出交接监管的司法建议书",
            ("连云港市海州区住房和城乡建设局",),
            ("连云港市海州区住房和城乡建设局",),
        ),
    ],
)
def test_titles_break_at_word_boundaries_keeping_names_whole(title, keep, whole):
    from fengqiao.documents.layout import split_title_lines

    lines = split_title_lines(title, 20, keep=keep)
    assert "".join(lines) == title and all(len(line) <= 20 for line in lines)
    for unit in whole:
        assert any(unit in line for line in lines), lines
