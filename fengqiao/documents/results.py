"""Check results: error records, the rule catalogue and a collector that caps repeats."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class CheckError:
    code: str
    message: str
    where: str


@dataclass
class CheckResult:
    errors: list[CheckError] = field(default_factory=list)
    unreadable: bool = False
    kind: str = ""  # the document kind checked (rules_kinds.KINDS)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def codes(self) -> set[str]:
        return {e.code for e in self.errors}

    def to_dict(self) -> dict:
        return {"ok": self.ok, "kind": self.kind, "errors": [asdict(e) for e in self.errors]}


# code → what the rule checks (help texts, the lead's UI)
RULES: dict[str, str] = {
    "unreadable": "文件无法安全读取",
    "page_size": "纸张为 A4 纵向",
    "page_margin": "页边距：上37、下35、左28、右26 mm（±1 mm）",
    "missing_title": "标题存在",
    "title_form": "标题为“××人民法院关于××的司法建议书”",
    "title_font": "标题用小标宋体",
    "title_size": "标题用2号字（22磅）",
    "title_alignment": "标题居中",
    "missing_doc_number": "有司法建议书编号",
    "doc_number_form": "编号为“地名简称+法建〔年度〕+序号+号”",
    "doc_number_brackets": "编号年份用六角括号〔〕",
    "doc_number_di": "顺序号不加“第”",
    "doc_number_leading_zero": "顺序号不编虚位",
    "doc_number_year": "年份四位且合理",
    "doc_number_year_mismatch": "编号年份与成文日期年份一致",
    "doc_number_fajian": "编号含“法建”",
    "doc_number_place": "地方法院编号以地名简称开头",
    "doc_number_alignment": "编号居中",
    "missing_recipient": "有被建议单位（主送）",
    "recipient_colon": "被建议单位后用全角冒号",
    "recipient_indent": "被建议单位居左顶格",
    "missing_background": "先写该领域工作的重要性和被建议单位已采取的举措",
    "missing_problems": "列明发现的问题",
    "missing_suggestions": "提出具体建议",
    "suggestions_not_one_to_one": "建议与问题一一对应",
    "missing_reply_period": "写明书面反馈期限",
    "reply_period_too_long": "反馈期限一般不超过两个月",
    "body_font": "正文用仿宋体",
    "body_size": "正文用3号字（16磅）",
    "body_indent": "正文段落首行左空二字",
    "heading1_font": "一级标题“一、”用黑体",
    "heading2_font": "二级标题“（一）”用楷体",
    "heading3_font": "三、四级标题“1.”“（1）”用仿宋体",
    "line_spacing": "行距约28.95磅（每页22行）",
    "missing_date": "有成文日期",
    "date_format": "成文日期用阿拉伯数字、月日不编虚位",
    "date_indent": "成文日期右空四字",
    "missing_court_name": "落款有法院名称",
    "court_name_mismatch": "落款法院与标题法院一致",
    "missing_contact": "有联系人",
    "missing_contact_phone": "有联系电话",
    "attachment_after_date": "附件说明在正文之后、成文日期之前",
    "attachment_format": "附件说明格式（附件：1.名称，名称后不加标点）",
    "cc_punctuation": "抄送单位以“。”结尾",
    "cc_separator": "抄送单位间用“，”或“、”分隔",
    "cc_alignment": "抄送回行与冒号后首字对齐",
    "page_number_missing": "页脚有页码",
    "page_number_odd_even": "单页码居右、双页码居左（奇偶页不同）",
    "page_number_font": "页码用4号半角宋体",
    "page_number_style": "页码两侧各有一条一字线（— 1 —）",
    # rules shared by the letters, and the forms' rules (rules_kinds.py)
    "hanging_punctuation": "行末标点不悬挂在版心之外（每行28字）",
    "cc_before_contact": "抄送在联系人之后、文末",
    "draft_with_signature": "征求意见稿不加院印位置、不写成文日期",
    "draft_unmarked": "未签发的稿件首页标明“征求意见稿”",
    "signed_marked_draft": "已签发的文书不标“征求意见稿”",
    "date_not_signing_date": "成文日期与签发日期一致",
    "form_missing_field": "表格栏目齐全",
    "form_label_wrapped": "栏目名称不拆成单字一行",
}

MAX_PER_CODE = 5


class Collector:
    """Collects errors; after MAX_PER_CODE of one code, the rest become one summary."""

    def __init__(self) -> None:
        self.errors: list[CheckError] = []
        self.counts: Counter[str] = Counter()

    def add(self, code: str, message: str, where: str) -> None:
        self.counts[code] += 1
        if self.counts[code] <= MAX_PER_CODE:
            self.errors.append(CheckError(code, message, where))

    def result(self) -> CheckResult:
        errors = list(self.errors)
        for code, n in self.counts.items():
            if n > MAX_PER_CODE:
                errors.append(
                    CheckError(code, f"另有 {n - MAX_PER_CODE} 处同类问题：{RULES[code]}。", "多处")
                )
        return CheckResult(errors)
