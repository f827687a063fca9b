"""The reminders page: the user's reminders and alerts; opening it marks them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from fengqiao.suggestions.models import Notification
from fengqiao.suggestions.reminders import notifications_mark_read

PAGE_SIZE = 200


@login_required
def notifications(request):
    items = list(
        Notification.objects.filter(user=request.user).select_related("suggestion")[:PAGE_SIZE]
    )
    notifications_mark_read(actor=request.user)
    return render(request, "suggestions/notifications.html", {"items": items})
