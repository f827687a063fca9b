"""上级法院指导与统一标准: a superior court's guidance comments on its subordinates' issued
letters, letter templates per category (published by a court, adopted by its subordinates with
their origin recorded), and the record of exchange-of-experience meetings (经验交流) with their
materials.

Who may see and do what lives in ``policy.py``; every write is in ``services.py`` (audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fengqiao.suggestions.models import Category, StoredUpload


class GuidanceComment(models.Model):
    """A superior court's comment on one issued letter of a subordinate court."""

    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="guidance_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="指导人", on_delete=models.PROTECT, related_name="+"
    )
    author_court = models.ForeignKey(
        "courts.Court", verbose_name="指导法院", on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("指导意见")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    read_at = models.DateTimeField("阅知时间", null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField("下级法院回复", blank=True)
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "指导意见"
        verbose_name_plural = "指导意见"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author_court} 对 {self.suggestion} 的指导意见"

    @property
    def status(self) -> str:
        if self.responded_at:
            return "已回复"
        if self.read_at:
            return "已阅知"
        return "未阅"


class LetterTemplate(models.Model):
    """A structured model letter for one category (统一标准)."""

    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="letter_templates"
    )
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    name = models.CharField("模板名称", max_length=100)
    title_pattern = models.CharField(
        "标题格式", max_length=200, help_text="如“××人民法院关于××问题的司法建议书”"
    )
    problem_skeleton = models.TextField("问题部分提纲")
    suggestion_skeleton = models.TextField("建议部分提纲")
    notes = models.TextField("制作说明", blank=True)
    shared = models.BooleanField(
        "发布供下级法院采用", default=False, help_text="发布后，下级法院可采用（复制）"
    )
    adopted_from = models.ForeignKey(
        "self",
        verbose_name="采用自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "司法建议书模板"
        verbose_name_plural = "司法建议书模板"
        ordering = ["court_id", "category", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_category_display()}）"


class ExchangeMeeting(models.Model):
    """经验交流: a meeting held by a court for its subtree, with attendees and materials."""

    organiser = models.ForeignKey(
        "courts.Court", verbose_name="组织法院", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=200)
    attendee_courts = models.ManyToManyField(
        "courts.Court", verbose_name="参会法院", blank=True, related_name="+"
    )
    attendee_people = models.TextField("参会人员", blank=True, help_text="每行一人，可注明单位职务")
    summary = models.TextField("会议纪要/交流情况")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "经验交流会"
        verbose_name_plural = "经验交流会"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class ExchangeMaterial(StoredUpload):
    meeting = models.ForeignKey(ExchangeMeeting, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to="guidance/%Y/%m/")

    class Meta:
        verbose_name = "交流材料"
        verbose_name_plural = "交流材料"
        ordering = ["meeting_id", "id"]
