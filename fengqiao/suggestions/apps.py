from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "fengqiao.suggestions"
    label = "suggestions"
    verbose_name = "司法建议"
