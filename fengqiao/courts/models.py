"""The court tree, divisions, people with roles, and the recipient units (被建议单位)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", "最高"
    HIGH = "high", "高级"
    INTERMEDIATE = "intermediate", "中级"
    BASIC = "basic", "基层"
    SPECIAL = "special", "专门"


class Court(models.Model):
    name = models.CharField("法院名称", max_length=100, unique=True)
    short_name = models.CharField(
        "地名简称",
        max_length=20,
        blank=True,
        help_text="用于司法建议书编号，如“连开”；最高人民法院为空",
    )
    level = models.CharField("级别", max_length=20, choices=CourtLevel.choices)
    code = models.CharField("法院代字", max_length=20, unique=True, help_text="如 京0105")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级法院",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    doc_number_pattern = models.CharField(
        "司法建议书编号格式",
        max_length=60,
        default="{short}法建〔{year}〕{n}号",
        help_text="可用 {short}（地名简称）、{year}、{n}；2023 规定为“地名简称+法建〔年度〕序号号”",
    )
    aliases = models.JSONField(
        "曾用名/别名", default=list, blank=True, help_text="合并、更名前的名称及常见写法"
    )
    alt_codes = models.JSONField(
        "其他代字",
        default=list,
        blank=True,
        help_text="区划调整前后的代字、2016 年前的旧式代字；导入裁判文书时同样识别",
    )
    source = models.CharField(
        "来源",
        max_length=20,
        choices=[
            ("registry", "全国法院名录"),
            ("manual", "手工登记"),
            ("import", "导入裁判文书时登记"),
        ],
        default="manual",
    )
    registry_note = models.CharField("名录说明", max_length=200, blank=True)
    # Materialised path of ids ("/1/4/9/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")

    class Meta:
        verbose_name = "法院"
        verbose_name_plural = "法院"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """A pattern that gives numbers the checker and the register cannot read is refused."""
        from django.core.exceptions import ValidationError

        fields = kwargs.get("update_fields")
        if fields is None or "doc_number_pattern" in fields or "short_name" in fields:
            problems = self.number_pattern_problems()
            if problems:
                raise ValidationError({"doc_number_pattern": problems})
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        problems = self.number_pattern_problems()
        if problems:
            raise ValidationError({"doc_number_pattern": problems})

    def number_pattern_problems(self) -> list[str]:
        from fengqiao.documents.doc_number import pattern_problems

        pattern = self.doc_number_pattern or "{short}法建〔{year}〕{n}号"
        if self.level == CourtLevel.SUPREME and pattern.startswith("{short}"):
            pattern = pattern.removeprefix("{short}")
        return pattern_problems(
            pattern,
            place=self.short_name,
            supreme=self.level == CourtLevel.SUPREME,
        )


class Division(models.Model):
    court = models.ForeignKey(
        Court, verbose_name="法院", on_delete=models.PROTECT, related_name="divisions"
    )
    name = models.CharField("庭室名称", max_length=50)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "庭室"
        verbose_name_plural = "庭室"
        ordering = ["court_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="division_unique_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.court.name}{self.name}"


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "党政机关"
    INSTITUTION = "institution", "事业单位"
    COMPANY = "company", "企业"
    ASSOCIATION = "association", "社会团体/行业协会"
    OTHER = "other", "其他"


class RecipientUnit(models.Model):
    """An agency or company a court may address a suggestion to."""

    court = models.ForeignKey(
        Court, verbose_name="登记法院", on_delete=models.PROTECT, related_name="recipient_units"
    )
    name = models.CharField("单位全称", max_length=200)
    normalized_name = models.CharField("规范化名称", max_length=200, db_index=True, editable=False)
    kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices)
    superior = models.ForeignKey(
        "self",
        verbose_name="上级主管机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)

    class Meta:
        verbose_name = "被建议单位"
        verbose_name_plural = "被建议单位"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "normalized_name"], name="recipient_unique_per_court"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    JUDGE = "judge", "承办法官"
    DIVISION_HEAD = "division_head", "庭长"
    RESEARCH = "research", "研究室"
    VICE_PRESIDENT = "vice_president", "分管院领导"
    PRESIDENT = "president", "院长"
    COMMITTEE = "committee", "审委会委员"
    SUPERVISOR = "supervisor", "上级法院督导"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A court officer (court set) or a recipient unit's officer (recipient_unit set)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    court = models.ForeignKey(
        Court,
        verbose_name="所在法院",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    division = models.ForeignKey(
        Division,
        verbose_name="所在庭室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    recipient_unit = models.ForeignKey(
        RecipientUnit,
        verbose_name="所属被建议单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("电话", max_length=50, blank=True)
    must_change_password = models.BooleanField(
        "下次登录须修改密码",
        default=False,
        help_text="管理员创建或重置密码的账户，首次登录后必须先修改密码",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(court__isnull=False) & models.Q(recipient_unit__isnull=False)),
                name="user_is_court_or_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_recipient(self) -> bool:
        return self.recipient_unit_id is not None

    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            if "role_grants" in getattr(self, "_prefetched_objects_cache", {}):
                # a list page prefetched the grants: use them, no query per person
                cached = frozenset(grant.role for grant in self.role_grants.all())
            else:
                cached = frozenset(self.role_grants.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes() & set(roles))

    def role_labels(self) -> list[str]:
        return [Role(code).label for code in Role.values if code in self.role_codes()]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, db_index=True)
    name = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def status(self, now=None) -> str:
        """有效 / 已过期 / 已吊销 — the one place that says whether a token still works."""
        from django.utils import timezone

        if self.revoked_at is not None:
            return "已吊销"
        if self.expires_at is not None and self.expires_at <= (now or timezone.now()):
            return "已过期"
        return "有效"

    @property
    def is_usable(self) -> bool:
        return self.status() == "有效"
