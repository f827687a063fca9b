from __future__ import annotations

from django import forms
from django.utils import timezone

from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.documents.content import Item
from fengqiao.suggestions.models import ItemOutcome
from fengqiao.suggestions.uploads import ALLOWED_LABEL, ALLOWED_TYPES, max_upload_bytes

# Outcomes that need a reason, not only measures.
REASON_REQUIRED = {ItemOutcome.PARTLY, ItemOutcome.NOT_ADOPTED, ItemOutcome.EXPLAINED}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ReplyForm(CleanTextFormMixin, forms.Form):
    received_on = forms.DateField(
        label="回函日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    content = forms.CharField(
        label="回函内容",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        help_text="概述研究情况、整改措施和下一步工作安排。",
    )
    attachments = MultipleFileField(
        label="附件",
        required=False,
        widget=MultipleFileInput(
            attrs={"class": "form-control", "accept": ",".join(sorted(ALLOWED_TYPES))}
        ),
    )

    def __init__(self, *args, items: list[Item], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "attachments"
        ].help_text = f"可多选。允许 {ALLOWED_LABEL}，单个文件不超过 {max_upload_bytes() // (1024 * 1024)} MB。"
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
        self.items = items
        for number in range(1, len(items) + 1):
            self.fields[f"item_{number}_outcome"] = forms.ChoiceField(
                label=f"第{number}条建议的采纳情况",
                choices=[("", "请选择"), *ItemOutcome.choices],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"item_{number}_measures"] = forms.CharField(
                label="采取的措施或理由",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            )

    def item_rows(self) -> list[dict]:
        return [
            {
                "number": number,
                "item": item,
                "outcome": self[f"item_{number}_outcome"],
                "measures": self[f"item_{number}_measures"],
            }
            for number, item in enumerate(self.items, start=1)
        ]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("回函日期不能晚于今天。")
        return value

    def clean(self):
        cleaned = super().clean()
        for number in range(1, len(self.items) + 1):
            outcome = cleaned.get(f"item_{number}_outcome")
            measures = (cleaned.get(f"item_{number}_measures") or "").strip()
            if outcome in REASON_REQUIRED and not measures:
                self.add_error(
                    f"item_{number}_measures",
                    f"第{number}条建议为“{ItemOutcome(outcome).label}”，请写明理由或措施。",
                )
        return cleaned

    def reply_items(self) -> list[tuple[int, str, str]]:
        return [
            (
                number,
                self.cleaned_data[f"item_{number}_outcome"],
                self.cleaned_data[f"item_{number}_measures"].strip(),
            )
            for number in range(1, len(self.items) + 1)
        ]
