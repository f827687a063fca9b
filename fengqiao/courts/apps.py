from django.apps import AppConfig


class CourtsConfig(AppConfig):
    name = "fengqiao.courts"
    label = "courts"
    verbose_name = "法院与人员"
