"""What each role sees on its home page: counts, and what waits for the user.

Later apps register their own waiting-item providers with ``register_waiting``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fengqiao.audit.selectors import audit_entries_visible
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


def dashboard_figures(user) -> list[tuple[str, str]]:
    """The morning numbers: this year's letters, waiting replies, overdue, adoption rate."""
    if user.is_recipient:
        return []
    from django.db.models import Count, Q
    from django.utils import timezone

    from fengqiao.suggestions.models import ItemOutcome, ReplyItem, State
    from fengqiao.suggestions.selectors import suggestions_visible

    today = timezone.localdate()
    letters = suggestions_visible(user)
    counts = letters.aggregate(
        issued=Count("id", filter=Q(number_year=today.year)),
        waiting=Count("id", filter=Q(state=State.DELIVERED)),
        overdue=Count("id", filter=Q(state=State.DELIVERED, reply_due_on__lt=today)),
    )
    items = ReplyItem.objects.filter(reply__suggestion__in=letters).aggregate(
        total=Count("id"),
        adopted=Count("id", filter=Q(outcome__in=[ItemOutcome.ADOPTED, ItemOutcome.PARTLY])),
    )
    rate = f"{items['adopted'] / items['total']:.0%}" if items["total"] else "—"
    return [
        (f"{today.year}年发出司法建议", str(counts["issued"])),
        ("已送达待回复", str(counts["waiting"])),
        ("逾期未回复", str(counts["overdue"])),
        ("建议采纳率（含部分采纳）", rate),
    ]


def state_chart(user) -> dict:
    """Suggestions by state, as data for an ECharts bar chart."""
    if user.is_recipient:
        return {}
    from fengqiao.suggestions.models import State
    from fengqiao.suggestions.selectors import state_counts

    counts = state_counts(user)
    return {
        "labels": [label for _, label in State.choices],
        "values": [counts.get(value, 0) for value, _ in State.choices],
    }


def recent_activity(user, limit: int = 8):
    if not has_permission(user, "audit.view"):
        return []
    return list(audit_entries_visible(user)[:limit])


def newest_hotspots(user, limit: int = 5) -> list:
    """The research office's morning view of the newest class-case hotspots."""
    from fengqiao.courts.permissions import has_permission

    if not has_permission(user, "mining.view"):
        return []
    from fengqiao.mining.hotspot_views import hotspots_visible

    return list(hotspots_visible(user)[:limit])
