from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "fengqiao.portal"
    label = "portal"
    verbose_name = "被建议单位门户"
