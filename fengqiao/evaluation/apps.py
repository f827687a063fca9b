from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "fengqiao.evaluation"
    label = "evaluation"
    verbose_name = "考评"
