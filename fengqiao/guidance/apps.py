from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "fengqiao.guidance"
    label = "guidance"
    verbose_name = "指导与统一标准"

    def ready(self) -> None:
        from fengqiao.dashboard.selectors import register_waiting

        register_waiting(_waiting)


def _waiting(user):
    """On the home page: guidance comments on this court's letters not yet read by the
    research office or the drafter (one query)."""
    from django.urls import reverse

    from fengqiao.dashboard.selectors import WaitingItem
    from fengqiao.guidance.selectors import comments_visible

    if getattr(user, "is_recipient", True) or user.court_id is None:
        return []
    rows = comments_visible(user).filter(suggestion__court_id=user.court_id, read_at__isnull=True)[
        :10
    ]
    return [
        WaitingItem(
            f"待阅指导意见：{c.suggestion.doc_number}",
            f"{c.author_court.name}：{c.body[:40]}",
            reverse("suggestions:detail", args=[c.suggestion_id]),
        )
        for c in rows
    ]
