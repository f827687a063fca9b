"""The suggestion lifecycle: clue → deliberation → draft → review and sign → number →
pre-communication → delivery → reply → follow-up → archive.

Dates that matter (reply due, archive due) are stored, with how they were computed, and
recomputed by the services whenever their inputs change (delivery, extension).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fengqiao.courts.models import Role


class Category(models.TextChoices):
    GOVERNANCE = "governance", "综合治理类"
    CLASS = "class", "类案"
    INDIVIDUAL = "individual", "个案"
    CIVIL_117 = "civil_117", "法定类（民事诉讼法第一百一十七条）"
    ADMIN_96 = "admin_96", "法定类（行政诉讼法第九十六条）"


CATEGORY_SOURCE = (
    "法释〔2023〕11号第一、十二条只分“综合治理类”与“其他司法建议”；个案、类案是实践用语"
    "（2023 样式：“或写明××个案，或写明案件类型”），法定类见民诉法第117条、行诉法第96条。"
)


class Clue(models.Model):
    class State(models.TextChoices):
        NEW = "new", "待研判"
        ACCEPTED = "accepted", "已采纳，待议"
        MERGED = "merged", "已合并"
        REJECTED = "rejected", "不予采纳"
        DECIDED = "decided", "已议定"

    class Source(models.TextChoices):
        JUDGE = "judge", "法官发现"
        MINING = "mining", "类案挖掘"
        BACKTRACE = "backtrace", "反向追溯"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="clues")
    title = models.CharField("线索标题", max_length=200)
    problem = models.TextField("发现的问题")
    domain = models.CharField("专业领域", max_length=20, blank=True)
    recipient = models.ForeignKey(
        "courts.RecipientUnit",
        verbose_name="拟建议单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cases = models.ManyToManyField(
        "cases.Case", verbose_name="相关案件", blank=True, related_name="clues"
    )
    evidence = models.JSONField("证据与数据", default=dict, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.JUDGE)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.NEW)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_clues"
    )
    reject_reason = models.TextField("不予采纳理由", blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = "线索"
        verbose_name_plural = "线索"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    class Kind(models.TextChoices):
        DIVISION = "division", "庭务会"
        PROFESSIONAL = "professional", "专业法官会议"
        COMMITTEE = "committee", "审判委员会"

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("会议类型", max_length=20, choices=Kind.choices)
    held_on = models.DateField("会议日期")
    session_no = models.CharField("届次", max_length=50, blank=True, help_text="如 2025年第3次")
    attendees = models.TextField("出席人员", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d} {self.session_no}".strip()


class AgendaItem(models.Model):
    """A clue or a suggestion on a meeting's agenda, and what the meeting decided."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待议"
        SEND = "send", "同意制发"
        NOT_SEND = "not_send", "不制发"
        INVESTIGATE = "investigate", "进一步调研"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    clue = models.ForeignKey(
        Clue, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    suggestion = models.ForeignKey(
        "Suggestion", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    decision = models.CharField(
        "决定", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    category = models.CharField("类别", max_length=20, choices=Category.choices, blank=True)
    recipient = models.ForeignKey(
        "courts.RecipientUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("会议意见", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议题"
        ordering = ["meeting_id", "id"]
        constraints = [
            # a clue is on at most one agenda item still waiting for a decision
            models.UniqueConstraint(
                fields=["clue"],
                condition=Q(decision="pending", clue__isnull=False),
                name="agenda_clue_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}：{self.clue or self.suggestion}"


class State(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    IN_REVIEW = "in_review", "审核中"
    SIGNED = "signed", "已签发"
    PRE_COMMUNICATION = "pre_communication", "征求意见中"
    DELIVERED = "delivered", "已送达，待回复"
    REPLIED = "replied", "已回复"
    FOLLOW_UP = "follow_up", "跟踪落实中"
    ARCHIVED = "archived", "已归档"
    WITHDRAWN = "withdrawn", "已撤回"


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", "直接送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"


class OutcomeReason(models.TextChoices):
    """Why an item was not (fully) adopted, or a letter got no reply — set by the clerk from
    this list (反馈分析); the cue-phrase classifier proposing one is textlaw/reply_reasons.py."""

    IMPRECISE = "imprecise", "问题不精准"
    INFEASIBLE = "infeasible", "建议不可行"
    COMMUNICATION = "communication", "沟通不到位"
    CHANGED = "changed", "情况已变化"
    NOT_COMPETENT = "not_competent", "职责不属"
    OTHER = "other", "其他"


# "Overdue" and "due soon", defined once: a delivered letter still waiting for its reply,
# whose reply period ended before today (overdue) or ends within DUE_SOON_DAYS (due soon).
DUE_SOON_DAYS = 7


def overdue_q(today: date | None = None) -> Q:
    return Q(state=State.DELIVERED, reply_due_on__lt=today or timezone.localdate())


def due_soon_q(today: date | None = None, days: int = DUE_SOON_DAYS) -> Q:
    today = today or timezone.localdate()
    return Q(
        state=State.DELIVERED,
        reply_due_on__gte=today,
        reply_due_on__lte=today + timedelta(days=days),
    )


def no_reply_q(today: date | None = None) -> Q:
    """反馈分析's "no reply" outcome: a delivered letter with no 回函 at all, either overdue or
    taken on (跟踪落实/归档) without one. A letter still within its reply period is not counted."""
    replied = models.Exists(Reply.objects.filter(suggestion=models.OuterRef("pk")))
    return ~Q(replied) & (overdue_q(today) | Q(state__in=[State.FOLLOW_UP, State.ARCHIVED]))


def replied_on_time_q() -> Q:
    """Replied on or before the reply due date (the annual report's and 指导's "按期回复")."""
    return Q(replied_on__isnull=False, replied_on__lte=models.F("reply_due_on"))


def replied_late_q() -> Q:
    """Replied after the reply due date ("逾期回复")."""
    return Q(replied_on__isnull=False, replied_on__gt=models.F("reply_due_on"))


class SuggestionQuerySet(models.QuerySet):
    def no_reply(self, today: date | None = None) -> SuggestionQuerySet:
        return self.filter(no_reply_q(today))

    def overdue(self, today: date | None = None) -> SuggestionQuerySet:
        return self.filter(overdue_q(today))

    def not_overdue(self, today: date | None = None) -> SuggestionQuerySet:
        return self.exclude(overdue_q(today))

    def due_soon(self, today: date | None = None, days: int = DUE_SOON_DAYS) -> SuggestionQuerySet:
        return self.filter(due_soon_q(today, days))

    def issued(self, year: int | None = None) -> SuggestionQuerySet:
        """The letters of a year: numbered in that year (``number_year``) and not withdrawn;
        every year's when ``year`` is None. The one definition the dashboard and the register
        count by."""
        rows = self.filter(number_seq__isnull=False).exclude(state=State.WITHDRAWN)
        return rows if year is None else rows.filter(number_year=year)


class Suggestion(models.Model):
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="suggestions")
    division = models.ForeignKey(
        "courts.Division", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clue = models.ForeignKey(
        Clue, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    domain = models.CharField("专业领域", max_length=20, blank=True)
    title = models.CharField("标题", max_length=200)
    recipient = models.ForeignKey(
        "courts.RecipientUnit",
        verbose_name="被建议单位",
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    cc_units = models.ManyToManyField(
        "courts.RecipientUnit", verbose_name="抄送单位", blank=True, related_name="cc_suggestions"
    )
    cases = models.ManyToManyField(
        "cases.Case", verbose_name="相关案件", blank=True, related_name="suggestions"
    )
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.DRAFTING, db_index=True
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="当前承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="研究室经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # numbering
    doc_number = models.CharField("文号", max_length=60, blank=True, db_index=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_seq = models.PositiveIntegerField(null=True, blank=True)
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format_override_reason = models.TextField("格式检查豁免理由", blank=True)
    # reply period
    reply_months = models.PositiveSmallIntegerField("答复期限（月）", default=2)
    minors_law = models.BooleanField("适用未成年人保护法（一个月内回复）", default=False)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    reply_due_on = models.DateField("答复期限届满日", null=True, blank=True, db_index=True)
    reply_due_explanation = models.CharField("期限计算说明", max_length=300, blank=True)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    completed_on = models.DateField("办结日期", null=True, blank=True)
    archive_due_on = models.DateField("归档期限", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    # 反馈分析: why a delivered letter got no reply (reply_reason_set with no item)
    no_reply_reason = models.CharField(
        "未回复原因", max_length=20, choices=OutcomeReason.choices, blank=True
    )
    no_reply_note = models.CharField("未回复原因说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "司法建议"
        verbose_name_plural = "司法建议"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "number_year", "number_seq"], name="suggestion_number_unique"
            ),
        ]
        # a court's counts (state tabs, overdue/due soon, the year's letters) read from these
        # alone, not from every letter the court ever wrote (issue 13)
        indexes = [
            models.Index(
                fields=["court", "state", "reply_due_on"], name="suggestion_court_state_due"
            ),
            models.Index(
                fields=["court", "number_year", "state", "number_seq", "replied_on"],
                name="suggestion_court_year_state",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number or self.title

    @property
    def is_open_for_reply(self) -> bool:
        return self.state == State.DELIVERED

    def overdue_on(self, today: date | None = None) -> bool:
        """The same rule as :func:`overdue_q`, for one letter already loaded."""
        today = today or timezone.localdate()
        return (
            self.state == State.DELIVERED
            and self.reply_due_on is not None
            and self.reply_due_on < today
        )

    def due_soon_on(self, today: date | None = None, days: int = DUE_SOON_DAYS) -> bool:
        today = today or timezone.localdate()
        return (
            self.state == State.DELIVERED
            and self.reply_due_on is not None
            and today <= self.reply_due_on <= today + timedelta(days=days)
        )

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on()

    @property
    def is_due_soon(self) -> bool:
        return self.due_soon_on()

    @property
    def overdue_days(self) -> int:
        """Days past the reply due date while still waiting for the reply; 0 otherwise."""
        if not self.overdue_on():
            return 0
        return (timezone.localdate() - self.reply_due_on).days

    @property
    def issued_on(self) -> date | None:
        """成文日期: the day the letter was signed (local date), printed on every copy."""
        return timezone.localdate(self.signed_at) if self.signed_at else None

    def latest_version(self) -> SuggestionVersion | None:
        return self.versions.order_by("-number").first()


class SuggestionVersion(models.Model):
    """An immutable snapshot of the draft's structured content."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    content = models.JSONField("内容")
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文稿版本"
        verbose_name_plural = "文稿版本"
        ordering = ["suggestion_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "number"], name="version_unique")
        ]

    def __str__(self) -> str:
        return f"第{self.number}稿"


class Workflow(models.Model):
    """An ordered review and sign-off chain; court=None is the default for every court."""

    court = models.ForeignKey(
        "courts.Court", null=True, blank=True, on_delete=models.CASCADE, related_name="workflows"
    )
    category = models.CharField(
        "适用类别",
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text="留空表示适用于其他所有类别",
    )
    name = models.CharField("名称", max_length=100)
    retired = models.BooleanField(
        "已停用",
        default=False,
        help_text="被替换或删除的流程停用保留，已按其办理的审批记录不受影响",
    )

    class Meta:
        verbose_name = "审批流程"
        verbose_name_plural = "审批流程"

    def __str__(self) -> str:
        return self.name


class WorkflowStep(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("步骤", max_length=50)
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="指定人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requires_meeting = models.BooleanField("须关联审委会会议记录", default=False)
    signs = models.BooleanField("签发步骤（通过即编号）", default=False)
    repeat_after_precomm = models.BooleanField(
        "事前沟通后修改须重新审核",
        default=False,
        help_text="征求意见后修改的文稿，签发步骤和此处勾选的步骤重新办理，其余步骤沿用原审核意见",
    )

    class Meta:
        verbose_name = "审批步骤"
        verbose_name_plural = "审批步骤"
        ordering = ["workflow_id", "position"]

    def __str__(self) -> str:
        return self.name


class ReviewRun(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="runs")
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(SuggestionVersion, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)  # approved | returned

    class Meta:
        ordering = ["suggestion_id", "id"]

    def __str__(self) -> str:
        return f"{self.suggestion} 审批#{self.pk}"


class StepRun(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "未到"
        ACTIVE = "active", "待办"
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回"

    run = models.ForeignKey(ReviewRun, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(WorkflowStep, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField("意见", blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    see_again = models.BooleanField("修改后需再次送我审核", default=False)
    carried = models.BooleanField("沿用前次审核意见", default=False)

    class Meta:
        ordering = ["run_id", "position"]

    def __str__(self) -> str:
        return f"{self.step.name}：{self.get_state_display()}"


class NumberCounter(models.Model):
    """The last 文号 sequence used per court and year; locked while a number is taken."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "year"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.court} {self.year}: {self.last}"


class PreCommunication(models.Model):
    """事前沟通 (法释〔2023〕11号第五条): a 告知函 with the 征求意见稿, a visit or a meeting."""

    class Kind(models.TextChoices):
        NOTICE = "notice", "告知函"
        VISIT = "visit", "上门走访"
        MEETING = "meeting", "座谈沟通"

    class Stance(models.TextChoices):
        AGREE = "agree", "无不同意见"
        OPINIONS = "opinions", "有修改意见"

    class Conclusion(models.TextChoices):
        REVISE = "revise", "根据意见修改"
        PROCEED = "proceed", "无需修改，继续办理"

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="communications"
    )
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    held_on = models.DateField("日期")
    respond_by = models.DateField("请于此日前反馈意见", null=True, blank=True)
    participants = models.CharField("参加人员", max_length=300, blank=True)
    note = models.TextField("沟通情况", blank=True)
    recipient_opinion = models.TextField("被建议单位意见", blank=True)
    opinion_on = models.DateField("意见日期", null=True, blank=True)
    stance = models.CharField("总体意见", max_length=20, choices=Stance.choices, blank=True)
    item_opinions = models.JSONField("逐条意见", default=list, blank=True)
    version = models.ForeignKey(
        SuggestionVersion,
        verbose_name="征求意见稿",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state_before = models.CharField("发出时的状态", max_length=20, blank=True)
    conclusion = models.CharField("处理结果", max_length=20, choices=Conclusion.choices, blank=True)
    concluded_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "事前沟通"
        verbose_name_plural = "事前沟通"
        ordering = ["suggestion_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Delivery(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="deliveries")
    method = models.CharField("送达方式", max_length=20, choices=DeliveryMethod.choices)
    delivered_on = models.DateField("送达日期")
    receipt = models.ForeignKey(
        "suggestions.Attachment",
        verbose_name="送达回证",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cc_superior = models.BooleanField("抄送被建议单位上级主管机关", default=False)
    cc_superior_court = models.BooleanField("抄送上级法院", default=False)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "送达"
        verbose_name_plural = "送达"
        ordering = ["suggestion_id", "delivered_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.delivered_on}"


class Extension(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="extensions")
    months = models.PositiveSmallIntegerField("延长（月）")
    reason = models.CharField("理由", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "延长答复期限"
        verbose_name_plural = "延长答复期限"
        ordering = ["suggestion_id", "id"]

    def __str__(self) -> str:
        return f"延长{self.months}个月"


class ItemOutcome(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    EXPLAINED = "explained", "说明理由"


# The outcomes that ask for a reason (besides no reply at all): everything short of 采纳.
REASON_OUTCOMES: tuple[str, ...] = (
    ItemOutcome.PARTLY,
    ItemOutcome.NOT_ADOPTED,
    ItemOutcome.EXPLAINED,
)


class Reply(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies")
    received_on = models.DateField("回函日期")
    content = models.TextField("回函内容")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    via_portal = models.BooleanField("被建议单位在线提交", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "回函"
        verbose_name_plural = "回函"
        ordering = ["suggestion_id", "received_on", "id"]

    def __str__(self) -> str:
        return f"回函 {self.received_on}"


class ReplyItem(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="items")
    item_index = models.PositiveSmallIntegerField("建议序号")
    outcome = models.CharField("采纳情况", max_length=20, choices=ItemOutcome.choices)
    measures = models.TextField("采取的措施/理由", blank=True)
    # 反馈分析: why it was not (fully) adopted — classified by the clerk (reply_reason_set)
    reason = models.CharField(
        "未采纳原因", max_length=20, choices=OutcomeReason.choices, blank=True
    )
    reason_note = models.CharField("原因说明", max_length=300, blank=True)
    reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason_at = models.DateTimeField("原因分析时间", null=True, blank=True)

    class Meta:
        ordering = ["reply_id", "item_index"]
        constraints = [
            # one outcome per suggestion item per reply
            models.UniqueConstraint(fields=["reply", "item_index"], name="reply_item_once"),
        ]

    def __str__(self) -> str:
        return f"第{self.item_index}条：{self.get_outcome_display()}"


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", "联合专项整治"
        PUBLICITY = "publicity", "普法宣传"
        RULE = "rule", "建章立制"
        VISIT = "visit", "回访"
        REMINDER = "reminder", "督促提醒"
        ESCALATION = "escalation", "抄送上级主管机关"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    held_on = models.DateField("日期")
    description = models.TextField("情况")
    rule_name = models.CharField("制定/修改的制度名称", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "跟踪落实"
        verbose_name_plural = "跟踪落实"
        ordering = ["suggestion_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class StoredUpload(models.Model):
    """What every checked upload records beside its file (``uploads.store_upload`` fills it):
    the name it was uploaded under, its type, size and SHA-256, who uploaded it and when. A
    concrete model adds ``file`` with its own folder."""

    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Attachment(StoredUpload):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", "送达回证"
        REPLY = "reply", "回函附件"
        LETTER = "letter", "司法建议书"
        OTHER = "other", "其他材料"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="suggestions/%Y/%m/")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["suggestion_id", "id"]


class Notification(models.Model):
    """An in-app message; (suggestion, kind, key, user) is unique so jobs never send twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "suggestion", "kind", "key"], name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.message


class StoredLetter(models.Model):
    """A signed letter's file (.docx made at signing, .pdf made by the background worker),
    written once under ``FENGQIAO_LETTERS_DIR`` and never rewritten: every later download
    serves these bytes. A change of what the letter prints (a corrected 签发日期, a re-signing
    after revision) makes a new revision; the old files and rows are kept, marked superseded.
    """

    class Kind(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        PENDING = "pending", "PDF 生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="stored_letters"
    )
    version = models.ForeignKey(
        SuggestionVersion, verbose_name="文稿版本", on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField("存档版次")
    kind = models.CharField("格式", max_length=10, choices=Kind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.READY, db_index=True
    )
    source = models.ForeignKey(
        "self",
        verbose_name="转换自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
    )
    path = models.CharField("存储路径", max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("成文日期")
    reason = models.CharField("生成原因", max_length=100)
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("转换次数", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField("被替代时间", null=True, blank=True)

    class Meta:
        verbose_name = "签发文书存档"
        verbose_name_plural = "签发文书存档"
        ordering = ["suggestion_id", "revision", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "revision", "kind"], name="stored_letter_once"
            )
        ]
        indexes = [models.Index(fields=["suggestion", "kind", "superseded_at"])]

    def __str__(self) -> str:
        return f"{self.doc_number or self.suggestion_id} 第{self.revision}版 {self.kind}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.path)
