from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "fengqiao.library"
    label = "library"
    verbose_name = "司法建议案例库"
