from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "fengqiao.outreach"
    verbose_name = "对外协同（科研数据与行业协会）"
