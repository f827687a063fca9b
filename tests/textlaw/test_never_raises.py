"""Property tests: random input never makes the parsers raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fengqiao.textlaw.amounts import parse_amounts
from fengqiao.textlaw.casenum import find_case_numbers, parse_case_number
from fengqiao.textlaw.causes import normalize_cause
from fengqiao.textlaw.dates import parse_dates
from fengqiao.textlaw.judgment import parse_judgment
from fengqiao.textlaw.numerals import cn_numeral_to_int

LEGAL_ALPHABET = (
    "（）()〔〕[]【】0123456789０１２３４５６７８９号字第刑民行执初终再申核知最高法京粤沪浙检"
    "年月日〇零一二三四五六七八九十百千万亿元人民币余审判长员书记原告被告人上诉公诉机关，。：；、\n 　"
    "判决如下本院认为经审理查明如不服本纠纷一案罪犯"
)
legalish = st.text(alphabet=LEGAL_ALPHABET, max_size=300)
anything = st.text(max_size=300)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(legalish, anything))
def test_case_number_never_raises(text: str) -> None:
    cn = parse_case_number(text)
    assert cn.ok or cn.error
    for c in find_case_numbers(text):
        assert c.ok and c.normalized


@SETTINGS
@given(st.one_of(legalish, anything))
def test_judgment_never_raises(text: str) -> None:
    j = parse_judgment(text)
    j.to_dict()


@SETTINGS
@given(st.one_of(legalish, anything))
def test_helpers_never_raise(text: str) -> None:
    for d in parse_dates(text):
        assert 1900 <= d.year <= 2100
    for v in parse_amounts(text):
        assert v >= 0
    cn_numeral_to_int(text)
    normalize_cause(text)
