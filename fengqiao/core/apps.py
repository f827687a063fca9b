from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fengqiao.core"
    label = "core"
    verbose_name = "平台"
