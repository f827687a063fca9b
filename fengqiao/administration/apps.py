from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "fengqiao.administration"
    label = "administration"
    verbose_name = "系统管理"
