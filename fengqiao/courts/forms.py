from __future__ import annotations

from django import forms

from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.courts.models import RecipientUnit, UnitKind


class BootstrapFormMixin(CleanTextFormMixin):
    """Give every widget Bootstrap's classes, so templates stay plain (and clean the text
    fields of control characters, see ``fengqiao.core.forms``)."""

    def style_fields(self) -> None:
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class RecipientUnitForm(BootstrapFormMixin, forms.Form):
    court = forms.ModelChoiceField(label="登记法院", queryset=None, empty_label=None)
    name = forms.CharField(label="单位全称", max_length=200)
    kind = forms.ChoiceField(label="单位类型", choices=UnitKind.choices)
    superior = forms.ModelChoiceField(
        label="上级主管机关", queryset=RecipientUnit.objects.none(), required=False
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=50, required=False)

    def __init__(self, *args, courts, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts
        self.fields["superior"].queryset = units
        self.style_fields()
