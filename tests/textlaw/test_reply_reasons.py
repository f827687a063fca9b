"""The cue-phrase classifier proposing why a suggestion was not (fully) adopted."""

from __future__ import annotations

import pytest

from fengqiao.textlaw.reply_reasons import REASON_CUES, REASONS, propose_reason


@pytest.mark.parametrize(
    ("text", "reason", "cue"),
    [
        ("经核实，来函所述数据有误，与实际不符。", "imprecise", "数据有误"),
        ("受编制所限，目前人员不足，该项建议难以实施。", "infeasible", "难以实施"),
        ("此前未与我单位沟通，我局首次获悉该问题。", "communication", "首次获悉"),
        ("因机构改革，相关职能已调整，情况已发生变化。", "changed", "情况已发生变化"),
        ("该事项不属于本单位职责，建议向有关主管部门反映。", "not_competent", "不属于本单位职责"),
    ],
)
def test_each_reason_is_proposed_with_its_cue(text, reason, cue):
    proposal = propose_reason(text)
    assert proposal.reason == reason
    assert cue in proposal.cues
    assert proposal.label == REASONS[reason]
    assert f"‘{cue}’" in proposal.why
    assert proposal.why.endswith(f"而建议：{REASONS[reason]}")


def test_the_why_names_every_phrase_found():
    proposal = propose_reason("该事项不属于本单位职责，且我局无权处理。")
    assert proposal.reason == "not_competent"
    assert proposal.why == "因回复中出现‘不属于本单位职责’、‘无权处理’而建议：职责不属"


def test_most_cues_win_and_ties_go_to_the_listed_order():
    # two cues for 建议不可行, one for 职责不属
    assert propose_reason("难以实施，经费不足；另非本单位职责。").reason == "infeasible"
    # one each: 问题不精准 is listed before 职责不属
    assert propose_reason("数据有误；非本单位职责。").reason == "imprecise"


def test_a_phrase_inside_a_longer_matched_phrase_counts_once():
    proposal = propose_reason("上述情形不符合实际情况。")
    assert proposal.cues == ("不符合实际情况",)


def test_texts_are_joined_and_spaces_ignored():
    assert propose_reason(["", "不属于 本单位职责"]).reason == "not_competent"


def test_no_cue_proposes_nothing_and_says_so():
    proposal = propose_reason("已组织研究，将认真落实。")
    assert proposal.reason is None and proposal.cues == ()
    assert "人工判断" in proposal.why


def test_rules_are_data_and_other_is_never_proposed():
    assert set(REASON_CUES) <= set(REASONS)
    assert "other" not in REASON_CUES
    assert propose_reason("自定义提示", rules={"changed": ("自定义提示",)}).reason == "changed"


def test_reason_codes_match_the_stored_choices():
    from fengqiao.suggestions.models import OutcomeReason

    assert dict(OutcomeReason.choices) == REASONS
