from __future__ import annotations

from django import forms
from django.utils import timezone

from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.courts.models import Court


def default_report_year() -> int:
    """The year a report is usually written for: this year from November, else the last."""
    today = timezone.localdate()
    return today.year if today.month >= 11 else today.year - 1


class AnnualReportForm(BootstrapFormMixin, forms.Form):
    court = forms.ModelChoiceField(label="报告法院", queryset=Court.objects.none())
    year = forms.IntegerField(label="年度", min_value=1990)
    subtree = forms.BooleanField(label="含辖区下级法院", required=False)
    problems = forms.CharField(
        label="存在的问题（每段一行，可修改）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    plan = forms.CharField(
        label="下一步工作打算（每段一行，可修改）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, courts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts
        self.style_fields()
        self.fields["subtree"].widget.attrs["class"] = "form-check-input"

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("年度不能晚于今年。")
        return year

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]
