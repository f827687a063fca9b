"""Setting up one court for its first day (``fengqiao setup``): the service behind the command.

Re-runnable: a second run with the same court creates nothing twice — it fills in what is
missing (a division deleted meanwhile is not re-created if it was renamed; only missing names
are added), keeps an existing administrator's password, and reports what it did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court, CourtLevel, Division, Role, RoleGrant, User
from fengqiao.courts.registry import PROVINCE_NAMES

STANDARD_DIVISIONS = (
    "立案庭",
    "刑事审判庭",
    "民事审判第一庭",
    "民事审判第二庭",
    "行政审判庭",
    "审判监督庭",
    "执行局",
    "研究室",
    "办公室",
)
_SPECIALTIES = {
    "铁路运输": "铁",
    "海事": "海",
    "知识产权": "知",
    "金融": "金",
    "互联网": "互",
}
_COUNTY_SUFFIX = re.compile(r"(?:自治县|自治旗|新区|林区|特区|县|区|市|旗)$")
_ABBR_NAMES = dict(
    zip(
        "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新",
        PROVINCE_NAMES,
        strict=True,
    )
)


@dataclass
class SetupResult:
    court: Court
    short_name: str
    divisions_created: list[str] = field(default_factory=list)
    admin: User | None = None
    admin_created: bool = False
    short_name_changed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.divisions_created or self.admin_created or self.short_name_changed)


def propose_short_name(court: Court) -> str:
    """A 地名简称 for the court's 文号 (“连开法建〔2018〕1号” uses 连云港 + 开发区): first
    character of the city and of the county/district; a two-character county name as it is;
    high courts 简称 + 高; intermediate courts city + 中. Only a proposal: the court decides."""
    if court.level == CourtLevel.SUPREME:
        return ""
    abbr = court.code[:1]
    if court.level == CourtLevel.HIGH:
        return f"{abbr}高"
    rest = court.name
    for province in sorted(PROVINCE_NAMES, key=len, reverse=True):
        if rest.startswith(province):
            rest = rest[len(province) :]
            break
    rest = rest.removesuffix("人民法院").removesuffix("法院")
    for word, char in _SPECIALTIES.items():
        if word in rest:
            return f"{abbr}{char}"
    if court.level == CourtLevel.INTERMEDIATE:
        numbered = re.match(r"第([一二三四五六])中级", rest)
        if numbered:
            return f"{abbr}{numbered.group(1)}中"
        return f"{rest[:1]}中"
    if "开发区" in rest or "新区" in rest:  # 连云港经济技术开发区 → 连开
        return f"{rest[:1]}{'开' if '开发区' in rest else '新'}"
    city = re.match(r"^(.{1,8}?)(?:自治州|地区|市|州|盟)(?=.)", rest)
    if city and abbr in "京津沪渝":
        city = None  # a district of a municipality: 简称 + district
    if city:
        county = rest[city.end() :]
        return f"{city.group(1)[:1]}{county[:1]}"
    county = _COUNTY_SUFFIX.sub("", rest) or rest
    if abbr in "京津沪渝" and court.level == CourtLevel.BASIC:
        return f"{abbr}{county[:1]}"
    return county if len(county) == 2 else county[:2]


def check_password(password: str, username: str) -> None:
    """Raise ValidationError (Chinese messages) when the installation's password policy
    refuses the password."""
    password_validation.validate_password(password, User(username=username))


@transaction.atomic
def setup_court(
    *,
    court: Court,
    short_name: str,
    admin_username: str,
    admin_name: str,
    password: str | None,
    actor=None,
) -> SetupResult:
    """Give ``court`` its 地名简称, the standard divisions and its first system administrator
    (role 系统管理员, marked as administrator of this installation with ``is_staff``)."""
    short_name = short_name.strip()
    if court.level != CourtLevel.SUPREME and not short_name:
        raise ValidationError(
            "请填写地名简称（用于司法建议书编号，如“连开法建〔2026〕1号”中的“连开”）。"
        )
    if len(short_name) > Court._meta.get_field("short_name").max_length:
        raise ValidationError("地名简称太长，一般为 1–4 个字。")
    result = SetupResult(court=court, short_name=short_name)
    if court.short_name != short_name:
        court.short_name = short_name
        court.save(update_fields=["short_name"])
        result.short_name_changed = True
    existing = set(court.divisions.values_list("name", flat=True))
    for name in STANDARD_DIVISIONS:
        if name not in existing:
            Division.objects.create(court=court, name=name)
            result.divisions_created.append(name)

    admin = User.objects.filter(username=admin_username).first()
    if admin is not None:
        if admin.court_id != court.pk:
            raise ValidationError(
                f"用户名“{admin_username}”已被其他法院或单位的用户使用，请换一个。"
            )
        if not admin.has_role(Role.ADMIN):
            RoleGrant.objects.get_or_create(user=admin, role=Role.ADMIN)
            result.admin_created = True
    else:
        if not password:
            raise ValidationError("请为系统管理员设置密码。")
        check_password(password, admin_username)
        division = court.divisions.filter(name="办公室").first()
        admin = User(
            username=admin_username,
            full_name=admin_name,
            court=court,
            division=division,
            is_staff=True,
        )
        admin.set_password(password)
        admin.full_clean(exclude=["password"])
        admin.save()
        RoleGrant.objects.create(user=admin, role=Role.ADMIN)
        result.admin_created = True
        audit_record(
            actor=actor,
            code="user.create",
            obj=admin,
            court=court,
            after={
                "username": admin.username,
                "full_name": admin.full_name,
                "roles": [Role.ADMIN.value],
                "is_staff": True,
            },
        )
    result.admin = admin
    if result.changed:
        audit_record(
            actor=actor,
            code="court.setup",
            obj=court,
            court=court,
            after={
                "short_name": short_name,
                "divisions_created": result.divisions_created,
                "admin": admin.username,
                "admin_created": result.admin_created,
            },
        )
    return result
