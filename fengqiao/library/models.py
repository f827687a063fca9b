"""The shared 司法建议案例库: one entry per issued letter, in an anonymised shared version.

An entry is created (待审核) when a court shares a delivered letter; the court's research office
reviews the shared version and releases it (已发布) — only then do other courts see it — or
withdraws it (已撤下) with a reason. The shared version is built from the letter as issued (the
latest version of a delivered letter) and its reply and follow-ups; it never holds drafts,
征求意见稿, review comments or scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    """The letter's adoption outcome, from the latest reply's items."""

    PENDING = "pending", "待回复"
    ADOPTED = "adopted", "全部采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class LibrarySettings(models.Model):
    """A court's library settings; a court without a row uses the defaults."""

    court = models.OneToOneField(
        "courts.Court", on_delete=models.CASCADE, related_name="library_settings"
    )
    share_on_delivery = models.BooleanField("新送达的司法建议默认提交案例库", default=True)

    class Meta:
        verbose_name = "案例库设置"
        verbose_name_plural = "案例库设置"

    def __str__(self) -> str:
        return f"{self.court} 案例库设置"


class LibraryEntry(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        RELEASED = "released", "已发布"
        WITHDRAWN = "withdrawn", "已撤下"

    suggestion = models.OneToOneField(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="library_entry"
    )
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # the shared version: each section {"source": …, "spans": […], "text": …} (see sharing.py);
    # other courts only ever see "text"
    sections = models.JSONField("共享版本", default=dict)
    title = models.CharField("标题（共享版本）", max_length=300)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    # facets (copied from the letter and its court when the entry is built or refreshed)
    domain = models.CharField("专业领域", max_length=20, blank=True, db_index=True)
    category = models.CharField("类别", max_length=20, blank=True)
    recipient_kind = models.CharField("被建议单位类型", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    province = models.CharField("省份", max_length=20, blank=True)
    issued_on = models.DateField("送达日期", null=True, blank=True)
    # what travels with the letter: the reply outcome and the follow-up
    outcome = models.CharField(
        "采纳情况", max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    replied_on = models.DateField("回复日期", null=True, blank=True)
    follow_up_kinds = models.JSONField("跟踪落实方式", default=list, blank=True)
    rule_names = models.JSONField("制定/修改的制度", default=list, blank=True)
    excellent = models.BooleanField("优秀司法建议", default=False)
    # review
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    refreshed_at = models.DateTimeField("共享版本更新时间", auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核发布时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤下理由", blank=True)

    class Meta:
        verbose_name = "案例库条目"
        verbose_name_plural = "案例库条目"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def text(self, section: str) -> str:
        return (self.sections.get(section) or {}).get("text", "")

    @property
    def shared(self) -> dict[str, str]:
        """The shared version as other courts read it (masked text only)."""
        return {name: part.get("text", "") for name, part in self.sections.items()}
