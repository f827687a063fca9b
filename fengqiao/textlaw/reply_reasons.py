"""Why a suggestion was not (fully) adopted: a transparent cue-phrase classifier over the reply.

The rules are data — :data:`REASON_CUES` maps each reason to the phrases that point to it. The
classifier counts, per reason, the distinct cue phrases found in the text (a phrase contained in
a longer phrase that also matched counts once) and proposes the reason with the most; a tie goes
to the reason listed first. It never decides: the clerk picks the reason from the list, and the
page shows the proposal with its why, e.g. “因回复中出现‘不属于本单位职责’而建议：职责不属”.

No Django imports: the reason codes and labels here are the ones the suggestions app stores
(``suggestions.models.OutcomeReason``; a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["REASONS", "REASON_CUES", "Proposal", "propose_reason"]

# code → label, in the order the clerk's list shows them (and ties are broken)
REASONS: dict[str, str] = {
    "imprecise": "问题不精准",
    "infeasible": "建议不可行",
    "communication": "沟通不到位",
    "changed": "情况已变化",
    "not_competent": "职责不属",
    "other": "其他",
}

# reason → cue phrases (plain substrings; "other" has none: it is never proposed)
REASON_CUES: dict[str, tuple[str, ...]] = {
    "not_competent": (
        "不属于本单位职责",
        "不属于我单位职责",
        "不属于我局职责",
        "非本单位职责",
        "不在本单位职责范围",
        "超出本单位职权",
        "超出我局职权",
        "职责范围之外",
        "无权处理",
        "无管辖权",
        "应由其他部门",
        "属于其他部门职责",
        "建议向有关主管部门",
        "已移交有关部门",
        "职能已划转",
    ),
    "changed": (
        "情况已发生变化",
        "情况发生了变化",
        "机构改革",
        "已被撤销",
        "已经撤销",
        "已废止",
        "已修订",
        "政策已调整",
        "政策调整",
        "问题已不存在",
        "已不再存在",
        "已自行整改",
        "已另行出台",
    ),
    "infeasible": (
        "不具备条件",
        "尚不具备",
        "难以实施",
        "无法实施",
        "难以落实",
        "无法落实",
        "不可行",
        "经费不足",
        "缺乏经费",
        "人员不足",
        "力量不足",
        "成本过高",
        "客观条件限制",
        "暂无能力",
    ),
    "imprecise": (
        "与实际不符",
        "不符合实际",
        "不符合实际情况",
        "数据有误",
        "事实有误",
        "表述不准确",
        "不够准确",
        "不够具体",
        "针对性不强",
        "个别现象",
        "并非普遍",
        "缺乏依据",
        "问题并不存在",
    ),
    "communication": (
        "未事先沟通",
        "事先未沟通",
        "未征求我单位意见",
        "未征求本单位意见",
        "未与我单位沟通",
        "未与我局沟通",
        "缺乏沟通",
        "沟通不足",
        "沟通不够",
        "此前不了解",
        "首次获悉",
        "未收到",
    ),
}


@dataclass(frozen=True)
class Proposal:
    """The proposed reason (None: no cue found), the cue phrases behind it, and the why."""

    reason: str | None
    cues: tuple[str, ...]
    why: str

    @property
    def label(self) -> str:
        return REASONS.get(self.reason or "", "")


def _found(text: str, phrases: Sequence[str]) -> list[str]:
    hits = [p for p in phrases if p and p in text]
    # a phrase inside a longer matched phrase (不符合实际 in 不符合实际情况) counts once
    return [p for p in hits if not any(p != q and p in q for q in hits)]


def propose_reason(
    texts: str | Iterable[str], rules: Mapping[str, Sequence[str]] | None = None
) -> Proposal:
    """Propose a reason for the reply ``texts`` (the letter's reply and the item's measures)."""
    rules = REASON_CUES if rules is None else rules
    text = texts if isinstance(texts, str) else "\n".join(t for t in texts if t)
    text = text.replace(" ", "").replace("\u3000", "")
    best: tuple[str, list[str]] | None = None
    for reason in REASONS:  # the listed order breaks ties
        hits = _found(text, rules.get(reason, ()))
        if hits and (best is None or len(hits) > len(best[1])):
            best = (reason, hits)
    if best is None:
        return Proposal(None, (), "回复中未发现可据以判断原因的提示语，请人工判断。")
    reason, hits = best
    quoted = "、".join(f"‘{h}’" for h in hits)
    return Proposal(reason, tuple(hits), f"因回复中出现{quoted}而建议：{REASONS[reason]}")
