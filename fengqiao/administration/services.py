"""Every write a court's system administrator makes: people, divisions, document settings.

Each function checks the actor's permission and that the object belongs to the actor's own
court, runs in one transaction, and leaves an audit entry with a code from
``fengqiao.audit.codes``. Creating people and units goes through ``fengqiao.courts.services``.
"""

from __future__ import annotations

import hashlib
import secrets
import string
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fengqiao.administration.models import DocumentSettings, HolidaySchedule
from fengqiao.administration.seal import check_seal_png
from fengqiao.audit.services import audit_record, snapshot
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Court, Division, RecipientUnit, Role, User
from fengqiao.courts.permissions import require_permission

USER_FIELDS = ["username", "full_name", "phone", "email", "division", "is_active"]
_PASSWORD_ALPHABET = "".join(
    ch for ch in string.ascii_letters + string.digits if ch not in "Il1O0o"
)


def _require_admin_of(actor, court_id: int | None, action: str = "user.manage") -> None:
    require_permission(actor, action)
    if court_id is None or court_id != actor.court_id:
        raise PermissionDenied("只能管理本院的人员、庭室和设置。")


def _court_of(user: User) -> int | None:
    if user.court_id is not None:
        return user.court_id
    return getattr(user.recipient_unit, "court_id", None)


def temporary_password() -> str:
    """A random password that meets the policy, to hand over once; the user must replace it."""
    length = max(12, int(getattr(settings, "PASSWORD_MIN_LENGTH", 10)) + 2)
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        if (
            any(c.isdigit() for c in password)
            and any(c.isupper() for c in password)
            and any(c.islower() for c in password)
        ):
            return password


# ---- people --------------------------------------------------------------------------------


def user_create_with_temporary_password(
    *,
    actor,
    court: Court,
    username: str,
    full_name: str,
    roles: list[str],
    division: Division | None = None,
    phone: str = "",
) -> tuple[User, str]:
    """Create a court officer with a one-time password; they must change it at first login.
    Returns the user and the password (shown to the administrator once, never stored)."""
    _require_admin_of(actor, court.pk)
    if division is not None and not division.is_active:
        raise ValidationError(f"庭室“{division.name}”已停用，请选择其他庭室。")
    password = temporary_password()
    user = court_services.user_create(
        actor=actor,
        username=username.strip(),
        password=password,
        full_name=full_name.strip(),
        court=court,
        division=division,
        roles=roles,
        phone=phone.strip(),
        must_change_password=True,
    )
    return user, password


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    full_name: str,
    phone: str = "",
    email: str = "",
    division: Division | None = None,
    roles: list[str] | None = None,
) -> User:
    """Edit a person's name, contact, division and (for court officers) roles."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_admin_of(actor, _court_of(user))
    if division is not None and (division.court_id != user.court_id or user.is_recipient):
        raise ValidationError("庭室不属于该用户所在法院。")
    if division is not None and not division.is_active and division.pk != user.division_id:
        raise ValidationError(f"庭室“{division.name}”已停用，请选择其他庭室。")
    before = snapshot(user, USER_FIELDS)
    user.full_name = full_name.strip()
    user.phone = phone.strip()
    user.email = email.strip()
    user.division = division
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone", "email", "division"])
    after = snapshot(user, USER_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            code="user.update",
            obj=user,
            court=_court_of(user),
            before=before,
            after=after,
        )
    if roles is not None and set(roles) != set(user.role_codes()):
        if actor.pk == user.pk and Role.ADMIN not in roles:
            raise ValidationError("不能取消自己的系统管理员角色，请由其他管理员办理。")
        court_services.user_set_roles(actor=actor, user=user, roles=list(roles))
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (the person can no longer log in or use tokens) or reactivate. People are
    never deleted: the audit trail and the suggestions name them."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_admin_of(actor, _court_of(user))
    if not active and user.pk == actor.pk:
        raise ValidationError("不能停用自己的账户。")
    if user.is_active == active:
        raise ValidationError("该用户已处于启用状态。" if active else "该用户已停用。")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        code="user.activate" if active else "user.deactivate",
        obj=user,
        court=_court_of(user),
        before={"is_active": not active},
        after={"is_active": active},
    )
    return user


@transaction.atomic
def user_reset_password(*, actor, user: User) -> str:
    """Give the person a new one-time password (returned, shown once) and require them to
    choose their own at next login. Also lifts a login lockout."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_admin_of(actor, _court_of(user))
    if not user.is_active:
        raise ValidationError("该用户已停用，请先启用再重置密码。")
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    cleared = _reset_login_failures(user.username)
    audit_record(
        actor=actor,
        code="user.password_reset",
        obj=user,
        court=_court_of(user),
        after={"must_change_password": True, "lockout_cleared": cleared},
    )
    return password


def _reset_login_failures(username: str) -> int:
    from axes.utils import reset

    return reset(username=username)


@transaction.atomic
def user_unlock(*, actor, user: User) -> int:
    """Clear django-axes' failed-login records for the username (from every address).
    Returns how many records were removed."""
    _require_admin_of(actor, _court_of(user))
    cleared = _reset_login_failures(user.username)
    audit_record(
        actor=actor,
        code="user.unlock",
        obj=user,
        court=_court_of(user),
        after={"attempts_cleared": cleared},
    )
    return cleared


# ---- divisions -----------------------------------------------------------------------------


def division_create(*, actor, court: Court, name: str) -> Division:
    _require_admin_of(actor, court.pk, "court.manage")
    name = name.strip()
    if Division.objects.filter(court=court, name=name).exists():
        raise ValidationError(f"本院已有名为“{name}”的庭室。")
    return court_services.division_create(actor=actor, court=court, name=name)


@transaction.atomic
def division_rename(*, actor, division: Division, name: str) -> Division:
    division = Division.objects.select_for_update().get(pk=division.pk)
    _require_admin_of(actor, division.court_id, "court.manage")
    name = name.strip()
    if not name:
        raise ValidationError("庭室名称不能为空。")
    if (
        Division.objects.filter(court_id=division.court_id, name=name)
        .exclude(pk=division.pk)
        .exists()
    ):
        raise ValidationError(f"本院已有名为“{name}”的庭室。")
    before = division.name
    division.name = name
    division.full_clean()
    division.save(update_fields=["name"])
    audit_record(
        actor=actor,
        code="division.update",
        obj=division,
        court=division.court_id,
        before={"name": before},
        after={"name": name},
    )
    return division


@transaction.atomic
def division_set_active(*, actor, division: Division, active: bool) -> Division:
    """Deactivate a division no active person belongs to (it stays in old records), or
    bring it back."""
    division = Division.objects.select_for_update().get(pk=division.pk)
    _require_admin_of(actor, division.court_id, "court.manage")
    if division.is_active == active:
        raise ValidationError("该庭室已处于启用状态。" if active else "该庭室已停用。")
    if not active:
        in_use = division.users.filter(is_active=True).count()
        if in_use:
            raise ValidationError(
                f"庭室“{division.name}”还有 {in_use} 名在用人员，请先把他们调到其他庭室再停用。"
            )
    division.is_active = active
    division.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        code="division.activate" if active else "division.deactivate",
        obj=division,
        court=division.court_id,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return division


# ---- recipient units -----------------------------------------------------------------------


def recipient_unit_create(*, actor, court: Court, **fields) -> RecipientUnit:
    _require_admin_of(actor, court.pk, "recipient.manage")
    _check_superior(court.pk, fields.get("superior"))
    return court_services.recipient_unit_create(actor=actor, court=court, **fields)


def recipient_unit_update(*, actor, unit: RecipientUnit, **changes) -> RecipientUnit:
    _require_admin_of(actor, unit.court_id, "recipient.manage")
    superior = changes.get("superior")
    _check_superior(unit.court_id, superior)
    if superior is not None and _is_below(superior, unit):
        raise ValidationError("上级主管机关不能是本单位或本单位的下级单位。")
    return court_services.recipient_unit_update(actor=actor, unit=unit, **changes)


def _check_superior(court_id: int, superior: RecipientUnit | None) -> None:
    if superior is not None and superior.court_id != court_id:
        raise ValidationError("上级主管机关须是本院登记的被建议单位。")


def _is_below(candidate: RecipientUnit, unit: RecipientUnit) -> bool:
    """True when ``candidate`` is ``unit`` itself or somewhere under it."""
    seen: set[int] = set()
    current: RecipientUnit | None = candidate
    while current is not None and current.pk not in seen:
        if current.pk == unit.pk:
            return True
        seen.add(current.pk)
        current = current.superior
    return False


# ---- document settings ---------------------------------------------------------------------


def document_settings_for(court: Court) -> DocumentSettings:
    """The court's settings row (unsaved defaults when the court never changed them)."""
    found = DocumentSettings.objects.filter(court=court).first()
    return found or DocumentSettings(court=court)


def _settings_snapshot(court: Court, doc: DocumentSettings) -> dict:
    return {
        "short_name": court.short_name,
        "doc_number_pattern": court.doc_number_pattern,
        "embed_seal": doc.embed_seal,
        "seal_sha256": doc.seal_sha256,
        "contact_name": doc.contact_name,
        "contact_phone": doc.contact_phone,
    }


@transaction.atomic
def document_settings_update(
    *,
    actor,
    court: Court,
    short_name: str,
    doc_number_pattern: str,
    embed_seal: bool,
    contact_name: str = "",
    contact_phone: str = "",
    seal_file=None,
    remove_seal: bool = False,
) -> DocumentSettings:
    """地名简称, number pattern, 院印 (PNG) and whether documents embed it, contact defaults."""
    court = Court.objects.select_for_update().get(pk=court.pk)
    _require_admin_of(actor, court.pk, "court.manage")
    short_name = short_name.strip()
    doc_number_pattern = doc_number_pattern.strip()
    if not short_name and court.level != "supreme":
        raise ValidationError("请填写地名简称（用于司法建议书编号，如“连开”）。")
    doc, _ = DocumentSettings.objects.select_for_update().get_or_create(court=court)
    before = _settings_snapshot(court, doc)
    court.short_name = short_name
    court.doc_number_pattern = doc_number_pattern
    # Court.clean() refuses a pattern whose numbers the checker or the register cannot read
    # back (documents.doc_number.pattern_problems — the one rule for 文号).
    court.full_clean(exclude=["path", "parent"])
    court.save(update_fields=["short_name", "doc_number_pattern"])
    old_seal = doc.seal.name if doc.seal else ""
    if seal_file is not None:
        data = check_seal_png(seal_file)
        doc.seal.save(f"{secrets.token_hex(16)}.png", _as_file(data), save=False)
        doc.seal_sha256 = hashlib.sha256(data).hexdigest()
    elif remove_seal:
        doc.seal = ""
        doc.seal_sha256 = ""
    if embed_seal and not doc.seal:
        raise ValidationError("尚未上传院印图片，不能选择加盖电子院印。")
    doc.embed_seal = embed_seal
    doc.contact_name = contact_name.strip()
    doc.contact_phone = contact_phone.strip()
    doc.save()
    after = _settings_snapshot(court, doc)
    audit_record(
        actor=actor,
        code="document_settings.update",
        obj=court,
        court=court,
        before=before,
        after=after,
    )
    if old_seal and old_seal != (doc.seal.name if doc.seal else ""):
        storage, name = doc.seal.storage, old_seal
        transaction.on_commit(lambda: storage.delete(name))
    return doc


def _as_file(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def seal_path(court: Court) -> str | None:
    """The file a document generator stamps on the cover and the 落款, or None when the court
    has no seal image or chose not to embed it (then the text “（院印）” stays)."""
    doc = DocumentSettings.objects.filter(court=court, embed_seal=True).exclude(seal="").first()
    return doc.seal.path if doc is not None else None


# ---- holiday schedules (national; used by every court's due dates) ---------------------------


def _schedule_snapshot(row: HolidaySchedule | None) -> dict | None:
    if row is None:
        return None
    return {"holidays": row.holidays, "workdays": row.workdays, "source": row.source}


@transaction.atomic
def holiday_schedule_save(
    *,
    actor,
    year: int,
    holidays: list[date],
    workdays: list[date],
    source: str = "",
) -> tuple[HolidaySchedule, int]:
    """Enter (or correct) a year's State Council holiday schedule: it takes precedence over
    the built-in calendar and the statutory fallback, and the reply due date of every letter
    still waiting for its reply is recomputed (each change audited). Returns the row and the
    number of due dates that changed."""
    from fengqiao.suggestions.services import due_dates_recompute

    require_permission(actor, "court.manage")
    if not 2000 <= year <= 2100:
        raise ValidationError("年度应在 2000 至 2100 之间。")
    if not holidays:
        raise ValidationError("请填写放假日期。")
    outside = [d for d in [*holidays, *workdays] if d.year != year]
    if outside:
        raise ValidationError(f"日期 {outside[0].isoformat()} 不在 {year} 年内。")
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise ValidationError(f"{both[0].isoformat()} 不能既是放假日又是调休上班日。")
    weekday = next((d for d in workdays if d.weekday() < 5), None)
    if weekday is not None:
        raise ValidationError(f"调休上班日 {weekday.isoformat()} 不是周末，无需录入。")
    row = HolidaySchedule.objects.select_for_update().filter(year=year).first()
    before = _schedule_snapshot(row)
    row = row or HolidaySchedule(year=year)
    row.holidays = [d.isoformat() for d in sorted(set(holidays))]
    row.workdays = [d.isoformat() for d in sorted(set(workdays))]
    row.source = source.strip()[:200]
    row.updated_by = actor
    row.save()
    audit_record(
        actor=actor,
        code="holiday_schedule.save",
        obj=row,
        court=_court_of(actor),
        before=before,
        after=_schedule_snapshot(row),
    )
    changed = due_dates_recompute(actor=actor, reason=f"{year}年节假日安排已录入或修改")
    return row, changed
