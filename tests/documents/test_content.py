from datetime import date

import pytest

from fengqiao.documents.content import (
    chinese_count,
    chinese_ordinal,
    format_cn_date,
    register_extract_from_suggestion,
    sample_notice_content,
    sample_suggestion_content,
)


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (2, "二"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")]
)
def test_chinese_ordinal(n: int, text: str) -> None:
    assert chinese_ordinal(n) == text


def test_chinese_count_uses_liang() -> None:
    assert chinese_count(2) == "两"
    assert chinese_count(1) == "一"


def test_date_has_no_zero_padding() -> None:
    assert format_cn_date(date(2025, 3, 5)) == "2025年3月5日"


def test_reply_sentence_follows_the_2023_template() -> None:
    content = sample_suggestion_content()
    sentence = content.reply_sentence
    assert sentence.startswith("请你单位在收到本建议书后及时研究，采取有力措施推进物业服务问题治理")
    assert "并在两个月内向我院书面反馈工作进展情况。" in sentence
    content.include_assessment_note = True
    assert "纳入当地依法治理或平安建设等考核" in content.reply_sentence
    content.reply_sentence_override = "自定义。"
    assert content.reply_sentence == "自定义。"


def test_sample_is_valid_and_one_to_one() -> None:
    content = sample_suggestion_content()
    assert content.validation_errors() == []
    assert len(content.problems) == len(content.suggestions) == 3
    assert content.title.startswith(content.court_name)


def test_validation_errors_are_chinese() -> None:
    content = sample_suggestion_content()
    content.suggestions = content.suggestions[:2]
    content.reply_months = 3
    errors = content.validation_errors()
    assert any("一一对应" in e for e in errors)
    assert any("两个月" in e for e in errors)


def test_notice_asks_for_opinion_by_due_date() -> None:
    notice = sample_notice_content()
    assert "请于2025年2月28日前将书面意见反馈我院" in notice.request_sentence
    assert "视为" not in notice.request_sentence  # 第五条 gives no such rule


def test_register_extract_rows() -> None:
    extract = register_extract_from_suggestion(
        sample_suggestion_content(), generated_on=date(2025, 5, 1), extra_rows=[("签发人", "张某")]
    )
    labels = [label for label, _ in extract.rows]
    assert labels[0] == "建议书编号" and labels[-1] == "签发人"
