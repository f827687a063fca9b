"""Importing cases: idempotent, resumable, batch-transactional, nothing silently dropped.

* Natural key (normalised 案号, trying court) — re-importing the same record changes nothing.
* Each batch commits in one transaction: a crash loses at most the batch in flight, which the
  next run imports again (keys make it safe), so a killed import re-run finishes exactly once.
* A record that cannot be parsed goes to ``QuarantinedRecord`` with its reason and source.
* The search index follows the database: rows flagged ``needs_index`` are indexed after each
  committed batch and whenever an import starts (catching up after a crash).
"""

from __future__ import annotations

import multiprocessing
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.cases.handlers import HandlerResolver
from fengqiao.cases.models import Case, CaseParty, ImportRun, QuarantinedRecord
from fengqiao.cases.prepare import PreparedCase, prepare_record
from fengqiao.courts.court_resolver import CourtResolver
from fengqiao.courts.models import Court
from fengqiao.search.cases_index import IndexedCase, case_index
from fengqiao.textlaw.sources import SourceRecord, iter_records

CASE_FIELDS = [
    "case_no",
    "court_code",
    "court_name",
    "year",
    "type_code",
    "special_code",
    "seq",
    "doc_kind",
    "trial_level",
    "cause",
    "cause_kind",
    "domain",
    "outcome",
    "decided_on",
    "amounts",
    "judges",
    "clerk",
    "judge_name",
    "division_name",
    "sections",
    "full_text",
    "content_hash",
    "source",
    "source_locator",
]


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    # 承办法官 / 承办部门 names that match no one of the owning court: kept as names, reported
    unknown_judges: dict[str, int] = field(default_factory=dict)
    unknown_divisions: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
            "unknown_judges": dict(self.unknown_judges),
            "unknown_divisions": dict(self.unknown_divisions),
        }

    @property
    def total(self) -> int:
        return self.imported + self.updated + self.unchanged + self.quarantined


def _records(paths: Iterable[str | Path]) -> Iterator[SourceRecord]:
    for path in paths:
        yield from iter_records(Path(path))


def _prepared(paths: list[str | Path], workers: int) -> Iterator[PreparedCase]:
    """Parse records, in worker processes when asked. Records are handed to the pool one
    bounded chunk at a time (``Pool.imap`` would read the whole input ahead), so memory stays
    flat however large the corpus."""
    records = _records(paths)
    if workers <= 1:
        yield from map(prepare_record, records)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        while chunk := list(islice(records, workers * 256)):
            yield from pool.map(prepare_record, chunk, chunksize=32)


def _batches(items: Iterator[PreparedCase], size: int) -> Iterator[list[PreparedCase]]:
    while batch := list(islice(items, size)):
        yield batch


def _case_values(prepared: PreparedCase, owner: Court, handlers: HandlerResolver) -> dict:
    values = {
        name: getattr(prepared, name)
        for name in CASE_FIELDS
        if name not in {"source", "source_locator"}
    }
    values.update(
        source=prepared.source[:500],
        source_locator=prepared.locator[:100],
        court_key=prepared.court_key[:120],
        owner=owner,
        needs_index=True,
    )
    for name in ("court_name", "cause", "doc_kind", "outcome", "clerk", "trial_level"):
        values[name] = (values[name] or "")[: Case._meta.get_field(name).max_length]
    handlers.apply(values, owner.pk)
    return values


def _party_rows(case_id: int, prepared: PreparedCase) -> list[CaseParty]:
    return [
        CaseParty(
            case_id=case_id,
            position=i,
            name=p["name"][:200],
            role=(p["role"] or "")[:30],
            kind=p.get("kind") or "",
            agents=p.get("agents") or [],
        )
        for i, p in enumerate(prepared.parties)
    ]


def _quarantine(prepared: PreparedCase, reason: str, run: ImportRun, owner: Court | None):
    return QuarantinedRecord(
        owner=owner,
        run=run,
        source=prepared.source[:500],
        locator=prepared.locator[:100],
        reason=reason[:500],
        excerpt=prepared.excerpt(),
        content_hash=prepared.content_hash,
    )


def _write_batch(
    batch: list[PreparedCase],
    run: ImportRun,
    resolver: CourtResolver,
    summary: ImportSummary,
    handlers: HandlerResolver,
) -> None:
    quarantined: list[QuarantinedRecord] = []
    wanted: dict[tuple[str, str], tuple[PreparedCase, Court]] = {}
    for prepared in batch:
        owner = resolver.resolve(prepared) if not prepared.error else None
        if prepared.error:
            quarantined.append(
                _quarantine(prepared, prepared.error, run, resolver.lookup(prepared))
            )
        elif owner is None:
            reason = resolver.reason(prepared)
            quarantined.append(_quarantine(prepared, reason, run, None))
        else:
            key = (prepared.case_no, prepared.court_key[:120])
            if key in wanted:
                summary.unchanged += 1  # the same case twice in one batch: the later one wins
            wanted[key] = (prepared, owner)

    with transaction.atomic():
        existing = _existing(wanted.keys())
        new_rows, changed = [], []
        for key, (prepared, owner) in wanted.items():
            case = existing.get(key)
            if case is None:
                new_rows.append((Case(**_case_values(prepared, owner, handlers)), prepared))
            elif case.content_hash == prepared.content_hash and case.owner_id == owner.pk:
                summary.unchanged += 1
            else:
                changed.append((case, prepared, owner))
        created = Case.objects.bulk_create([case for case, _ in new_rows], batch_size=500)
        parties = [
            row
            for case, (_, prepared) in zip(created, new_rows, strict=True)
            for row in _party_rows(case.pk, prepared)
        ]
        for case, prepared, owner in changed:
            for name, value in _case_values(prepared, owner, handlers).items():
                setattr(case, name, value)
            case.save()
            parties.extend(_party_rows(case.pk, prepared))
        CaseParty.objects.filter(case_id__in=[case.pk for case, _, _ in changed]).delete()
        CaseParty.objects.bulk_create(parties, batch_size=2000)
        before = QuarantinedRecord.objects.count() if quarantined else 0
        QuarantinedRecord.objects.bulk_create(quarantined, ignore_conflicts=True)
        new_quarantined = QuarantinedRecord.objects.count() - before if quarantined else 0
        summary.imported += len(created)
        summary.updated += len(changed)
        summary.quarantined += len(quarantined)
        ImportRun.objects.filter(pk=run.pk).update(
            heartbeat_at=timezone.now(),
            imported=F("imported") + len(created),
            updated=F("updated") + len(changed),
            quarantined=F("quarantined") + new_quarantined,
            unchanged=summary.unchanged,
        )


def _existing(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Case]:
    keys = list(keys)
    if not keys:
        return {}
    found = Case.objects.filter(case_no__in={k[0] for k in keys}).only(
        "id", "case_no", "court_key", "content_hash", "owner_id"
    )
    wanted = set(keys)
    return {(c.case_no, c.court_key): c for c in found if (c.case_no, c.court_key) in wanted}


def index_pending(batch_size: int = 2000) -> int:
    """Index every case flagged ``needs_index``; safe to run any time, any number of times."""
    index = case_index()
    total = 0
    while True:
        rows = list(
            Case.objects.filter(needs_index=True)
            .order_by("id")
            .values_list("id", "owner_id", "full_text", "cause", "domain", "year")[:batch_size]
        )
        if not rows:
            return total
        index.upsert(
            IndexedCase(id=r[0], owner_id=r[1], text=r[2], cause=r[3], domain=r[4], year=r[5])
            for r in rows
        )
        Case.objects.filter(pk__in=[r[0] for r in rows]).update(needs_index=False)
        total += len(rows)


# A run on another host cannot be probed by its pid: it counts as gone when it has shown no
# progress (a committed batch) for this long.
REMOTE_STALE_AFTER_S = 6 * 3600


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def _run_is_gone(run: ImportRun, host: str) -> bool:
    if run.host == host and run.pid:
        return not _process_alive(run.pid)
    last = run.heartbeat_at or run.started_at
    return (timezone.now() - last).total_seconds() > REMOTE_STALE_AFTER_S


def mark_interrupted_runs(*, actor=None) -> list[ImportRun]:
    """Runs still marked 进行中 whose process is gone (killed with SIGKILL, power cut) are
    marked 中断, audited. Called at the start of every import and by ``--status``."""
    host = socket.gethostname()
    marked = []
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING).order_by("id"):
        if not _run_is_gone(run, host):
            continue
        with transaction.atomic():
            updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
                status=ImportRun.Status.INTERRUPTED,
                finished_at=timezone.now(),
                error=f"进程 {run.pid}（{run.host}）已不存在：导入被中断。重新导入即可续导。",
            )
            if not updated:
                continue
            run.refresh_from_db()
            audit_record(
                code="cases.import_marked_interrupted",
                actor=actor,
                obj=run,
                court=run.owner_id,
                after={
                    "pid": run.pid,
                    "host": run.host,
                    "heartbeat_at": run.heartbeat_at,
                    "imported": run.imported,
                    "updated": run.updated,
                },
            )
        marked.append(run)
    return marked


def import_runs_status(limit: int = 20) -> QuerySet[ImportRun]:
    """Recent runs, after marking the ones whose process is gone."""
    mark_interrupted_runs()
    return ImportRun.objects.order_by("-id")[:limit]


def import_cases(
    *,
    paths: list[str | Path],
    owner: Court | None = None,
    actor=None,
    batch_size: int = 500,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    index: bool = True,
    resumed_from: ImportRun | None = None,
) -> tuple[ImportRun, ImportSummary]:
    """Import ``paths``. ``index=False`` leaves the new rows flagged ``needs_index`` for one
    ``index_pending()`` at the end (the demo at volume); by default each committed batch is
    indexed at once. ``resumed_from``: the interrupted run this one continues (records already
    imported are recognised by their keys and counted as unchanged)."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise FileNotFoundError("找不到这些路径：" + "、".join(missing))
    mark_interrupted_runs(actor=actor)
    if index:
        index_pending()  # catch up after an earlier crash between a commit and its indexing
    with transaction.atomic():
        run = ImportRun.objects.create(
            paths=[str(p) for p in paths],
            owner=owner,
            pid=os.getpid(),
            host=socket.gethostname(),
            heartbeat_at=timezone.now(),
            resumed_from=resumed_from,
        )
        audit_record(
            code="cases.import_start", actor=actor, obj=run, court=owner, after={"paths": run.paths}
        )
    summary = ImportSummary()
    resolver = CourtResolver(owner)
    handlers = HandlerResolver()
    try:
        for batch in _batches(_prepared(list(paths), workers), batch_size):
            _write_batch(batch, run, resolver, summary, handlers)
            summary.unknown_judges = dict(handlers.unknown_judges)
            summary.unknown_divisions = dict(handlers.unknown_divisions)
            if index:
                index_pending()
            if progress is not None:
                progress(len(batch))
    except BaseException as error:
        with transaction.atomic():
            stopped = isinstance(error, KeyboardInterrupt | SystemExit)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.INTERRUPTED if stopped else ImportRun.Status.FAILED,
                finished_at=timezone.now(),
                error=repr(error)[:2000],
            )
            audit_record(
                code="cases.import_interrupted",
                actor=actor,
                obj=run,
                court=owner,
                after={**summary.as_dict(), "error": repr(error)[:500]},
            )
        raise
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FINISHED, finished_at=timezone.now()
        )
        run.refresh_from_db()
        audit_record(
            code="cases.import_finish", actor=actor, obj=run, court=owner, after=summary.as_dict()
        )
    return run, summary
