"""优秀司法建议评选: a round opened by a superior court, the nominations of the courts of its
subtree, the blind reviews and the published results.

A round's criteria are a snapshot of a 考评 rubric (or the default one) taken when the round is
opened, so editing the rubric later never changes a running round. States:
征集中 (collecting) → 评审中 (reviewing) → 已结束 (finished, results published).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Tier(models.TextChoices):
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    MERIT = "merit", "优秀奖"


class Round(models.Model):
    class State(models.TextChoices):
        COLLECTING = "collecting", "征集中"
        REVIEWING = "reviewing", "评审中"
        FINISHED = "finished", "已结束"

    organiser = models.ForeignKey(
        "courts.Court", verbose_name="组织法院", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("评选名称", max_length=100)
    period_start = models.DateField("参评建议成文日期自")
    period_end = models.DateField("参评建议成文日期至")
    rubric = models.ForeignKey(
        "evaluation.Rubric",
        verbose_name="评分标准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rubric_label = models.CharField("评分标准", max_length=150)
    # [{"key", "name", "weight", "max_points", "levels": [...], "source"}] (see services)
    criteria = models.JSONField("评分项", default=list)
    awards_first = models.PositiveSmallIntegerField("一等奖名额", default=1)
    awards_second = models.PositiveSmallIntegerField("二等奖名额", default=2)
    awards_third = models.PositiveSmallIntegerField("三等奖名额", default=3)
    awards_merit = models.PositiveSmallIntegerField("优秀奖名额", default=0)
    nomination_deadline = models.DateField("推荐截止日期")
    review_deadline = models.DateField("评审截止日期")
    quota = models.PositiveSmallIntegerField("每院推荐名额", default=2)
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.COLLECTING, db_index=True
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="评审人", blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    review_started_at = models.DateTimeField("开始评审时间", null=True, blank=True)
    published_at = models.DateTimeField("结果公布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "评选活动"
        verbose_name_plural = "评选活动"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def awards(self) -> list[tuple[str, int]]:
        return [
            (Tier.FIRST, self.awards_first),
            (Tier.SECOND, self.awards_second),
            (Tier.THIRD, self.awards_third),
            (Tier.MERIT, self.awards_merit),
        ]

    @property
    def opinion_criteria(self) -> list[dict]:
        return [c for c in self.criteria if c.get("source", "opinion") == "opinion"]


class Nomination(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations")
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="nominations"
    )
    court = models.ForeignKey(
        "courts.Court", verbose_name="推荐法院", on_delete=models.PROTECT, related_name="+"
    )
    recommendation = models.TextField("推荐理由")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField("推荐时间", auto_now_add=True)
    # the blind version the reviewers read: {"title": …, "background": …, "problems": …,
    # "suggestions": …} (library anonymiser + the nominating court's own names)
    blind = models.JSONField("匿名文本", default=dict)
    # the criteria computed from the record: {key: {"points": n, "reason": "…"}}
    computed = models.JSONField("据记录计算的评分项", default=dict)
    code = models.PositiveSmallIntegerField("作品编号", null=True, blank=True)
    # results (set when published)
    mean = models.FloatField("平均分", null=True, blank=True)
    median = models.FloatField("中位数", null=True, blank=True)
    minimum = models.FloatField("最低分", null=True, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    tier = models.CharField("奖次", max_length=10, choices=Tier.choices, blank=True)

    class Meta:
        verbose_name = "推荐作品"
        verbose_name_plural = "推荐作品"
        ordering = ["round_id", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "suggestion"], name="selection_nominated_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"参评作品 {self.code:02d}" if self.code else "参评作品（待编号）"


class Review(models.Model):
    """One reviewer's assignment to one entry, and, once submitted, the score."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="selection_reviews"
    )
    points = models.JSONField("各项得分", default=dict)  # {criterion key: points}
    remarks = models.JSONField("各项评语", default=dict)  # {criterion key: comment}
    comment = models.TextField("总体评语", blank=True)
    total = models.FloatField("总分（百分制）", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    outlier = models.BooleanField("离群分", default=False)

    class Meta:
        verbose_name = "评审"
        verbose_name_plural = "评审"
        ordering = ["nomination_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "reviewer"], name="selection_review_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} · {self.reviewer_id}"
