"""Every write of the library: share, refresh, release, withdraw, settings — each audited.

The index follows the database inside the same call (a released entry is upserted, anything
else removed); readers always re-check the status in the database, so an index left stale by a
rolled-back transaction shows nothing it should not, and ``fengqiao library reindex`` repairs it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.permissions import require_permission
from fengqiao.library import sharing
from fengqiao.library.index import IndexedEntry, library_index
from fengqiao.library.models import LibraryEntry, LibrarySettings
from fengqiao.suggestions.models import Suggestion


def share_on_delivery(court_id: int) -> bool:
    row = LibrarySettings.objects.filter(court_id=court_id).first()
    return True if row is None else row.share_on_delivery


def _require_reviewer(actor, court_id: int) -> None:
    require_permission(actor, "library.review")
    if actor.court_id != court_id:
        raise PermissionDenied("只有本院研究室可以审核本院的案例库条目。")


def indexed(entry: LibraryEntry) -> IndexedEntry:
    return IndexedEntry(
        id=entry.pk,
        text="\n".join(entry.text(s) for s in ("title", "problems", "suggestions", "reply")),
        problems=entry.text("problems"),
        domain=entry.domain,
        category=entry.category,
        recipient_kind=entry.recipient_kind,
        year=entry.year,
        court=entry.court_id,
        province=entry.province,
        outcome=entry.outcome,
        excellent=entry.excellent,
        date=int(entry.issued_on.strftime("%Y%m%d")) if entry.issued_on else 0,
    )


def sync_index(entries: list[LibraryEntry]) -> None:
    """Released entries into the index, every other one out of it."""
    index = library_index()
    released = [e for e in entries if e.status == LibraryEntry.Status.RELEASED]
    gone = [e.pk for e in entries if e.status != LibraryEntry.Status.RELEASED]
    if released:
        index.upsert(indexed(e) for e in released)
    if gone:
        index.delete(gone)


def _fill(entry: LibraryEntry, suggestion: Suggestion, *, letter: bool) -> None:
    """(Re)build the shared version: the letter's sections (``letter``), then the reply."""
    for name, value in sharing.facets_of(suggestion).items():
        setattr(entry, name, value)
    sections = dict(entry.sections or {})
    if letter or not sections:
        for name, text in sharing.letter_sections(suggestion).items():
            sections[name] = sharing.anonymised(text)
    facts = sharing.travelling_facts(suggestion)
    if (sections.get("reply") or {}).get("source") != facts["reply_text"]:
        reply = sharing.anonymised(facts["reply_text"])
        for text, replacement in sharing.manual_masks(sections):
            sharing.add_mask(reply, text, replacement)
        sections["reply"] = reply
    entry.sections = sections
    entry.title = (sections["title"]["text"] or suggestion.title)[:300]
    entry.outcome = facts["outcome"]
    entry.replied_on = facts["replied_on"]
    entry.follow_up_kinds = facts["follow_up_kinds"]
    entry.rule_names = facts["rule_names"]


def _create(*, actor, suggestion: Suggestion, how: str) -> LibraryEntry:
    if not sharing.is_issued(suggestion):
        raise ValidationError("只有已送达的司法建议才能提交案例库；草稿和征求意见稿不入库。")
    existing = LibraryEntry.objects.filter(suggestion=suggestion).first()
    if existing is not None:
        return existing
    entry = LibraryEntry(suggestion=suggestion, court_id=suggestion.court_id, submitted_by=actor)
    _fill(entry, suggestion, letter=True)
    entry.save()
    audit_record(
        actor=actor,
        code="library.submit",
        obj=entry,
        court=entry.court_id,
        after={"suggestion": suggestion.pk, "how": how, "spans": _span_count(entry)},
    )
    return entry


@transaction.atomic
def entry_submit(*, actor, suggestion: Suggestion) -> LibraryEntry:
    """Share an issued letter by hand (the research office): a pending entry."""
    _require_reviewer(actor, suggestion.court_id)
    return _create(actor=actor, suggestion=suggestion, how="manual")


def entry_ensure(*, actor, suggestion: Suggestion) -> LibraryEntry:
    """The letter's entry, created (待审核) when the court had not shared it — for a
    finished selection round whose winners get the 优秀 label (the round's service has
    checked who may publish; the court's research office still reviews and releases it)."""
    return _create(actor=actor, suggestion=suggestion, how="selection")


def _span_count(entry: LibraryEntry) -> int:
    return sum(len(part.get("spans", [])) for part in entry.sections.values())


def suggestion_delivered(*, actor, suggestion: Suggestion) -> LibraryEntry | None:
    """Hook of ``suggestions.services.delivery_record``: share by the court's setting."""
    if not share_on_delivery(suggestion.court_id):
        return None
    if LibraryEntry.objects.filter(suggestion=suggestion).exists():
        return None
    # the delivery service has already checked who may deliver; the setting decides the rest
    return _create(actor=actor, suggestion=suggestion, how="on_delivery")


@transaction.atomic
def entry_refresh(*, suggestion: Suggestion) -> LibraryEntry | None:
    """Hook of the reply and follow-up services: the outcome travels with the entry."""
    entry = LibraryEntry.objects.select_for_update().filter(suggestion=suggestion).first()
    if entry is None:
        return None
    _fill(entry, suggestion, letter=False)
    entry.save()
    if entry.status == LibraryEntry.Status.RELEASED:
        sync_index([entry])
    return entry


@transaction.atomic
def entry_release(*, actor, entry: LibraryEntry) -> LibraryEntry:
    _require_reviewer(actor, entry.court_id)
    entry = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == LibraryEntry.Status.RELEASED:
        raise ValidationError("该条目已经发布。")
    before = entry.status
    _fill(entry, entry.suggestion, letter=False)  # the latest reply and follow-ups
    entry.status = LibraryEntry.Status.RELEASED
    entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
    entry.withdrawn_by, entry.withdrawn_at, entry.withdraw_reason = None, None, ""
    entry.save()
    audit_record(
        actor=actor,
        code="library.release",
        obj=entry,
        court=entry.court_id,
        before={"status": before},
        after={"status": entry.status, "spans": _span_count(entry)},
    )
    sync_index([entry])
    return entry


@transaction.atomic
def entry_withdraw(*, actor, entry: LibraryEntry, reason: str) -> LibraryEntry:
    _require_reviewer(actor, entry.court_id)
    entry = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写撤下理由。")
    if entry.status == LibraryEntry.Status.WITHDRAWN:
        raise ValidationError("该条目已经撤下。")
    before = entry.status
    entry.status = LibraryEntry.Status.WITHDRAWN
    entry.withdrawn_by, entry.withdrawn_at = actor, timezone.now()
    entry.withdraw_reason = reason[:1000]
    entry.save()
    audit_record(
        actor=actor,
        code="library.withdraw",
        obj=entry,
        court=entry.court_id,
        before={"status": before},
        after={"status": entry.status, "reason": entry.withdraw_reason},
    )
    sync_index([entry])
    return entry


@transaction.atomic
def entry_set_span(
    *, actor, entry: LibraryEntry, section: str, index: int, accepted: bool
) -> LibraryEntry:
    """The reviewer keeps a recognised span as written (``accepted=False``) or masks it again."""
    _require_reviewer(actor, entry.court_id)
    entry = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
    part = entry.sections.get(section)
    if part is None or not 0 <= index < len(part.get("spans", [])):
        raise ValidationError("没有该片段。")
    span = part["spans"][index]
    kept_status = "added" if span.get("kind") == "manual" else "accepted"
    span["status"] = kept_status if accepted else "rejected"
    part["text"] = sharing.masked(part)
    _save_shared(entry)
    audit_record(
        actor=actor,
        code="library.review_span",
        obj=entry,
        court=entry.court_id,
        after={"section": section, "text": span["text"], "status": span["status"]},
    )
    return entry


@transaction.atomic
def entry_add_mask(
    *, actor, entry: LibraryEntry, text: str, replacement: str = sharing.MANUAL_MASK
) -> int:
    """Mask, in every section, each occurrence of ``text`` the recognisers missed."""
    _require_reviewer(actor, entry.court_id)
    entry = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写要隐去的文字。")
    added = sum(
        sharing.add_mask(part, text, (replacement or "").strip()[:20] or sharing.MANUAL_MASK)
        for part in entry.sections.values()
    )
    if not added:
        raise ValidationError("共享版本的原文中没有找到该文字，或已被隐去。")
    _save_shared(entry)
    audit_record(
        actor=actor,
        code="library.add_mask",
        obj=entry,
        court=entry.court_id,
        after={"text": text, "count": added},
    )
    return added


def _save_shared(entry: LibraryEntry) -> None:
    entry.title = (entry.text("title") or entry.suggestion.title)[:300]
    entry.save(update_fields=["sections", "title", "refreshed_at"])
    if entry.status == LibraryEntry.Status.RELEASED:
        sync_index([entry])


@transaction.atomic
def settings_update(*, actor, court_id: int, share_on_delivery: bool) -> LibrarySettings:
    _require_reviewer(actor, court_id)
    row, _ = LibrarySettings.objects.select_for_update().get_or_create(court_id=court_id)
    before = row.share_on_delivery
    row.share_on_delivery = bool(share_on_delivery)
    row.save()
    audit_record(
        actor=actor,
        code="library.settings",
        obj=row,
        court=court_id,
        before={"share_on_delivery": before},
        after={"share_on_delivery": row.share_on_delivery},
    )
    return row


@transaction.atomic
def entries_mark_excellent(
    *, actor, suggestion_ids: list[int], excellent: bool = True, note: str = ""
) -> int:
    """The 优秀 label, set by a finished selection round (whose service has checked who may
    publish its results); returns how many entries changed. Indexed entries follow."""
    entries = list(
        LibraryEntry.objects.select_for_update()
        .filter(suggestion_id__in=suggestion_ids)
        .exclude(excellent=excellent)
    )
    for entry in entries:
        entry.excellent = excellent
        entry.save(update_fields=["excellent"])
        audit_record(
            actor=actor,
            code="library.excellent",
            obj=entry,
            court=entry.court_id,
            after={"excellent": excellent, "note": note[:200]},
        )
    sync_index(entries)
    return len(entries)


def reindex() -> int:
    """Rebuild the index from the database; returns the number of released entries."""
    index = library_index()
    index.clear()
    released = LibraryEntry.objects.filter(status=LibraryEntry.Status.RELEASED).order_by("pk")
    batch: list[IndexedEntry] = []
    total = 0
    for entry in released.iterator(chunk_size=2000):
        batch.append(indexed(entry))
        if len(batch) >= 2000:
            total += index.upsert(batch)
            batch = []
    if batch:
        total += index.upsert(batch)
    return total
