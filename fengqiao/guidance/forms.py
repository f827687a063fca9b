from __future__ import annotations

from django import forms

from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.suggestions.models import Category


class CommentForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label="指导意见", max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


class RespondForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(
        label="回复（整改或说明）", max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


class TemplateForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    name = forms.CharField(label="模板名称", max_length=100)
    title_pattern = forms.CharField(
        label="标题格式",
        max_length=200,
        initial="××人民法院关于××问题的司法建议书",
        help_text="含“关于”，以“司法建议书”结尾",
    )
    problem_skeleton = forms.CharField(
        label="问题部分提纲", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    suggestion_skeleton = forms.CharField(
        label="建议部分提纲", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    notes = forms.CharField(
        label="制作说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


class ExchangeForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(
        label="召开日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请填写正确的日期（年-月-日）。"},
    )
    place = forms.CharField(label="地点", max_length=200)
    attendee_courts = forms.ModelMultipleChoiceField(
        label="参会法院",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    attendee_people = forms.CharField(
        label="参会人员",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人，可注明单位职务",
    )
    summary = forms.CharField(
        label="会议纪要/交流情况", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, courts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendee_courts"].queryset = courts
        self.style_fields()
