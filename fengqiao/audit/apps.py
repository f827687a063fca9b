from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fengqiao.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from fengqiao.audit import signals  # noqa: F401
