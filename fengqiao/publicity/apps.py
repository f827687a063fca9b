from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "fengqiao.publicity"
    label = "publicity"
    verbose_name = "宣传与公开"
