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
    """The morning numbers. Of this year's numbered letters: how many were delivered (送达 —
    "sent" means delivered; withdrawn or not yet delivered letters are not sent) and replied;
    now: waiting for a reply, overdue; and the adoption rate over the latest reply of each."""
    if user.is_recipient:
        return []
    from django.db.models import Count, Q
    from django.utils import timezone

    from fengqiao.suggestions.models import State, overdue_q
    from fengqiao.suggestions.policy import DELIVERED_STATES
    from fengqiao.suggestions.selectors import adoption_counts, suggestions_visible

    today = timezone.localdate()
    letters = suggestions_visible(user)
    this_year = Q(number_year=today.year)
    counts = letters.aggregate(
        numbered=Count("id", filter=this_year & Q(number_seq__isnull=False)),
        withdrawn=Count("id", filter=this_year & Q(state=State.WITHDRAWN)),
        delivered=Count("id", filter=this_year & Q(state__in=DELIVERED_STATES)),
        replied=Count("id", filter=this_year & Q(replied_on__isnull=False)),
        waiting=Count("id", filter=Q(state=State.DELIVERED)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    items = adoption_counts(letters)
    rate = f"{items['adopted'] / items['total']:.0%}" if items["total"] else "—"
    numbered = str(counts["numbered"])
    if counts["withdrawn"]:
        numbered += f"（其中撤回 {counts['withdrawn']}）"
    return [
        (f"{today.year}年编号的司法建议", numbered),
        (f"{today.year}年编号、已送达", str(counts["delivered"])),
        (f"{today.year}年编号、已回复", str(counts["replied"])),
        ("已送达待回复", str(counts["waiting"])),
        ("逾期未回复", str(counts["overdue"])),
        ("建议采纳率（含部分采纳，按最新回函）", rate),
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
