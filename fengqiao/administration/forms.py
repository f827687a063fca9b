"""Forms of the administration pages: parse and check input; the services do the writing."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q

from fengqiao.administration.bulk_import import phone_problem
from fengqiao.courts.forms import BootstrapFormMixin
from fengqiao.courts.models import Division, RecipientUnit, Role, UnitKind


class StyledForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"


def _clean_phone(value: str) -> str:
    problem = phone_problem(value.strip())
    if problem:
        raise forms.ValidationError(problem)
    return value.strip()


class UserFieldsMixin:
    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))


class DivisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Division) -> str:
        return obj.name


def _division_field(court, current_id: int | None = None) -> forms.ModelChoiceField:
    """Active divisions, plus the person's current one even if it was deactivated since
    (so saving the form does not silently drop it)."""
    offered = Q(is_active=True) | Q(pk=current_id) if current_id else Q(is_active=True)
    return DivisionChoiceField(
        label="所在庭室",
        queryset=Division.objects.filter(offered, court=court).order_by("id"),
        required=False,
        empty_label="（不属于具体庭室）",
    )


def _roles_field(required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="角色",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        error_messages={"required": "请至少选择一个角色。"},
    )


class UserCreateForm(UserFieldsMixin, StyledForm):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="登录用，只能包含字母、数字和 @ . + - _，如 zhangsan",
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="电话", max_length=50, required=False)

    def __init__(self, *args, court, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"] = _division_field(court)
        self.fields["roles"] = _roles_field()
        self.style_fields()
        self.fields["roles"].widget.attrs["class"] = "form-check-input"


class UserEditForm(UserFieldsMixin, StyledForm):
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="电话", max_length=50, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    def __init__(
        self, *args, court, is_recipient: bool, current_division_id: int | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if not is_recipient:
            self.fields["division"] = _division_field(court, current_division_id)
            self.fields["roles"] = _roles_field()
        self.style_fields()
        if "roles" in self.fields:
            self.fields["roles"].widget.attrs["class"] = "form-check-input"


class DivisionForm(StyledForm):
    name = forms.CharField(label="庭室名称", max_length=50)


class RecipientForm(StyledForm):
    name = forms.CharField(label="单位全称", max_length=200)
    kind = forms.ChoiceField(label="单位类型", choices=UnitKind.choices)
    superior = forms.ModelChoiceField(
        label="上级主管机关", queryset=RecipientUnit.objects.none(), required=False
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=50, required=False)

    def __init__(self, *args, court, exclude_pk: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = RecipientUnit.objects.filter(court=court).order_by("name")
        if exclude_pk is not None:
            units = units.exclude(pk=exclude_pk)
        self.fields["superior"].queryset = units

    def clean_contact_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("contact_phone", ""))


class DocumentSettingsForm(StyledForm):
    short_name = forms.CharField(
        label="地名简称", max_length=20, required=False, help_text="用于司法建议书编号，如“连开”"
    )
    doc_number_pattern = forms.CharField(
        label="司法建议书编号格式",
        max_length=60,
        help_text="可用 {short}（地名简称）、{year}（年度）、{n}（序号），如 {short}法建〔{year}〕{n}号",
    )
    seal = forms.FileField(
        label="院印图片（PNG）",
        required=False,
        help_text="透明背景的 PNG 图片，不超过 2 MB",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png"}),
    )
    remove_seal = forms.BooleanField(label="删除已上传的院印图片", required=False)
    embed_seal = forms.BooleanField(
        label="在封面和落款处加盖电子院印",
        required=False,
        help_text="不勾选时，落款处保留“（院印）”字样，打印后加盖实物印章",
    )
    contact_name = forms.CharField(label="默认联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="默认联系电话", max_length=50, required=False)

    def clean_contact_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("contact_phone", ""))


class TokenForm(StyledForm):
    name = forms.CharField(
        label="用途", max_length=100, required=False, help_text="如“案件系统对接”，便于日后辨认"
    )
    expires_days = forms.IntegerField(
        label="有效天数",
        min_value=1,
        max_value=3650,
        required=False,
        help_text="留空表示长期有效（可随时吊销）",
    )


class ImportUploadForm(StyledForm):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


_DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_RANGE_RE = re.compile(rf"^{_DAY}\s*(?:至|到|~|～|—|--)\s*{_DAY}$")
_ONE_RE = re.compile(rf"^{_DAY}$")


def parse_days(text: str) -> list[date]:
    """Dates one per line (2027-01-01 or 2027年1月1日), or ranges “2027-02-05 至 2027-02-11”;
    commas and 、 also separate. Raises forms.ValidationError naming the bad line."""
    days: list[date] = []
    for raw in re.split(r"[\n,，、;；]+", text or ""):
        line = raw.strip()
        if not line:
            continue
        try:
            if m := _RANGE_RE.match(line):
                start = date(int(m[1]), int(m[2]), int(m[3]))
                end = date(int(m[4]), int(m[5]), int(m[6]))
                if end < start or (end - start).days > 31:
                    raise ValueError
                days += [start + timedelta(days=k) for k in range((end - start).days + 1)]
            elif m := _ONE_RE.match(line):
                days.append(date(int(m[1]), int(m[2]), int(m[3])))
            else:
                raise ValueError
        except ValueError:
            raise forms.ValidationError(
                f"无法识别“{line[:30]}”：请按“2027-01-01”或“2027-02-05 至 2027-02-11”填写。"
            ) from None
    return days


class HolidayScheduleForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一个日期或一个区间，如“2027-01-01”“2027-02-05 至 2027-02-11”",
    )
    workdays = forms.CharField(
        label="调休上班日期（周末上班）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个日期，如“2027-02-20”",
    )
    source = forms.CharField(
        label="依据",
        max_length=200,
        required=False,
        help_text="如“国务院办公厅关于2027年部分节假日安排的通知”",
    )

    def clean_holidays(self) -> list[date]:
        return parse_days(self.cleaned_data.get("holidays", ""))

    def clean_workdays(self) -> list[date]:
        return parse_days(self.cleaned_data.get("workdays", ""))
