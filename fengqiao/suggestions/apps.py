from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "fengqiao.suggestions"
    label = "suggestions"
    verbose_name = "司法建议"

    def ready(self) -> None:
        from fengqiao.dashboard.selectors import register_waiting
        from fengqiao.suggestions import tasks  # noqa: F401  (registers the periodic jobs)
        from fengqiao.suggestions.views import _waiting

        register_waiting(_waiting)
