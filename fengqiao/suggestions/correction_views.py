"""The 更正 (date correction) form on the suggestion page and its POST view."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from fengqiao.courts.decorators import permission_required
from fengqiao.suggestions import policy, selectors
from fengqiao.suggestions.corrections import (
    Target,
    correctable_dates,
    suggestion_correct_date,
)
from fengqiao.suggestions.forms import DATE, StyledForm


class CorrectDateForm(StyledForm):
    target = forms.ChoiceField(label="更正哪一项日期")
    new_date = forms.DateField(label="更正后的日期", widget=DATE)
    reason = forms.CharField(
        label="更正理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, targets: list[Target], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.key, t.label) for t in targets]

    def event_and_record(self) -> tuple[str, int | None]:
        event, _, record = self.cleaned_data["target"].partition(":")
        return event, int(record) if record else None


@require_POST
@permission_required("suggestion.view")
def correct_date(request, pk: int):
    suggestion = get_object_or_404(selectors.suggestions_visible(request.user), pk=pk)
    if not policy.allowed(request.user, suggestion, "correct_date"):
        raise PermissionDenied("只有本院研究室可以更正司法建议的日期。")
    form = CorrectDateForm(request.POST, targets=correctable_dates(suggestion))
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"更正日期：{label}：{'；'.join(errors)}")
        return redirect("suggestions:detail", pk=suggestion.pk)
    event, record_id = form.event_and_record()
    try:
        suggestion_correct_date(
            suggestion=suggestion,
            acting_user=request.user,
            event=event,
            record_id=record_id,
            new_date=form.cleaned_data["new_date"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"更正日期：{message}")
    else:
        messages.success(request, "日期已更正，答复期限、提醒和归档期限已按新日期重新计算。")
    return redirect("suggestions:detail", pk=suggestion.pk)
