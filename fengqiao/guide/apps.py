from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "fengqiao.guide"
    label = "guide"
    verbose_name = "工作指引"
