"""Appending to the audit trail, and verifying the hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from fengqiao.audit.codes import label_for
from fengqiao.audit.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> Any:
    """JSON round-trip so the hashed form equals what the database gives back."""
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def entry_hash(
    *,
    prev_hash: str,
    created_at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    court_id: int | None,
    before: Any,
    after: Any,
    ip_address: str,
    code: str = "",
) -> str:
    fields = [
            prev_hash,
            created_at,
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            object_label,
            court_id,
            before,
            after,
            ip_address,
        ]
    if code:  # entries written before codes existed hash without one
        fields.append(code)
    payload = json.dumps(
        fields,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _timestamp(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a model instance's concrete fields (for before/after)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "key_hash"}:
            continue
        data[field.attname] = field.value_from_object(obj)
    return _canonical(data)


def audit_record(
    *,
    actor=None,
    code: str = "",
    action: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    court=None,
    before: Any = None,
    after: Any = None,
    ip_address: str = "",
) -> AuditEntry:
    """Append one entry. Runs inside the caller's transaction, so a rolled-back change
    leaves no audit record, and a committed one always has its record.

    ``code`` is the event's stable machine code (``fengqiao.audit.codes``); ``action`` is the
    label people read, by default the code's label."""
    if code:
        action = action or label_for(code)
    if not action:
        raise ValueError("审计记录需要 code 或 action")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:255]
    actor_id = getattr(actor, "pk", None)
    actor_label = str(actor)[:100] if actor is not None else "系统"
    court_id = getattr(court, "pk", court)
    before = _canonical(before)
    after = _canonical(after)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH}
        )
        created_at = timezone.now()
        digest = entry_hash(
            prev_hash=head.last_hash,
            created_at=_timestamp(created_at),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
            court_id=court_id,
            before=before,
            after=after,
            ip_address=ip_address,
            code=code,
        )
        entry = AuditEntry.objects.create(
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
            court_id=court_id,
            before=before,
            after=after,
            ip_address=ip_address,
            code=code,
            prev_hash=head.last_hash,
            hash=digest,
        )
        AuditChainHead.objects.filter(id=1).update(last_hash=digest, count=head.count + 1)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def _iter_entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def audit_verify() -> tuple[int, list[ChainBreak]]:
    """Recompute every hash in order. Returns (entries checked, breaks found)."""
    breaks: list[ChainBreak] = []
    expected_prev = GENESIS_HASH
    checked = 0
    for entry in _iter_entries():
        checked += 1
        if entry.prev_hash != expected_prev:
            breaks.append(ChainBreak(entry.id, "前一条哈希不符（记录被删除、插入或重排）"))
        digest = entry_hash(
            prev_hash=entry.prev_hash,
            created_at=_timestamp(entry.created_at),
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            object_label=entry.object_label,
            court_id=entry.court_id,
            before=entry.before,
            after=entry.after,
            ip_address=entry.ip_address,
            code=entry.code,
        )
        if digest != entry.hash:
            breaks.append(ChainBreak(entry.id, "内容与哈希不符（记录被篡改）"))
        expected_prev = entry.hash
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != expected_prev:
        breaks.append(ChainBreak(0, "链尾哈希与最后一条记录不符（末尾记录被删除）"))
    return checked, breaks
