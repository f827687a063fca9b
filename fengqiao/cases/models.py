"""The case corpus: parsed judgments, their parties, import runs and quarantined records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Case(models.Model):
    """One judgment. Natural key: (normalised 案号, trying court's 代字 or name)."""

    owner = models.ForeignKey(
        "courts.Court",
        verbose_name="所属法院",
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="导入该案件、对其负责的法院（决定谁能看到）",
    )
    case_no = models.CharField("案号", max_length=80)
    court_key = models.CharField("审理法院键", max_length=120, editable=False)
    court_code = models.CharField("法院代字", max_length=20, blank=True, db_index=True)
    court_name = models.CharField("审理法院", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("收案年度", null=True, blank=True, db_index=True)
    type_code = models.CharField("类型代字", max_length=10, blank=True, db_index=True)
    special_code = models.CharField("专门审判代字", max_length=4, blank=True)
    seq = models.PositiveIntegerField("案件编号", null=True, blank=True)
    doc_kind = models.CharField("文书种类", max_length=20, blank=True)
    trial_level = models.CharField("审级", max_length=20, blank=True)
    cause = models.CharField("案由/罪名", max_length=100, blank=True, db_index=True)
    cause_kind = models.CharField("案件大类", max_length=20, blank=True)
    domain = models.CharField("专业领域", max_length=20, blank=True, db_index=True)
    outcome = models.CharField("裁判结果", max_length=30, blank=True)
    decided_on = models.DateField("裁判日期", null=True, blank=True, db_index=True)
    amounts = models.JSONField("涉案金额（元）", default=list, blank=True)
    judges = models.JSONField("审判组织", default=list, blank=True)
    clerk = models.CharField("书记员", max_length=50, blank=True)
    # 承办法官 / 承办部门 as the case-management system records them: the name as given, and the
    # court's own person/division when the name matches one (kept as a name when it does not).
    judge_name = models.CharField("承办法官", max_length=50, blank=True, db_index=True)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办法官（本院人员）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
    )
    division_name = models.CharField("承办部门", max_length=50, blank=True)
    division = models.ForeignKey(
        "courts.Division",
        verbose_name="承办部门（本院庭室）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
    )
    sections = models.JSONField("文书分段", default=dict, blank=True)
    full_text = models.TextField("全文")
    content_hash = models.CharField(max_length=64)
    source = models.CharField("来源文件", max_length=500, blank=True)
    source_locator = models.CharField("来源位置", max_length=100, blank=True)
    needs_index = models.BooleanField(default=True, db_index=True)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_no", "court_key"], name="case_natural_key")
        ]
        # the case list and class-case push filter by court and one of year/cause/domain and
        # show the newest first: each index hands SQLite/PostgreSQL the rows already in order
        indexes = [
            # every list filter in one index: a filtered page's ids come from the index alone
            models.Index(
                fields=["owner", "year", "type_code", "domain", "cause", "decided_on"],
                name="case_owner_filters",
            ),
            models.Index(fields=["owner", "type_code"], name="case_owner_type_code"),
            models.Index(fields=["owner", "cause", "decided_on"], name="case_owner_cause_decided"),
            models.Index(
                fields=["owner", "domain", "decided_on"], name="case_owner_domain_decided"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_no} {self.court_name}".strip()


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    COMPANY = "company", "企业"
    GOVERNMENT = "government", "国家机关"
    ORGANISATION = "organisation", "其他组织"


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("名称", max_length=200, db_index=True)
    role = models.CharField("诉讼地位", max_length=30)
    kind = models.CharField("主体类型", max_length=20, choices=PartyKind.choices, blank=True)
    agents = models.JSONField("代理人/辩护人", default=list, blank=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["case_id", "position"]

    def __str__(self) -> str:
        return f"{self.role}：{self.name}"


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "进行中"
        FINISHED = "finished", "已完成"
        FAILED = "failed", "失败"
        INTERRUPTED = "interrupted", "中断"

    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.RUNNING)
    paths = models.JSONField("导入路径", default=list)
    owner = models.ForeignKey(
        "courts.Court", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    quarantined = models.PositiveIntegerField("隔离", default=0)
    error = models.TextField("错误", blank=True)
    # who runs it: a run whose process is gone (kill -9, power cut) is marked 中断 by the next
    # import or `import-cases --status` (services.mark_interrupted_runs)
    pid = models.PositiveIntegerField("进程号", null=True, blank=True)
    host = models.CharField("主机", max_length=100, blank=True)
    heartbeat_at = models.DateTimeField("最近进展", null=True, blank=True)
    resumed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"导入批次 {self.pk}"


class QuarantinedRecord(models.Model):
    """A record that could not be imported, with the reason; never silently dropped."""

    owner = models.ForeignKey(
        "courts.Court", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run = models.ForeignKey(
        ImportRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quarantined_records",
    )
    source = models.CharField("来源文件", max_length=500)
    locator = models.CharField("来源位置", max_length=100, blank=True)
    reason = models.CharField("原因", max_length=500)
    excerpt = models.TextField("内容摘录", blank=True)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField("隔离时间", auto_now_add=True)
    resolved = models.BooleanField("已处理", default=False)

    class Meta:
        verbose_name = "隔离记录"
        verbose_name_plural = "隔离记录"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "locator", "content_hash"], name="quarantine_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}#{self.locator}: {self.reason}"
