"""Every write to courts, divisions, people and recipients: one function each, audited."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record, snapshot
from fengqiao.courts.models import (
    ApiToken,
    Court,
    CourtLevel,
    Division,
    RecipientUnit,
    RoleGrant,
    User,
)
from fengqiao.courts.names import normalize_org_name
from fengqiao.courts.permissions import require_permission


def _check_actor(actor, action: str) -> None:
    """System jobs (demo loader, CLI run by an operator) pass actor=None."""
    if actor is not None:
        require_permission(actor, action)


@transaction.atomic
def court_create(
    *,
    actor=None,
    name: str,
    code: str,
    level: str,
    short_name: str = "",
    parent: Court | None = None,
) -> Court:
    _check_actor(actor, "court.manage")
    if level not in CourtLevel.values:
        raise ValidationError(f"未知的法院级别：{level}")
    if level in {CourtLevel.INTERMEDIATE, CourtLevel.BASIC} and parent is None:
        raise ValidationError("中级、基层法院必须有上级法院。")
    court = Court(name=name, code=code, level=level, short_name=short_name, parent=parent)
    court.full_clean(exclude=["path"])
    court.save()
    court.path = f"{parent.path if parent else '/'}{court.pk}/"
    court.save(update_fields=["path"])
    audit_record(actor=actor, action="创建法院", obj=court, court=court, after=snapshot(court))
    return court


@transaction.atomic
def division_create(*, actor=None, court: Court, name: str) -> Division:
    _check_actor(actor, "court.manage")
    division = Division(court=court, name=name)
    division.full_clean()
    division.save()
    audit_record(
        actor=actor, action="创建庭室", obj=division, court=court, after=snapshot(division)
    )
    return division


@transaction.atomic
def user_create(
    *,
    actor=None,
    username: str,
    password: str,
    full_name: str,
    court: Court | None = None,
    division: Division | None = None,
    recipient_unit: RecipientUnit | None = None,
    roles: list[str] | tuple[str, ...] = (),
    phone: str = "",
) -> User:
    _check_actor(actor, "user.manage")
    if (court is None) == (recipient_unit is None):
        raise ValidationError("用户必须属于一个法院，或属于一个被建议单位（二者选一）。")
    if recipient_unit is not None and roles:
        raise ValidationError("被建议单位用户不能拥有法院角色。")
    if division is not None and division.court_id != getattr(court, "pk", None):
        raise ValidationError("庭室不属于该法院。")
    user = User(
        username=username,
        full_name=full_name,
        court=court,
        division=division,
        recipient_unit=recipient_unit,
        phone=phone,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
    audit_record(
        actor=actor,
        action="创建用户",
        obj=user,
        court=court,
        after={
            **snapshot(user, ["username", "full_name", "court", "division", "recipient_unit"]),
            "roles": sorted(roles),
        },
    )
    return user


@transaction.atomic
def user_set_roles(*, actor=None, user: User, roles: list[str]) -> User:
    _check_actor(actor, "user.manage")
    if user.is_recipient and roles:
        raise ValidationError("被建议单位用户不能拥有法院角色。")
    before = sorted(user.role_codes())
    RoleGrant.objects.filter(user=user).exclude(role__in=roles).delete()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._role_cache = None
    audit_record(
        actor=actor,
        action="调整角色",
        obj=user,
        court=user.court_id,
        before={"roles": before},
        after={"roles": sorted(roles)},
    )
    return user


@transaction.atomic
def recipient_unit_create(
    *,
    actor=None,
    court: Court,
    name: str,
    kind: str,
    superior: RecipientUnit | None = None,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> RecipientUnit:
    _check_actor(actor, "recipient.manage")
    if actor is not None and court.pk not in _actor_court_ids(actor):
        raise ValidationError("只能为本院（或下级法院）登记被建议单位。")
    unit = RecipientUnit(
        court=court,
        name=name.strip(),
        normalized_name=normalize_org_name(name),
        kind=kind,
        superior=superior,
        address=address,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="登记被建议单位", obj=unit, court=court, after=snapshot(unit))
    return unit


@transaction.atomic
def recipient_unit_update(*, actor, unit: RecipientUnit, **changes) -> RecipientUnit:
    _check_actor(actor, "recipient.manage")
    allowed = {"name", "kind", "superior", "address", "contact_name", "contact_phone"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    before = snapshot(unit)
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.normalized_name = normalize_org_name(unit.name)
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action="修改被建议单位",
        obj=unit,
        court=unit.court_id,
        before=before,
        after=snapshot(unit),
    )
    return unit


def _actor_court_ids(actor) -> list[int]:
    from fengqiao.courts.selectors import visible_court_ids

    return visible_court_ids(actor)


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor=None, user: User) -> str:
    """Create a token and return its key; only the hash is stored, so show it once."""
    key = "fq_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=_token_hash(key), prefix=key[:8])
    audit_record(
        actor=actor,
        action="签发API令牌",
        obj=user,
        court=user.court_id,
        after={"token_id": token.pk, "prefix": token.prefix},
    )
    return key


def api_token_user(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(key), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
