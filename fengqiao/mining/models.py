"""Back-tracing (反向追溯): cases that resemble an issued suggestion's but raised none."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BacktraceRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        FINISHED = "finished", "已完成"
        FAILED = "failed", "失败"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="backtrace_runs"
    )
    period_from = models.DateField("案件结案起")
    period_to = models.DateField("案件结案止")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    candidates = models.PositiveIntegerField("候选案件数", default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "反向追溯"
        verbose_name_plural = "反向追溯"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"反向追溯：{self.suggestion}"


class BacktraceHit(models.Model):
    run = models.ForeignKey(BacktraceRun, on_delete=models.CASCADE, related_name="hits")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    judge_name = models.CharField("承办法官", max_length=50, blank=True, db_index=True)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    division_name = models.CharField("庭室", max_length=50, blank=True)

    class Meta:
        ordering = ["run_id", "-score"]

    def __str__(self) -> str:
        return f"{self.case} ({self.score:.2f})"


class BacktraceReminder(models.Model):
    """谈话提醒: the research office talks to the judge; the judge's response is recorded."""

    run = models.ForeignKey(BacktraceRun, on_delete=models.CASCADE, related_name="reminders")
    judge_name = models.CharField("承办法官", max_length=50)
    talked_on = models.DateField("谈话日期")
    talked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("谈话内容")
    response = models.TextField("法官反馈", blank=True)

    class Meta:
        verbose_name = "谈话提醒"
        verbose_name_plural = "谈话提醒"
        ordering = ["run_id", "talked_on"]

    def __str__(self) -> str:
        return f"谈话提醒 {self.judge_name} {self.talked_on}"
