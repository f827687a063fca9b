"""Reads and corrections of the court registry (法院名录) by system administrators.

Who may correct which court: a system administrator (role 系统管理员) corrects courts in their
own court's subtree; the administrator of the installation (``is_staff``, the one
``fengqiao setup`` creates) corrects any court. Every correction is audited (``court.update``).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court
from fengqiao.courts.permissions import has_permission, require_permission

_CODE = re.compile(r"^(?:最高法|[\u4e00-\u9fff](?:\d{2}|\d{4})?)$")


def can_edit_court(user, court: Court) -> bool:
    if not has_permission(user, "registry.manage"):
        return False
    if user.is_staff:
        return True
    return court.path.startswith(user.court.path)


def registry_search(user, *, q: str = "", limit: int = 100) -> QuerySet[Court]:
    """Courts whose name, alias, 代字 or alternative 代字 contains ``q``."""
    require_permission(user, "registry.view")
    q = q.strip()
    courts = Court.objects.select_related("parent")
    if not q:
        return courts.none()
    # aliases/alt_codes are JSON lists (stored escaped on SQLite): matched in Python, ~3,500 rows
    extra = [
        pk
        for pk, aliases, alt_codes in Court.objects.exclude(aliases=[], alt_codes=[]).values_list(
            "id", "aliases", "alt_codes"
        )
        if any(q in a for a in aliases or []) or q in (alt_codes or [])
    ]
    return courts.filter(
        Q(name__icontains=q) | Q(code=q) | Q(code__startswith=q) | Q(pk__in=extra)
    ).order_by("path")[:limit]


def registry_children(user, *, parent: Court | None) -> QuerySet[Court]:
    require_permission(user, "registry.view")
    courts = Court.objects.filter(parent=parent) if parent else Court.objects.filter(parent=None)
    return courts.order_by("code")


def _split(text: str, seps: str) -> list[str]:
    items = re.split(f"[{re.escape(seps)}\\n\\r]+", text or "")
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


@transaction.atomic
def court_update(
    *,
    actor,
    court: Court,
    name: str,
    code: str,
    parent: Court | None,
    aliases: list[str],
    alt_codes: list[str],
) -> Court:
    """Correct a court's name, 代字, parent and aliases. Renaming keeps the old name as an
    alias and re-coding keeps the old 代字 as an alternative, so earlier judgments still match.
    Moving a court moves its subtree (paths follow)."""
    if not can_edit_court(actor, court):
        raise PermissionDenied("您只能修改本院及下级法院的名录信息。")
    court = Court.objects.select_for_update().get(pk=court.pk)
    name, code = name.strip(), code.strip()
    if not name:
        raise ValidationError("请填写法院名称。")
    if not _CODE.match(code):
        raise ValidationError(
            "法院代字的格式应为“最高法”、省级简称，或简称加 2 位/4 位数字，如 京0105。"
        )
    if Court.objects.exclude(pk=court.pk).filter(code=code).exists():
        raise ValidationError(f"法院代字“{code}”已被其他法院使用。")
    if Court.objects.exclude(pk=court.pk).filter(name=name).exists():
        raise ValidationError(f"已有名为“{name}”的法院。")
    if parent is not None:
        if parent.pk == court.pk or parent.path.startswith(court.path):
            raise ValidationError("上级法院不能是本院或本院的下级法院。")
        if not can_edit_court(actor, parent) and parent.pk != court.parent_id:
            raise PermissionDenied("只能把法院移到您有权管理的法院之下。")
    before = {
        "name": court.name,
        "code": court.code,
        "parent": court.parent.code if court.parent else None,
        "aliases": court.aliases,
        "alt_codes": court.alt_codes,
    }
    aliases = [a for a in dict.fromkeys(aliases) if a and a != name]
    if court.name != name and court.name not in aliases:
        aliases.append(court.name)
    alt_codes = [c for c in dict.fromkeys(alt_codes) if c and c != code]
    if court.code != code and court.code not in alt_codes:
        alt_codes.append(court.code)
    old_path = court.path
    court.name, court.code, court.aliases, court.alt_codes = name, code, aliases, alt_codes
    court.parent = parent
    court.save(update_fields=["name", "code", "aliases", "alt_codes", "parent"])
    new_path = f"{parent.path if parent else '/'}{court.pk}/"
    if new_path != old_path:
        Court.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
        court.path = new_path
    after = {
        "name": name,
        "code": code,
        "parent": parent.code if parent else None,
        "aliases": aliases,
        "alt_codes": alt_codes,
    }
    audit_record(
        actor=actor, code="court.update", obj=court, court=court, before=before, after=after
    )
    return court


@transaction.atomic
def court_register(
    *,
    actor,
    name: str,
    code: str,
    level: str,
    parent: Court | None,
    aliases: list[str],
) -> Court:
    """Add a court the registry lacks (a railway, 农垦 or 开发区 court found in old judgments)."""
    if parent is None and not actor.is_staff:
        raise PermissionDenied("只有本系统管理员可以登记没有上级法院的法院。")
    if parent is not None and not can_edit_court(actor, parent):
        raise PermissionDenied("只能在本院及下级法院之下登记法院。")
    name, code = name.strip(), code.strip()
    if not _CODE.match(code):
        raise ValidationError(
            "法院代字的格式应为“最高法”、省级简称，或简称加 2 位/4 位数字，如 京0105。"
        )
    if Court.objects.filter(code=code).exists():
        raise ValidationError(f"法院代字“{code}”已被其他法院使用。")
    if Court.objects.filter(name=name).exists():
        raise ValidationError(f"已有名为“{name}”的法院。")
    court = Court(
        name=name,
        code=code,
        level=level,
        parent=parent,
        aliases=[a for a in dict.fromkeys(aliases) if a and a != name],
        source="manual",
    )
    court.full_clean(exclude=["path"])
    court.save()
    court.path = f"{parent.path if parent else '/'}{court.pk}/"
    court.save(update_fields=["path"])
    audit_record(
        actor=actor,
        code="court.create",
        obj=court,
        court=court,
        after={
            "name": name,
            "code": code,
            "level": level,
            "parent": parent.code if parent else None,
        },
    )
    return court


def split_aliases(text: str) -> list[str]:
    return _split(text, "|")


def split_codes(text: str) -> list[str]:
    return _split(text, ",，、 ")
