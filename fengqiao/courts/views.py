from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.core.paging import paginate
from fengqiao.courts import selectors, services
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.forms import RecipientUnitForm
from fengqiao.courts.permissions import has_permission


@permission_required("court.view")
def court_list(request):
    courts = selectors.court_list_with_counts(request.user)
    return render(request, "courts/court_list.html", {"courts": courts})


@permission_required("court.view")
def court_detail(request, pk: int):
    court = get_object_or_404(selectors.visible_courts(request.user), pk=pk)
    users = selectors.users_visible(request.user).filter(court=court)
    return render(
        request,
        "courts/court_detail.html",
        {"court": court, "divisions": court.divisions.all(), "users": users},
    )


@permission_required("recipient.view")
def recipient_list(request):
    units = selectors.recipient_units_visible(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(contact_name__icontains=query))
    listing = paginate(request, units)
    return render(
        request,
        "courts/recipient_list.html",
        {
            "listing": listing,
            "q": query,
            "can_manage": has_permission(request.user, "recipient.manage"),
        },
    )


@permission_required("recipient.view")
def recipient_detail(request, pk: int):
    unit = get_object_or_404(selectors.recipient_units_visible(request.user), pk=pk)
    return render(request, "courts/recipient_detail.html", {"unit": unit})


@permission_required("recipient.manage")
def recipient_create(request):
    form = RecipientUnitForm(
        request.POST or None,
        courts=selectors.visible_courts(request.user),
        units=selectors.recipient_units_visible(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.recipient_unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, f"已登记被建议单位：{unit.name}")
            return redirect("courts:recipient_detail", pk=unit.pk)
    return render(request, "courts/recipient_form.html", {"form": form})


class NewPasswordChangeForm(CleanTextFormMixin, PasswordChangeForm):
    """Django's form, plus: the new password must differ from the old (a temporary password
    an administrator handed over cannot simply be typed again)."""

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_password"), cleaned.get("new_password2")
        if old and new and old == new and "new_password2" not in self.errors:
            self.add_error("new_password2", "新密码不能与原密码相同。")
        return cleaned


class AuditedPasswordChangeView(PasswordChangeView):
    form_class = NewPasswordChangeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = self.request.user.must_change_password
        return context

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_changed(user=self.request.user)
        return response
