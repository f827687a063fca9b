from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "fengqiao.selection"
    label = "selection"
    verbose_name = "优秀司法建议评选"
