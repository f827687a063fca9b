from __future__ import annotations

from fengqiao.navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from fengqiao.suggestions.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"menu_sections": menu_for(user), "path": request.path, "unread_notifications": unread}
