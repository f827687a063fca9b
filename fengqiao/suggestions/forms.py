"""Forms for the lifecycle pages; each feeds exactly one service function."""

from __future__ import annotations

from django import forms

from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    DeliveryMethod,
    FollowUp,
    ItemOutcome,
    Meeting,
    OutcomeReason,
    PreCommunication,
)
from fengqiao.textlaw.domains import DOMAINS

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# 专业领域: the domains the case parser derives (fengqiao.textlaw.domains), “其他” last.
DOMAIN_CHOICES = [("", "—（请选择）"), *[(d, d) for d in DOMAINS]]
DOMAIN_HELP = "与案件库解析的专业领域一致，便于按领域统计；不属于所列领域的选“其他”。"
PAIRS = 6  # problem/suggestion rows shown in the editor


class StyledForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
        self.style_fields()


class ClueForm(StyledForm):
    title = forms.CharField(label="线索标题", max_length=200)
    problem = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 4}))
    domain = forms.ChoiceField(
        label="专业领域", choices=DOMAIN_CHOICES, required=False, help_text=DOMAIN_HELP
    )
    recipient = forms.ModelChoiceField(label="拟建议单位", queryset=None, required=False)
    cases = forms.ModelMultipleChoiceField(
        label="相关案件",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, units, cases, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = units
        self.fields["cases"].queryset = cases


class TriageForm(StyledForm):
    decision = forms.ChoiceField(
        label="研判结果",
        choices=[("accept", "采纳，列入议题"), ("reject", "不予采纳"), ("merge", "与其他线索合并")],
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    merge_into = forms.ModelChoiceField(label="合并到", queryset=None, required=False)

    def __init__(self, *args, clues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = clues


class MeetingForm(StyledForm):
    kind = forms.ChoiceField(label="会议类型", choices=Meeting.Kind.choices)
    held_on = forms.DateField(label="会议日期", widget=DATE)
    session_no = forms.CharField(label="届次", max_length=50, required=False)
    attendees = forms.CharField(
        label="出席人员", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AgendaAddForm(StyledForm):
    clue = forms.ModelChoiceField(label="线索", queryset=None)

    def __init__(self, *args, clues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clue"].queryset = clues


class DecideForm(StyledForm):
    decision = forms.ChoiceField(
        label="会议决定",
        choices=[c for c in AgendaItem.Decision.choices if c[0] != AgendaItem.Decision.PENDING],
    )
    category = forms.ChoiceField(
        label="类别", choices=[("", "—"), *Category.choices], required=False
    )
    recipient = forms.ModelChoiceField(label="被建议单位", queryset=None, required=False)
    note = forms.CharField(
        label="会议意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = units


class SuggestionCreateForm(StyledForm):
    title = forms.CharField(label="主题（××问题）", max_length=200)
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    recipient = forms.ModelChoiceField(label="被建议单位", queryset=None)
    domain = forms.ChoiceField(
        label="专业领域", choices=DOMAIN_CHOICES, required=False, help_text=DOMAIN_HELP
    )
    minors_law = forms.BooleanField(label="适用未成年人保护法（一个月内回复）", required=False)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = units


def _lines(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]


class DraftForm(StyledForm):
    """The structured letter: background, problems and suggestions one to one, the tail."""

    title = forms.CharField(
        label="标题", max_length=200, help_text="式样：××人民法院关于××的司法建议书"
    )
    topic = forms.CharField(label="主题（用于答复期限句“推进××问题治理”）", max_length=100)
    background = forms.CharField(
        label="背景与被建议单位已采取的举措（每段一行）", widget=forms.Textarea(attrs={"rows": 4})
    )
    reply_months = forms.TypedChoiceField(
        label="答复期限", coerce=int, choices=[(1, "一个月"), (2, "两个月")]
    )
    minors_law = forms.BooleanField(label="适用未成年人保护法（一个月内回复）", required=False)
    other_matters = forms.CharField(
        label="其他事项（每段一行）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachments = forms.CharField(
        label="附件名称（每个一行）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_name = forms.CharField(label="联系人", max_length=30)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    cc_units = forms.ModelMultipleChoiceField(
        label="抄送单位",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    include_assessment_note = forms.BooleanField(
        label="加注“反馈、落实情况将纳入当地依法治理或平安建设等考核”", required=False
    )
    note = forms.CharField(label="本次修改说明", max_length=200, required=False)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cc_units"].queryset = units
        for i in range(1, PAIRS + 1):
            for kind, label in (("problem", "问题"), ("suggestion", "建议")):
                self.fields[f"{kind}_{i}_heading"] = forms.CharField(
                    label=f"{label}{i}（小标题）", max_length=120, required=False
                )
                self.fields[f"{kind}_{i}_body"] = forms.CharField(
                    label=f"{label}{i}（内容）",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.style_fields()

    @staticmethod
    def initial_from(content: dict, suggestion) -> dict:
        initial = {
            "title": content.get("title", ""),
            "topic": content.get("topic", ""),
            "background": "\n".join(content.get("background", [])),
            "other_matters": "\n".join(content.get("other_matters", [])),
            "attachments": "\n".join(content.get("attachments", [])),
            "contact_name": content.get("contact_name", ""),
            "contact_phone": content.get("contact_phone", ""),
            "include_assessment_note": content.get("include_assessment_note", False),
            "reply_months": suggestion.reply_months,
            "minors_law": suggestion.minors_law,
            "cc_units": list(suggestion.cc_units.all()),
        }
        for kind in ("problem", "suggestion"):
            for i, item in enumerate(content.get(f"{kind}s", [])[:PAIRS], start=1):
                initial[f"{kind}_{i}_heading"] = item.get("heading", "")
                initial[f"{kind}_{i}_body"] = item.get("body", "")
        return initial

    def pairs(self) -> list[tuple]:
        return [
            (
                i,
                self[f"problem_{i}_heading"],
                self[f"problem_{i}_body"],
                self[f"suggestion_{i}_heading"],
                self[f"suggestion_{i}_body"],
            )
            for i in range(1, PAIRS + 1)
        ]

    def content(self) -> dict:
        data = self.cleaned_data

        def items(kind: str) -> list[dict[str, str]]:
            rows = []
            for i in range(1, PAIRS + 1):
                heading = data.get(f"{kind}_{i}_heading", "").strip()
                body = data.get(f"{kind}_{i}_body", "").strip()
                if heading or body:
                    rows.append({"heading": heading, "body": body})
            return rows

        return {
            "title": data["title"].strip(),
            "topic": data["topic"].strip(),
            "background": _lines(data["background"]),
            "problems": items("problem"),
            "suggestions": items("suggestion"),
            "other_matters": _lines(data["other_matters"]),
            "attachments": _lines(data["attachments"]),
            "contact_name": data["contact_name"].strip(),
            "contact_phone": data["contact_phone"].strip(),
            "include_assessment_note": data["include_assessment_note"],
        }


class ReviewForm(StyledForm):
    approve = forms.TypedChoiceField(
        label="审批意见", coerce=lambda v: v == "1", choices=[("1", "同意"), ("0", "退回修改")]
    )
    comment = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    meeting = forms.ModelChoiceField(label="审委会会议记录", queryset=None, required=False)
    override_reason = forms.CharField(
        label="格式检查豁免理由（仅在格式检查未通过、确需签发时填写）", required=False
    )
    see_again = forms.BooleanField(
        label="修改后需再次送我审核",
        required=False,
        help_text="征求被建议单位意见后如修改文稿，本步骤将重新审核；不勾选则沿用本次意见。",
    )

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def clean(self) -> dict:
        data = super().clean()
        if data.get("approve") is False and not data.get("comment", "").strip():
            self.add_error("comment", "退回时必须填写修改意见。")
        return data


class CommunicationForm(StyledForm):
    kind = forms.ChoiceField(label="方式", choices=PreCommunication.Kind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    respond_by = forms.DateField(label="请于此日前反馈意见", widget=DATE, required=False)
    participants = forms.CharField(label="参加人员", max_length=300, required=False)
    note = forms.CharField(
        label="沟通情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpinionForm(StyledForm):
    communication = forms.ModelChoiceField(label="沟通记录", queryset=None)
    opinion = forms.CharField(label="被建议单位意见", widget=forms.Textarea(attrs={"rows": 3}))
    opinion_on = forms.DateField(label="意见日期", widget=DATE)

    def __init__(self, *args, communications, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communication"].queryset = communications


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class DeliveryForm(StyledForm):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    delivered_on = forms.DateField(label="送达日期", widget=DATE)
    receipt = forms.FileField(label="送达回证（PDF/图片）", required=False)
    cc_superior = forms.BooleanField(label="抄送被建议单位上级主管机关（第九条）", required=False)
    cc_superior_court = forms.BooleanField(label="抄送上级法院", required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)


class ExtensionForm(StyledForm):
    months = forms.TypedChoiceField(
        label="延长", coerce=int, choices=[(1, "一个月"), (2, "两个月"), (3, "三个月")]
    )
    reason = forms.CharField(label="理由", max_length=300)


class ReplyForm(StyledForm):
    received_on = forms.DateField(label="回函日期", widget=DATE)
    content = forms.CharField(label="回函内容", widget=forms.Textarea(attrs={"rows": 4}))
    files = forms.FileField(label="回函附件", required=False)

    def __init__(self, *args, items: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for i, heading in enumerate(items, start=1):
            self.fields[f"outcome_{i}"] = forms.ChoiceField(
                label=f"第{i}条建议（{heading[:20]}）", choices=ItemOutcome.choices
            )
            self.fields[f"measures_{i}"] = forms.CharField(
                label=f"第{i}条：采取的措施或理由",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.item_count = len(items)
        self.style_fields()

    def items(self) -> list[tuple[int, str, str]]:
        return [
            (i, self.cleaned_data[f"outcome_{i}"], self.cleaned_data[f"measures_{i}"])
            for i in range(1, self.item_count + 1)
        ]


class FollowUpForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=FollowUp.Kind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    description = forms.CharField(label="情况", widget=forms.Textarea(attrs={"rows": 2}))
    rule_name = forms.CharField(
        label="制定/修改的制度名称（建章立制时填写）", max_length=200, required=False
    )


class CompleteForm(StyledForm):
    completed_on = forms.DateField(label="办结日期", widget=DATE)


class ReplyReasonForm(StyledForm):
    """反馈分析: the clerk's reason for one item of the latest reply (no item: no reply)."""

    item = forms.IntegerField(label="建议序号", required=False, min_value=1, max_value=99)
    reason = forms.ChoiceField(label="原因", choices=OutcomeReason.choices)
    note = forms.CharField(label="说明", max_length=300, required=False)
