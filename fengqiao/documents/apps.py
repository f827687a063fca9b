from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "fengqiao.documents"
    label = "documents"
    verbose_name = "公文"
    default_auto_field = "django.db.models.BigAutoField"
