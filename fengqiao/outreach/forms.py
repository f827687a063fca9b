from __future__ import annotations

from django import forms

from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.outreach.sectors import Sector


class Styled(CleanTextFormMixin, forms.Form):
    """Bootstrap classes on the widgets (checkboxes excepted); text cleaned of control
    characters like every form of the project."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            widget.attrs.setdefault("class", "form-control")


class ExportForm(Styled):
    date_from = forms.DateField(label="送达日期自", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="送达日期至", widget=forms.DateInput(attrs={"type": "date"}))
    subtree = forms.BooleanField(label="包括辖区法院", required=False)
    recipient_institution = forms.CharField(label="接收机构（高校、科研机构）", max_length=200)
    agreement_number = forms.CharField(label="数据使用协议编号", max_length=100)
    agreement_title = forms.CharField(label="协议名称", max_length=200, required=False)
    agreement_date = forms.DateField(
        label="协议签订日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        a, b = data.get("date_from"), data.get("date_to")
        if a and b and a > b:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data


class AssociationForm(Styled):
    name = forms.CharField(label="协会名称", max_length=200)
    sectors = forms.MultipleChoiceField(
        label="会员行业", choices=Sector.choices, widget=forms.CheckboxSelectMultiple
    )
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=50, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)
    active = forms.BooleanField(label="在用", required=False, initial=True)


class RelayForm(Styled):
    cover_note = forms.CharField(
        label="致协会的说明",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="现将我院司法建议（共享版本）转送贵会，请结合会员单位实际参阅，"
        "提示会员单位防范相关风险。阅后请通过本链接确认收悉。",
    )

    def __init__(self, *args, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["associations"] = forms.ModelMultipleChoiceField(
            label="转送的行业协会",
            queryset=associations,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "请至少选择一个行业协会。"},
        )
        self.style()


class AcknowledgeForm(Styled):
    name = forms.CharField(label="确认人姓名", max_length=50)
