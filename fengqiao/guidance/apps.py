from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "fengqiao.guidance"
    label = "guidance"
    verbose_name = "指导与统一标准"
