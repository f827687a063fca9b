from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "fengqiao.suggestions"
    label = "suggestions"
    verbose_name = "司法建议"

    def ready(self) -> None:
        from fengqiao.dashboard.selectors import register_waiting
        from fengqiao.suggestions import tasks  # noqa: F401  (registers the periodic jobs)

        register_waiting(_waiting)


def _waiting(user):
    # The views module pulls in openpyxl, python-docx and the search index; importing it
    # lazily keeps every management command (``fengqiao help`` included) quick to start.
    from fengqiao.suggestions.views import _waiting as waiting

    return waiting(user)
