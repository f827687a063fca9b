"""Beyond the courts: research exports for universities and research bodies, and the relay of
shared suggestions to industry associations (行业协会).

* :class:`ResearchExport` — who exported which court's (or subtree's) anonymised data set for
  which period, to which institution under which agreement, and the files with their SHA-256.
* :class:`Association` — an association as a contact of a court, with its member sectors
  (:mod:`fengqiao.outreach.sectors`), kept by the court's 研究室.
* :class:`Relay` — one library entry's shared version, with a cover note, sent to one
  association; the association opens it through a signed link (:mod:`fengqiao.outreach.links`)
  and acknowledges it once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fengqiao.outreach.sectors import sector_labels


class ResearchExport(models.Model):
    class Scope(models.TextChoices):
        OWN = "own", "本院"
        SUBTREE = "subtree", "本院及辖区法院"

    class Via(models.TextChoices):
        WEB = "web", "网页"
        CLI = "cli", "命令行"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField("范围", max_length=10, choices=Scope.choices, default=Scope.OWN)
    period_from = models.DateField("送达日期自")
    period_to = models.DateField("送达日期至")
    recipient_institution = models.CharField("接收机构", max_length=200, blank=True)
    agreement_number = models.CharField("协议编号", max_length=100, blank=True)
    agreement_title = models.CharField("协议名称", max_length=200, blank=True)
    agreement_date = models.DateField("协议签订日期", null=True, blank=True)
    # [{"name": "letters.csv", "sha256": "…", "bytes": 123, "rows": 4}, …]
    files = models.JSONField("文件", default=list)
    letters = models.PositiveIntegerField("司法建议件数", default=0)
    items = models.PositiveIntegerField("建议条数", default=0)
    replies = models.PositiveIntegerField("回函件数", default=0)
    via = models.CharField("创建方式", max_length=10, choices=Via.choices, default=Via.WEB)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "科研数据导出"
        verbose_name_plural = "科研数据导出"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.court} 科研数据 {self.period_from}—{self.period_to}"

    @property
    def folder_name(self) -> str:
        return f"research-{self.court.code}-{self.period_from:%Y%m%d}-{self.period_to:%Y%m%d}"


class Association(models.Model):
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("协会名称", max_length=200)
    sectors = models.JSONField("会员行业", default=list)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    active = models.BooleanField("在用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行业协会"
        verbose_name_plural = "行业协会"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="association_unique_per_court")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_labels(self) -> list[str]:
        return sector_labels(self.sectors)


class Relay(models.Model):
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(
        "library.LibraryEntry", on_delete=models.PROTECT, related_name="relays"
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="+"
    )
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="relays")
    cover_note = models.TextField("致协会的说明")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    token = models.CharField("签名链接令牌", max_length=200, blank=True)
    acknowledged_at = models.DateTimeField("确认收悉时间", null=True, blank=True)
    acknowledged_by_name = models.CharField("确认人", max_length=50, blank=True)

    class Meta:
        verbose_name = "转送行业协会"
        verbose_name_plural = "转送行业协会"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "association"], name="relay_once_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.entry} → {self.association}"
