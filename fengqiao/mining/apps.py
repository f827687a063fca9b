from django.apps import AppConfig


class MiningConfig(AppConfig):
    name = "fengqiao.mining"
    label = "mining"
    verbose_name = "类案分析"
