"""Publication reviews: a judgment (or any text) anonymised, checked by a person, released."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PublicationReview(models.Model):
    class State(models.TextChoices):
        REVIEWING = "reviewing", "审查中"
        RELEASED = "released", "已发布"

    class Policy(models.TextChoices):
        RULES = "rules", "按规定隐名（第八至十条）"
        PUBLISH = "publish", "公开发布（隐去全部自然人）"
        RESEARCH = "research", "科研数据（另隐出生日期、金额分档）"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_reviews",
    )
    title = models.CharField("标题", max_length=200)
    policy = models.CharField("隐名策略", max_length=20, choices=Policy.choices)
    source_text = models.TextField("原文")
    spans = models.JSONField("处理片段", default=list)
    blockers = models.JSONField("不宜公开的情形", default=list)
    override_reason = models.TextField("确需公开的理由", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.REVIEWING)
    released_text = models.TextField("发布文本", blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公开审查"
        verbose_name_plural = "公开审查"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title
