from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "fengqiao.feedback"
    verbose_name = "反馈分析"
