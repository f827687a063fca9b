from __future__ import annotations

from django import forms

from fengqiao.core.forms import CleanTextFormMixin

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCX_MAGIC = b"PK\x03\x04"


class FormatCheckForm(CleanTextFormMixin, forms.Form):
    """A .docx to check; nothing is stored."""

    kind = forms.ChoiceField(
        label="文书种类",
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    document = forms.FileField(
        label="上传 .docx 文书",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        from fengqiao.documents.rules_kinds import KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "自动识别"), *KINDS.items()]

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                "只能检查 .docx 文件（Word 2007 及以后的格式）；.doc 请先在 Word/WPS 中另存为 .docx。"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 10 MB，无法检查。")
        data = upload.read()
        if not data.startswith(DOCX_MAGIC):
            raise forms.ValidationError("文件内容不是 .docx（Word 文档），请确认文件未损坏。")
        return data
