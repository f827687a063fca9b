"""What each role sees on its home page: counts, and what waits for the user.

Later apps register their own waiting-item providers with ``register_waiting``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fengqiao.audit.selectors import audit_entries_visible
from fengqiao.courts import selectors as court_selectors
from fengqiao.courts.permissions import has_permission


@dataclass(frozen=True)
class WaitingItem:
    title: str
    detail: str
    url: str


WaitingProvider = Callable[[object], list[WaitingItem]]
_WAITING_PROVIDERS: list[WaitingProvider] = []


def register_waiting(provider: WaitingProvider) -> WaitingProvider:
    _WAITING_PROVIDERS.append(provider)
    return provider


def waiting_for(user) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    for provider in _WAITING_PROVIDERS:
        items.extend(provider(user))
    return items


def dashboard_figures(user) -> list[tuple[str, int]]:
    if user.is_recipient:
        return []
    court_ids = court_selectors.visible_court_ids(user)
    figures = [
        ("可见法院", len(court_ids)),
        ("被建议单位", court_selectors.recipient_units_visible(user).count()),
        ("干警账号", court_selectors.users_visible(user).count()),
    ]
    return figures


def recent_activity(user, limit: int = 8):
    if not has_permission(user, "audit.view"):
        return []
    return list(audit_entries_visible(user)[:limit])
