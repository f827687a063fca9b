"""Forms of the 征求意见 (事前沟通, 第五条): the court sends and concludes, the recipient answers."""

from __future__ import annotations

from django import forms

from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.documents.content import chinese_ordinal
from fengqiao.suggestions.forms import DATE, StyledForm
from fengqiao.suggestions.models import PreCommunication
from fengqiao.suggestions.precommunication import notice_period_days


class NoticeForm(StyledForm):
    """发出征求意见稿（告知函）, or record a visit / meeting on the draft."""

    kind = forms.ChoiceField(label="方式", choices=PreCommunication.Kind.choices)
    held_on = forms.DateField(label="日期（告知函落款日期）", widget=DATE)
    respond_by = forms.DateField(label="请于此日前反馈意见", widget=DATE, required=False)
    participants = forms.CharField(
        label="参加人员（走访、座谈时填写）", max_length=300, required=False
    )
    note = forms.CharField(
        label="沟通情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respond_by"].help_text = (
            f"告知函须给出答复期限：不填时为告知函日期后 {notice_period_days()} 天；"
            "不能早于今天，也不能是告知函当天。"
        )


class ConcludeForm(StyledForm):
    decision = forms.ChoiceField(
        label="征求意见后",
        choices=PreCommunication.Conclusion.choices,
        widget=forms.RadioSelect,
        initial=PreCommunication.Conclusion.REVISE,
    )
    reason = forms.CharField(
        label="修改要求（退回修改时必填，起草人将收到提醒）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == PreCommunication.Conclusion.REVISE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "退回修改时请写明修改要求。")
        return data


class AnswerForm(CleanTextFormMixin, forms.Form):
    """The recipient's answer to the 征求意见稿: overall stance, per-item opinions, free text."""

    communication = forms.IntegerField(label="告知函", widget=forms.HiddenInput)
    stance = forms.ChoiceField(
        label="总体意见",
        choices=PreCommunication.Stance.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=False,
    )
    opinion = forms.CharField(
        label="其他意见或说明",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for number in range(1, len(self.items) + 1):
            self.fields[f"item_{number}"] = forms.CharField(
                label=f"对建议（{chinese_ordinal(number)}）的意见",
                max_length=3000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def item_rows(self):
        return [
            (number, item, self[f"item_{number}"])
            for number, item in enumerate(self.items, start=1)
        ]

    def item_opinions(self) -> list[tuple[int, str]]:
        return [
            (number, self.cleaned_data.get(f"item_{number}", ""))
            for number in range(1, len(self.items) + 1)
        ]

    def clean(self):
        data = super().clean()
        has_items = any(
            (data.get(f"item_{n}") or "").strip() for n in range(1, len(self.items) + 1)
        )
        has_text = bool((data.get("opinion") or "").strip())
        if not data.get("stance") and not has_items and not has_text:
            raise forms.ValidationError(
                "请选择总体意见：没有不同意见的，选择“无不同意见”；有意见的，请逐条或在下方填写。"
            )
        if data.get("stance") == PreCommunication.Stance.OPINIONS and not (has_items or has_text):
            raise forms.ValidationError(
                "选择“有修改意见”时，请至少对一条建议填写意见或填写其他意见。"
            )
        if data.get("stance") == PreCommunication.Stance.AGREE and has_items:
            raise forms.ValidationError(
                "选择“无不同意见”时不需要填写逐条意见；如有意见，请选择“有修改意见”。"
            )
        return data
