from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required

from fengqiao.courts.permissions import require_permission


def permission_required(action: str) -> Callable:
    """Log-in plus a check of the action table; raises 403 (in Chinese) otherwise."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_permission(request.user, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
