"""Every write to courts, divisions, people and recipients: one function each, audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fengqiao.audit.services import audit_record, snapshot
from fengqiao.courts.models import (
    ApiToken,
    Court,
    CourtLevel,
    Division,
    RecipientUnit,
    Role,
    RoleGrant,
    User,
)
from fengqiao.courts.names import normalize_org_name
from fengqiao.courts.permissions import require_permission


def _check_actor(actor, action: str) -> None:
    """System jobs (demo loader, CLI run by an operator) pass actor=None."""
    if actor is not None:
        require_permission(actor, action)


def _check_own_court(actor, court_id: int | None) -> None:
    """A court's system administrator administers that court only (people, divisions)."""
    if actor is not None and (court_id is None or court_id != actor.court_id):
        raise PermissionDenied("只能管理本院的人员和庭室。")


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
    audit_record(actor=actor, code="court.create", obj=court, court=court, after=snapshot(court))
    return court


@transaction.atomic
def division_create(*, actor=None, court: Court, name: str) -> Division:
    _check_actor(actor, "court.manage")
    _check_own_court(actor, court.pk)
    division = Division(court=court, name=name.strip())
    division.full_clean()
    division.save()
    audit_record(
        actor=actor, code="division.create", obj=division, court=court, after=snapshot(division)
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
    must_change_password: bool = False,
) -> User:
    """Create a person. ``must_change_password`` is set for accounts an administrator creates
    with a temporary password: the user must choose their own at first login."""
    _check_actor(actor, "user.manage")
    if (court is None) == (recipient_unit is None):
        raise ValidationError("用户必须属于一个法院，或属于一个被建议单位（二者选一）。")
    if recipient_unit is not None and roles:
        raise ValidationError("被建议单位用户不能拥有法院角色。")
    if division is not None and division.court_id != getattr(court, "pk", None):
        raise ValidationError("庭室不属于该法院。")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(f"未知的角色：{'、'.join(sorted(unknown))}")
    _check_own_court(
        actor, court.pk if court is not None else getattr(recipient_unit, "court_id", None)
    )
    user = User(
        username=username,
        full_name=full_name,
        court=court,
        division=division,
        recipient_unit=recipient_unit,
        phone=phone,
        must_change_password=must_change_password,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
    audit_record(
        actor=actor,
        code="user.create",
        obj=user,
        court=court if court is not None else recipient_unit.court_id,
        after={
            **snapshot(user, ["username", "full_name", "court", "division", "recipient_unit"]),
            "roles": sorted(roles),
            "must_change_password": must_change_password,
        },
    )
    return user


@transaction.atomic
def user_set_roles(*, actor=None, user: User, roles: list[str]) -> User:
    _check_actor(actor, "user.manage")
    _check_own_court(actor, user.court_id)
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(f"未知的角色：{'、'.join(sorted(unknown))}")
    if user.is_recipient and roles:
        raise ValidationError("被建议单位用户不能拥有法院角色。")
    before = sorted(user.role_codes())
    RoleGrant.objects.filter(user=user).exclude(role__in=roles).delete()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._role_cache = None
    audit_record(
        actor=actor,
        code="user.roles",
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
    audit_record(actor=actor, code="recipient.create", obj=unit, court=court, after=snapshot(unit))
    return unit


@transaction.atomic
def recipient_unit_update(*, actor, unit: RecipientUnit, **changes) -> RecipientUnit:
    _check_actor(actor, "recipient.manage")
    if actor is not None and unit.court_id not in _actor_court_ids(actor):
        raise PermissionDenied("只能修改本院（或下级法院）登记的被建议单位。")
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
        code="recipient.update",
        obj=unit,
        court=unit.court_id,
        before=before,
        after=snapshot(unit),
    )
    return unit


def _actor_court_ids(actor) -> list[int]:
    from fengqiao.courts.selectors import visible_court_ids

    return visible_court_ids(actor)


TOKEN_PREFIX_CHARS = 12


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _check_token_actor(actor, user: User) -> None:
    """Anyone manages their own tokens; a system administrator those of their court's people.
    actor=None is an operator at the command line."""
    if actor is None or actor.pk == user.pk:
        return
    require_permission(actor, "user.manage")
    owner_court = user.court_id or getattr(user.recipient_unit, "court_id", None)
    if owner_court != actor.court_id:
        raise PermissionDenied("只能管理本院人员的 API 令牌。")


@transaction.atomic
def api_token_create(
    *,
    actor=None,
    user: User,
    name: str = "",
    expires_at: datetime | None = None,
) -> str:
    """Create a token and return its key; only the hash is stored, so show it once."""
    _check_token_actor(actor, user)
    if not user.is_active:
        raise ValidationError("该用户已停用，不能签发 API 令牌。")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("到期时间必须晚于现在。")
    key = "fq_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_token_hash(key),
        prefix=key[:TOKEN_PREFIX_CHARS],
        name=name.strip()[:100],
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        code="token.issue",
        obj=user,
        court=user.court_id,
        after={
            "token_id": token.pk,
            "prefix": token.prefix,
            "name": token.name,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return key


@transaction.atomic
def api_token_revoke(*, actor=None, token: ApiToken) -> ApiToken:
    """Revoke a token now; a revoked token is refused by the API from the next request."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _check_token_actor(actor, token.user)
    if token.revoked_at is not None:
        raise ValidationError(f"令牌 {token.prefix}… 已于此前吊销。")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        code="token.revoke",
        obj=token.user,
        court=token.user.court_id,
        after={"token_id": token.pk, "prefix": token.prefix, "name": token.name},
    )
    return token


def api_token_user(key: str) -> User | None:
    """The active user a presented key belongs to, or None when the key is unknown, revoked
    or expired (or its user is deactivated)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def password_changed(*, user: User) -> User:
    """Record that a user chose a new password (the form has saved it); lifts the forced
    change set when an administrator created the account or reset its password."""
    was_forced = user.must_change_password
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    user.must_change_password = False
    audit_record(
        actor=user,
        code="user.password_change",
        obj=user,
        court=user.court_id,
        after={"forced": was_forced},
    )
    return user
