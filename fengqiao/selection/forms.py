from __future__ import annotations

from django import forms

from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.evaluation.models import Rubric


class RoundForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(label="评选名称", max_length=100)
    period_start = forms.DateField(
        label="参评建议成文日期自", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(label="至", widget=forms.DateInput(attrs={"type": "date"}))
    rubric = forms.ChoiceField(label="评分标准", required=False)
    awards_first = forms.IntegerField(label="一等奖名额", min_value=0, max_value=100, initial=1)
    awards_second = forms.IntegerField(label="二等奖名额", min_value=0, max_value=100, initial=2)
    awards_third = forms.IntegerField(label="三等奖名额", min_value=0, max_value=100, initial=3)
    awards_merit = forms.IntegerField(label="优秀奖名额", min_value=0, max_value=100, initial=0)
    quota = forms.IntegerField(label="每院推荐名额", min_value=1, max_value=50, initial=2)
    nomination_deadline = forms.DateField(
        label="推荐截止日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    review_deadline = forms.DateField(
        label="评审截止日期", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, court=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubrics = {
            str(r.pk): r for r in Rubric.objects.filter(court=court).order_by("-version")
        }
        self.fields["rubric"].choices = [("", "默认标准（司法建议质量评分标准）")] + [
            (pk, str(r)) for pk, r in self.rubrics.items()
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["rubric"].widget.attrs["class"] = "form-select form-select-sm"

    def rubric_obj(self):
        return self.rubrics.get(self.cleaned_data.get("rubric") or "")
