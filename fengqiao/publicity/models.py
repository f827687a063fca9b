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


# ------------------------------------------------------------------ 宣传稿 (issue 16)


class Channel(models.TextChoices):
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音短视频"
    FEATURE = "feature", "报刊/电视专栏"
    NEWS = "news", "工作动态"


class ChannelTemplate(models.Model):
    """A court's own version of a channel's template (the shipped defaults are in
    ``publicity/channel_templates.py``); the newest version of a court is the one used."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    version = models.PositiveIntegerField("版本")
    body = models.JSONField("模板内容", default=dict)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "宣传稿模板"
        verbose_name_plural = "宣传稿模板"
        ordering = ["court", "channel", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "channel", "version"], name="publicity_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}模板 v{self.version}"


class ApprovalStep(models.Model):
    """One step of a court's publicity approval chain (a court without steps uses the
    default 研究室 → 分管院领导)."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("步骤", max_length=50)
    role = models.CharField("审批角色", max_length=20)

    class Meta:
        verbose_name = "宣传审批步骤"
        verbose_name_plural = "宣传审批步骤"
        ordering = ["court", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "position"], name="publicity_step_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class PublicityDraft(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_APPROVAL = "in_approval", "审批中"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已批准"
        PUBLISHED = "published", "已发布"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="publicity_drafts"
    )
    entry = models.ForeignKey(
        "library.LibraryEntry", on_delete=models.PROTECT, related_name="publicity_drafts"
    )
    follow_up = models.ForeignKey(
        "suggestions.FollowUp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_drafts",
    )
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    title = models.CharField("标题", max_length=200)
    body = models.JSONField("稿件内容", default=dict)
    # every figure of the draft: {"value", "label", "source"} — where in the record it came from
    sources = models.JSONField("数据出处", default=list)
    # the shared texts the draft quotes (numbers inside them are traced to the shared version)
    quoted = models.JSONField("引用的共享文本", default=list)
    # personal information the anonymiser finds in text typed by hand (shown to the approvers)
    personal_info = models.JSONField("个人信息提示", default=list, blank=True)
    has_chart = models.BooleanField("含成效图", default=False)
    template_version = models.PositiveIntegerField("模板版本", default=0)  # 0: shipped default
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    step_position = models.PositiveSmallIntegerField("当前审批步骤", null=True, blank=True)
    chain = models.JSONField("审批流程", default=list)  # the steps fixed when submitted
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    planned_on = models.DateField("计划发布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "宣传稿"
        verbose_name_plural = "宣传稿"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class DraftApproval(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回"

    draft = models.ForeignKey(PublicityDraft, on_delete=models.CASCADE, related_name="approvals")
    position = models.PositiveSmallIntegerField("步骤")
    step_name = models.CharField("步骤名称", max_length=50)
    decision = models.CharField("意见", max_length=20, choices=Decision.choices)
    comment = models.TextField("审批意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField()

    class Meta:
        verbose_name = "宣传稿审批"
        verbose_name_plural = "宣传稿审批"
        ordering = ["acted_at", "id"]

    def __str__(self) -> str:
        return f"{self.step_name}：{self.get_decision_display()}"


class Publication(models.Model):
    """Where and when an approved draft went out; reach figures are entered later."""

    draft = models.OneToOneField(
        PublicityDraft, on_delete=models.PROTECT, related_name="publication"
    )
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    published_on = models.DateField("发布日期", db_index=True)
    url = models.URLField("链接", max_length=500)
    views = models.PositiveBigIntegerField("阅读/播放量", null=True, blank=True)
    likes = models.PositiveBigIntegerField("点赞", null=True, blank=True)
    shares = models.PositiveBigIntegerField("转发", null=True, blank=True)
    comments = models.PositiveBigIntegerField("评论", null=True, blank=True)
    reach_updated_at = models.DateTimeField("传播数据更新时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "发布记录"
        verbose_name_plural = "发布记录"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.published_on}"
