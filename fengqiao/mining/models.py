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


class MiningRefresh(models.Model):
    """One corpus-wide refresh (nightly, or started by the research office)."""

    class Status(models.TextChoices):
        RUNNING = "running", "运行中"
        FINISHED = "finished", "已完成"
        FAILED = "failed", "失败"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    n_cases = models.PositiveIntegerField(default=0)
    as_of = models.DateField(null=True, blank=True)
    runner = models.CharField(max_length=20, blank=True)
    timings = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"类案分析刷新 {self.started_at:%Y-%m-%d %H:%M}"


class HotspotRecord(models.Model):
    refresh = models.ForeignKey(MiningRefresh, on_delete=models.CASCADE, related_name="hotspots")
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="证据案件最多的法院",
    )
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    family = models.CharField(max_length=20)
    grain = models.CharField(max_length=10)
    period_label = models.CharField(max_length=60)
    dimensions = models.JSONField(default=dict)
    labels = models.JSONField(default=dict)
    observed = models.PositiveIntegerField()
    expected = models.FloatField()
    ratio = models.FloatField()
    q_value = models.FloatField()
    score = models.FloatField(db_index=True)
    explanation = models.TextField()
    evidence_case_ids = models.JSONField(default=list)
    series = models.JSONField(default=dict)
    chart = models.JSONField(default=dict)
    pattern_key = models.CharField(max_length=300, blank=True)
    clue = models.ForeignKey(
        "suggestions.Clue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return self.explanation[:60]


class PatternRecord(models.Model):
    refresh = models.ForeignKey(MiningRefresh, on_delete=models.CASCADE, related_name="patterns")
    group_key = models.CharField(max_length=300, db_index=True)
    label = models.CharField(max_length=200)
    key_terms = models.JSONField(default=list)
    case_ids = models.JSONField(default=list)
    representatives = models.JSONField(default=list)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["group_key", "-size"]

    def __str__(self) -> str:
        return self.label


class EntityRecord(models.Model):
    refresh = models.ForeignKey(MiningRefresh, on_delete=models.CASCADE, related_name="entities")
    key = models.CharField(max_length=200, db_index=True)
    canonical_name = models.CharField(max_length=200)
    members = models.JSONField(default=list)
    confidence = models.FloatField()
    size = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, help_text="每种写法的案件数")
    member_owners = models.JSONField(
        null=True,
        blank=True,
        help_text="每种写法出现在哪些法院的案件中（法院 id 列表）；页面据此按可见范围筛选，"
        "无需逐页扫描当事人表。空（旧的刷新结果）时按当事人表查询。",
    )

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return self.canonical_name


class EntityDecision(models.Model):
    """A research clerk's confirmation (name belongs to entity) or rejection (name stands
    alone). It belongs to the clerk's court and shapes that court's grouping and its
    subordinate courts' (see :mod:`fengqiao.mining.entity_scope`), never a sister court's."""

    class Action(models.TextChoices):
        CONFIRM = "confirm", "确认归并"
        REJECT = "reject", "拆分（不归并）"

    court = models.ForeignKey(
        "courts.Court", verbose_name="作出决定的法院", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    entity_key = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="entity_decision_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.name}"


class HealthCheckPdf(models.Model):
    """A 涉诉法治体检报告 asked for as PDF: the .docx is made in the request (as for the Word
    download), the PDF by the background worker (``mining/tasks.py``) through the LibreOffice
    pool, never inside a web request. The page shows "PDF 生成中" until ``pdf`` exists."""

    class Status(models.TextChoices):
        PENDING = "pending", "PDF 生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entity_key = models.CharField(max_length=200)
    entity_name = models.CharField("单位", max_length=200)
    period_from = models.DateField("期间起")
    period_to = models.DateField("期间止")
    cases = models.PositiveIntegerField("案件数", default=0)
    # what the report is made of (its input and date): the same report asked again is reused
    input_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to="reports/health-check/%Y/%m/")
    docx_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="reports/health-check/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("转换次数", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "体检报告 PDF"
        verbose_name_plural = "体检报告 PDF"
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["court", "entity_key", "input_sha256"],
                name="health_pdf_same_report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_name}涉诉法治体检报告（{self.period_from}—{self.period_to}）"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.pdf)

    @property
    def filename(self) -> str:
        return f"{self.entity_name}涉诉法治体检报告.pdf"
