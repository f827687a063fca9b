"""Built-in letter templates, one per category, from the 2023 rules (法释〔2023〕11号 and its
附件1《人民法院司法建议书制作规范》、附件2 文书样式). Every sentence below is either the 样式's own
wording or a structural instruction of the 规范; nothing is invented beyond them. A court's own
or adopted templates are shown beside these on the writing guide."""

from __future__ import annotations

from dataclasses import dataclass

from fengqiao.suggestions.models import CATEGORY_SOURCE, Category

TITLE = "××人民法院关于××问题的司法建议书"
OPENING = (
    "（先写该领域工作的重要性及被建议单位已采取的主要举措及成效。）\n"
    "我院在审判（执行）工作（或写明××个案，或写明案件类型，或写明司法调研工作）中，发现…………。"
)
PROBLEMS = "一、……（问题一：事实、数据与依据的案件）\n二、……（问题二）"
SUGGESTIONS = (
    "为此，特建议：\n"
    "一、……（对应问题一，依据法律法规及政策提出的具体建议）\n"
    "二、……（对应问题二）\n"
    "请你单位在收到本建议书后及时研究，采取有力措施推进××问题治理，"
    "并在×个月内向我院书面反馈工作进展情况。"
)
COMMON_NOTES = (
    "建议与问题应当一一对应（附件1“三、主文”）；答复期限一般不超过两个月，法律、司法解释另有规定的依照其规定"
    "（第八条）；提出前应充分调查研究并与被建议单位沟通、听取意见（第五条）；起草完成后提请审判委员会审议，"
    "由院长签发（第七条）；统一编号“地名简称＋法建〔年度〕序号号”（第六条）；问题重大的可抄送上级主管机关"
    "（第九条）。落款顺序：附件 →（院印）→ ××人民法院 → 年 月 日 → 联系人 → 抄送。"
)


@dataclass(frozen=True)
class BuiltIn:
    category: str
    name: str
    title_pattern: str
    problem_skeleton: str
    suggestion_skeleton: str
    notes: str

    def get_category_display(self) -> str:
        return Category(self.category).label


_EXTRA = {
    Category.GOVERNANCE: "综合治理类：针对社会治理领域矛盾纠纷多发高发的突出问题（第一条），"
    "一般向本院辖区范围内的同级主管机关提出（第三条）。",
    Category.CLASS: "类案：样式中“或写明案件类型”，写明同类案件的数量、时间范围与共性问题。",
    Category.INDIVIDUAL: "个案：样式中“或写明××个案”，写明案号与案件中暴露的问题。",
    Category.CIVIL_117: "综合治理类以外的其他司法建议，依照有关法律、司法解释的规定办理，"
    "没有规定的事项参照 2023 规定办理（第十二条）。",
    Category.ADMIN_96: "综合治理类以外的其他司法建议，依照有关法律、司法解释的规定办理，"
    "没有规定的事项参照 2023 规定办理（第十二条）。",
}


def built_in_templates() -> list[BuiltIn]:
    return [
        BuiltIn(
            category=value,
            name=f"{label}司法建议书（2023 样式）",
            title_pattern=TITLE,
            problem_skeleton=f"{OPENING}\n{PROBLEMS}",
            suggestion_skeleton=SUGGESTIONS,
            notes=f"{_EXTRA[value]}{COMMON_NOTES}",
        )
        for value, label in Category.choices
    ]


SOURCE_NOTE = "依据：法释〔2023〕11号及附件1、附件2。" + CATEGORY_SOURCE
