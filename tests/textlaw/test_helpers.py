from __future__ import annotations

from datetime import date

import pytest

from fengqiao.textlaw.amounts import find_amounts, parse_amounts
from fengqiao.textlaw.dates import find_dates, parse_date, parse_dates
from fengqiao.textlaw.numerals import cn_numeral_to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二〇一九", 2019), ("二零零八", 2008), ("十二", 12), ("二十一", 21), ("一百零五", 105),
        ("三万五千", 35000), ("壹拾贰", 12), ("两千", 2000), ("3万", 30000), ("一亿二千万", 120000000),
        ("三百三十万", 3300000), ("零", 0), ("十", 10), ("一千零一", 1001), ("123", 123),
    ],
)  # fmt: skip
def test_cn_numerals(text: str, value: int) -> None:
    assert cn_numeral_to_int(text) == value


@pytest.mark.parametrize("text", ["", "x", "十二x", "年", None, "1.5"])
def test_cn_numerals_invalid(text) -> None:
    assert cn_numeral_to_int(text) is None


def test_dates() -> None:
    text = "二〇一九年三月十二日，2019年3月2日，同年9月2日，2019-03-12，二O一八年八月二十七日，2019年2月30日，二零一七年十二月二十一日"
    assert parse_dates(text) == [
        date(2019, 3, 12), date(2019, 3, 2), date(2019, 3, 12), date(2018, 8, 27), date(2017, 12, 21),
    ]  # fmt: skip
    assert parse_date("判决于２０１９年１０月１日作出") == date(2019, 10, 1)
    assert parse_date("没有日期") is None
    d, s, _e = find_dates("于2018年 6 月 1 日立案")[0]
    assert d == date(2018, 6, 1) and s == 1


def test_amounts() -> None:
    text = (
        "借款5000元，利息1.5万元，人民币二十万元，壹拾万元整，1,234.56元，三十余万元，5000余元，"
        "美元100元，共计人民币1327.2595万元，3000元/月，单元楼，１２３元，12，345元"
    )
    assert parse_amounts(text) == [
        5000.0, 15000.0, 200000.0, 100000.0, 1234.56, 300000.0, 5000.0, 100.0, 13272595.0, 3000.0,
        123.0, 12345.0,
    ]  # fmt: skip
    v, s, e = find_amounts("罚金人民币五千元。")[0]
    assert v == 5000.0 and "五千元" in "罚金人民币五千元。"[s:e]
    assert parse_amounts("") == [] and parse_amounts(None) == []  # type: ignore[arg-type]
