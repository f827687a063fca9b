"""考评: the rubric (per court, versioned, adoptable from a superior court) and the scores.

A rubric is data: its criteria, their weights, their 0–N scales and the anchored description of
every level. A rubric that has been used for a score is never edited: editing it creates the
next version, and every score keeps the version it was given under.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    """Where a criterion's points come from: the scorer's opinion, or the record."""

    OPINION = "opinion", "评分人评定"
    FORMAT = "format", "据格式检查结果计算"
    TIMELINESS = "timeliness", "据线索至签发的天数计算"
    PRECOMM = "precomm", "据事前沟通记录计算"


class Rubric(models.Model):
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="rubrics")
    name = models.CharField("名称", max_length=100)
    version = models.PositiveIntegerField("版本")
    published_at = models.DateTimeField("启用时间", null=True, blank=True)
    shared = models.BooleanField(
        "发布供下级法院采用", default=False, help_text="上级法院发布后，下级法院可采用（复制）"
    )
    adopted_from = models.ForeignKey(
        "self",
        verbose_name="采用自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    note = models.CharField("版本说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评分标准"
        verbose_name_plural = "评分标准"
        ordering = ["court_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["court", "version"], name="rubric_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    @property
    def in_use(self) -> bool:
        return self.scores.exists()


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("顺序")
    key = models.CharField("代码", max_length=30)
    name = models.CharField("评分项", max_length=100)
    weight = models.PositiveSmallIntegerField("权重")
    max_points = models.PositiveSmallIntegerField("满分档（0–N）")
    # [{"points": n, "description": "…"}], one per level 0..N (anchored descriptions)
    levels = models.JSONField("各档说明", default=list)
    source = models.CharField("计分来源", max_length=20, choices=Source.choices)

    class Meta:
        verbose_name = "评分项"
        verbose_name_plural = "评分项"
        ordering = ["rubric_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="criterion_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def computed(self) -> bool:
        return self.source != Source.OPINION


class Score(models.Model):
    """One panel member's score of one letter (several members: the letter's score is their
    average)."""

    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="scores"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.FloatField("得分（百分制）")
    comment = models.TextField("评语", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "建议评分"
        verbose_name_plural = "建议评分"
        ordering = ["suggestion_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "scorer"], name="score_once_per_scorer")
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.scorer} · {self.total:.1f}"


class CriterionScore(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="parts")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField("得分档")
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["score_id", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="criterion_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
