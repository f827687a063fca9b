"""Every form cleans its text fields of control characters before validating them.

:class:`CleanTextFormMixin` runs :func:`fengqiao.core.text.clean_line` on single-line text fields
and :func:`fengqiao.core.text.clean_text` on multi-line ones (a ``Textarea`` widget), so what a
form hands to a service is printable in a letter, the register and the audit trail. Every form of
the project inherits it (through ``BootstrapFormMixin`` or directly); a test walks the forms and
checks.
"""

from __future__ import annotations

from django import forms

from fengqiao.core.text import clean_line, clean_text


class CleanTextFormMixin:
    def full_clean(self) -> None:
        if getattr(self, "is_bound", False) and self.data is not None:
            self.data = self._cleaned_data_input(self.data)
        super().full_clean()

    def _cleaned_data_input(self, data):
        text_fields = [
            (self.add_prefix(name), field)
            for name, field in self.fields.items()
            # passwords are compared as typed, never rewritten
            if isinstance(field, forms.CharField)
            and not isinstance(field.widget, forms.PasswordInput)
        ]
        if not text_fields:
            return data
        data = data.copy()
        for key, field in text_fields:
            clean = clean_text if isinstance(field.widget, forms.Textarea) else clean_line
            if hasattr(data, "getlist"):
                values = data.getlist(key)
                if values:
                    data.setlist(key, [clean(v) if isinstance(v, str) else v for v in values])
            elif isinstance(data.get(key), str):
                data[key] = clean(data[key])
        return data
