"""The append-only audit trail. Each entry carries the hash of the one before it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditTamperError(Exception):
    """Raised when code tries to change or delete a stored audit entry."""


class AuditEntry(models.Model):
    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("操作人", max_length=100, blank=True)
    code = models.CharField("操作代码", max_length=60, blank=True, db_index=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True, db_index=True)
    object_label = models.CharField("对象", max_length=255, blank=True)
    court = models.ForeignKey(
        "courts.Court",
        verbose_name="法院",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    ip_address = models.CharField("IP", max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-id"]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
        )

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AuditTamperError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTamperError("审计记录只能追加，不能删除")


class AuditChainHead(models.Model):
    """A single row holding the newest hash; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"审计链头（{self.count} 条）"
