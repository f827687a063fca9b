"""A court's document settings (院印, contact defaults) and bulk-import previews awaiting
confirmation. People, divisions and recipient units themselves live in ``courts``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fengqiao.courts.models import Court


class DocumentSettings(models.Model):
    """What a court's documents carry beside 地名简称 and the number pattern (on Court)."""

    court = models.OneToOneField(
        Court,
        verbose_name="法院",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="document_settings",
    )
    seal = models.FileField("院印图片", upload_to="seals/", blank=True)
    seal_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    embed_seal = models.BooleanField(
        "在封面和落款处加盖电子院印",
        default=False,
        help_text="不勾选时，落款处保留“（院印）”字样，打印后加盖实物印章",
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "公文设置"
        verbose_name_plural = "公文设置"

    def __str__(self) -> str:
        return f"{self.court}公文设置"


class ImportKind(models.TextChoices):
    USERS = "users", "用户"
    RECIPIENTS = "recipients", "被建议单位"


class ImportPreview(models.Model):
    """A parsed upload shown for checking; nothing is written until it is confirmed."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    court = models.ForeignKey(Court, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "批量导入预览"
        verbose_name_plural = "批量导入预览"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}导入：{self.filename}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class HolidaySchedule(models.Model):
    """One year's State Council holiday schedule as a system administrator entered it.

    It takes precedence over chinese-calendar and over the statutory holidays that due dates
    otherwise fall back on (``fengqiao.suggestions.due_dates``)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    holidays = models.JSONField("放假日期", default=list)  # ISO dates
    workdays = models.JSONField("调休上班日期", default=list)  # ISO dates (weekend days)
    source = models.CharField("依据", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def as_schedule(self):
        from datetime import date

        from fengqiao.suggestions.due_dates import YearSchedule

        return YearSchedule(
            self.year,
            frozenset(date.fromisoformat(d) for d in self.holidays),
            frozenset(date.fromisoformat(d) for d in self.workdays),
        )
