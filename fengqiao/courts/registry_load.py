"""Loading the national court registry into the ``Court`` table (``fengqiao courts load``).

Idempotent and additive: a court already in the table (a demo court, one created by hand, one
corrected by an administrator) is matched by 代字, then by alternative 代字, then by name, and
keeps its name, 代字 and level; it only gains the registry's aliases and alternative codes, and a
parent where it had none. Nothing is ever deleted. About 3,400 courts load in a handful of bulk
queries (query count does not grow with the number of courts).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court
from fengqiao.courts.registry import RegistryCourt, name_key, registry


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    total: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def registry_missing() -> bool:
    """True when some registry court is not in the table yet (cheap: two counts)."""
    return Court.objects.filter(source="registry").count() < len(registry())


def court_by_code(code: str) -> Court | None:
    """The court whose 代字 — or one of whose alternative 代字 — is ``code``."""
    code = (code or "").strip()
    if not code:
        return None
    court = Court.objects.filter(code=code).first()
    if court is not None:
        return court
    for court in Court.objects.exclude(alt_codes=[]).only("id", "alt_codes"):
        if code in (court.alt_codes or []):
            return Court.objects.get(pk=court.pk)
    return None


def _match(
    entry: RegistryCourt, by_code: dict, by_key: dict, primary_codes: set[str]
) -> Court | None:
    """The existing court an entry denotes: by its 代字; by an alternative 代字 that is no
    other registry court's own 代字; by its name or an alias."""
    if entry.code in by_code:
        return by_code[entry.code]
    for code in entry.alt_codes:
        if code in by_code and code not in primary_codes:
            return by_code[code]
    for name in (entry.name, *entry.aliases):
        hit = by_key.get(name_key(name))
        if hit is not None:
            return hit
    return None


def _merge_lists(court: Court, entry: RegistryCourt) -> bool:
    changed = False
    aliases = list(court.aliases or [])
    for name in (entry.name, *entry.aliases):
        if name != court.name and name not in aliases:
            aliases.append(name)
    codes = list(court.alt_codes or [])
    for code in (entry.code, *entry.alt_codes):
        if code != court.code and code not in codes:
            codes.append(code)
    if aliases != (court.aliases or []):
        court.aliases, changed = aliases, True
    if codes != (court.alt_codes or []):
        court.alt_codes, changed = codes, True
    return changed


@transaction.atomic
def load_registry(*, actor=None) -> LoadSummary:
    entries = registry()
    entries_by_code = {e.code: e for e in entries}
    summary = LoadSummary(total=len(entries))
    courts = list(Court.objects.select_for_update().all())
    by_code: dict[str, Court] = {}
    by_key: dict[str, Court] = {}
    for court in courts:  # own codes first: they win over another court's alternative code
        by_code.setdefault(court.code, court)
    for court in courts:
        for code in court.alt_codes or []:
            by_code.setdefault(code, court)
        for name in (court.name, *(court.aliases or [])):
            by_key.setdefault(name_key(name), court)

    primary_codes = {e.code for e in entries}
    matched: dict[str, Court] = {}  # registry code → court row
    dirty: set[int] = set()
    new: list[tuple[RegistryCourt, Court]] = []
    taken_names = {c.name for c in courts}
    for entry in entries:
        court = _match(entry, by_code, by_key, primary_codes)
        if court is not None:
            matched[entry.code] = court
            if _merge_lists(court, entry):
                dirty.add(court.pk)
            continue
        name = entry.name if entry.name not in taken_names else f"{entry.name}（{entry.code}）"
        taken_names.add(name)
        row = Court(
            name=name,
            code=entry.code,
            level=entry.model_level,
            aliases=list(entry.aliases),
            alt_codes=list(entry.alt_codes),
            source="registry",
            registry_note=entry.note[:200],
            path=PENDING,
        )
        new.append((entry, row))
        matched[entry.code] = row
        by_code[entry.code] = row
    # New courts are inserted parents first, each with its registry parent, and a placeholder
    # path that the database then fills level by level (parent's path + own id).
    depth = {e.code: _depth(e, entries_by_code) for e in entries}
    new.sort(key=lambda pair: depth[pair[0].code])
    for level in sorted({depth[e.code] for e, _ in new}):
        batch = []
        for entry, row in new:
            if depth[entry.code] != level:
                continue
            parent = matched.get(entry.parent) if entry.parent else None
            row.parent_id = parent.pk if parent is not None else None
            batch.append(row)
        Court.objects.bulk_create(batch, batch_size=1000)
    created_ids = {row.pk for _, row in new}

    # Existing courts gain the registry's parent only where they had none.
    by_id = {c.pk: c for c in [*courts, *(row for _, row in new)]}
    reparented: list[Court] = []
    for entry in entries:
        court = matched[entry.code]
        parent = matched.get(entry.parent) if entry.parent else None
        if court.pk in created_ids or parent is None or court.parent_id is not None:
            continue
        if parent.pk != court.pk and not _is_descendant(parent, court, by_id):
            court.parent_id = parent.pk
            reparented.append(court)
            dirty.add(court.pk)
    if reparented:
        Court.objects.bulk_update(reparented, ["parent"], batch_size=500)
        # Their subtrees move: recompute those paths from the root down.
        for court in reparented:
            Court.objects.filter(path__startswith=court.path).update(path=PENDING)
    _fill_pending_paths()
    existing_dirty = [by_id[pk] for pk in dirty if pk in by_id]
    Court.objects.bulk_update(existing_dirty, ["aliases", "alt_codes"], batch_size=500)
    summary.created = len(new)
    summary.updated = len(dirty - created_ids)
    summary.unchanged = (
        len(entries)
        - summary.created
        - len({matched[e.code].pk for e in entries} & (dirty - created_ids))
    )
    if summary.created or summary.updated:
        audit_record(
            actor=actor,
            code="court.load_registry",
            object_type="courts.court",
            object_label="全国法院名录",
            after=summary.as_dict(),
        )
    return summary


PENDING = ""


def _depth(entry: RegistryCourt, by_code: dict[str, RegistryCourt]) -> int:
    n, node, seen = 0, entry, set()
    while node.parent and node.parent in by_code and node.code not in seen:
        seen.add(node.code)
        node = by_code[node.parent]
        n += 1
    return n


def _fill_pending_paths() -> None:
    """Set ``path`` of every court whose path is pending, top down: one UPDATE per tree level."""
    id_text = Cast("id", output_field=CharField())
    Court.objects.filter(path=PENDING, parent__isnull=True).update(
        path=Concat(Value("/"), id_text, Value("/"))
    )
    for _ in range(32):
        parent_path = Court.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
        ready = Court.objects.filter(path=PENDING).exclude(parent__path=PENDING)
        if not ready.update(path=Concat(Subquery(parent_path), id_text, Value("/"))):
            break


def _is_descendant(candidate: Court, ancestor: Court, by_id: dict[int, Court]) -> bool:
    """Would making ``candidate`` the parent of ``ancestor`` create a cycle?"""
    seen = set()
    node: Court | None = candidate
    while node is not None and node.pk not in seen:
        if node.pk == ancestor.pk:
            return True
        seen.add(node.pk)
        node = by_id.get(node.parent_id) if node.parent_id else None
    return False
