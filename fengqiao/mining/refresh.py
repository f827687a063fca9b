"""The corpus-wide class-case refresh, from the database to stored hotspots, patterns and
entities. The heavy lifting (entities → features → counts → tests → patterns) is
``fengqiao.mining.cluster.refresh``, local or on Dask (``FENGQIAO_DASK_SCHEDULER``)."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.cases.models import Case
from fengqiao.courts.models import Court
from fengqiao.mining.cluster import refresh, write_raw_parts
from fengqiao.mining.entity_scope import decisions_by_owner
from fengqiao.mining.features import case_rows_from_db
from fengqiao.mining.models import (
    EntityRecord,
    HotspotRecord,
    MiningRefresh,
    PatternRecord,
)


def _pattern_key(hotspot) -> str:
    d = hotspot.dimensions
    if hotspot.family == "entity_cause":
        return f"entity:{d['entity']}|{d['side']}|{d['cause']}"
    if "cause" in d:
        return f"cause:{d['cause']}"
    return ""


def run_refresh() -> MiningRefresh:
    """The job: recompute and store; its run (counts, or the failure) is in the audit trail."""
    record = MiningRefresh.objects.create()
    scoped: dict = {}
    try:
        work = Path(settings.DATA_DIR) / "mining"
        work.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            raw = write_raw_parts(case_rows_from_db(Case.objects.all()), Path(tmp) / "raw")
            courts = dict(Court.objects.values_list("code", "name"))
            scoped = decisions_by_owner()
            result = refresh(raw, work, court_names=courts, decisions_by_owner=scoped)
        owners = dict(Case.objects.values_list("id", "owner_id"))
        with transaction.atomic():
            HotspotRecord.objects.bulk_create(
                [
                    HotspotRecord(
                        refresh=record,
                        court_id=_majority(h.evidence_case_ids, owners),
                        key=h.id,
                        kind=h.kind,
                        family=h.family,
                        grain=h.grain,
                        period_label=h.period_label,
                        dimensions=h.dimensions,
                        labels=h.labels,
                        observed=h.observed,
                        expected=h.expected,
                        ratio=h.ratio,
                        q_value=h.q_value,
                        score=h.score,
                        explanation=h.explanation,
                        evidence_case_ids=h.evidence_case_ids,
                        series=h.series,
                        chart=h.echarts_option(),
                        pattern_key=_pattern_key(h),
                    )
                    for h in result.hotspots
                ]
            )
            PatternRecord.objects.bulk_create(
                [
                    PatternRecord(
                        refresh=record,
                        group_key=key,
                        label=p.label,
                        key_terms=p.key_terms,
                        case_ids=p.case_ids,
                        representatives=p.representatives,
                        size=p.size,
                    )
                    for key, items in result.patterns.items()
                    for p in items
                ]
            )
            kept = [c for c in result.entities if len(c.members) > 1 or c.size >= 5]
            where = member_owners({m for c in kept for m in c.members})
            EntityRecord.objects.bulk_create(
                [
                    EntityRecord(
                        refresh=record,
                        key=c.key,
                        canonical_name=c.canonical_name,
                        members=c.members,
                        confidence=c.confidence,
                        size=c.size,
                        counts=c.counts,
                        member_owners={m: where.get(m, []) for m in c.members},
                    )
                    for c in kept
                ]
            )
            MiningRefresh.objects.filter(pk=record.pk).update(
                status=MiningRefresh.Status.FINISHED,
                finished_at=timezone.now(),
                n_cases=result.n_cases,
                as_of=result.as_of,
                runner=result.runner,
                timings=result.timings,
            )
            # keep the newest finished refresh and the one before it
            old = (
                MiningRefresh.objects.filter(status=MiningRefresh.Status.FINISHED)
                .order_by("-id")
                .values_list("id", flat=True)[2:]
            )
            MiningRefresh.objects.filter(id__in=list(old)).delete()
            record.refresh_from_db()
            audit_record(
                code="mining.refresh_run",
                obj=record,
                after={
                    "cases": record.n_cases,
                    "hotspots": len(result.hotspots),
                    "patterns": sum(len(v) for v in result.patterns.values()),
                    "entities": record.entities.count(),
                    "courts_with_entity_decisions": len(scoped),
                    "runner": record.runner,
                    "seconds": record.timings.get("total"),
                },
            )
    except Exception as error:
        with transaction.atomic():
            MiningRefresh.objects.filter(pk=record.pk).update(
                status=MiningRefresh.Status.FAILED,
                finished_at=timezone.now(),
                error=repr(error)[:2000],
            )
            audit_record(
                code="mining.refresh_failed",
                obj=record,
                after={"error": repr(error)[:500]},
            )
        raise
    return record


def member_owners(names: set[str]) -> dict[str, list[int]]:
    """For each organisation name, the courts whose cases it appears in: one grouped query at
    refresh time, so the entities page filters by the user's courts without reading parties."""
    from fengqiao.cases.models import CaseParty

    found: dict[str, set[int]] = {}
    names_list = sorted(names)
    for start in range(0, len(names_list), 500):
        rows = (
            CaseParty.objects.filter(name__in=names_list[start : start + 500])
            .order_by()
            .values_list("name", "case__owner_id")
            .distinct()
        )
        for name, owner_id in rows:
            found.setdefault(name, set()).add(owner_id)
    return {name: sorted(owners) for name, owners in found.items()}


def _majority(case_ids: list[int], owners: dict[int, int]) -> int | None:
    counts = Counter(owners[c] for c in case_ids if c in owners)
    return counts.most_common(1)[0][0] if counts else None


def latest_refresh() -> MiningRefresh | None:
    return (
        MiningRefresh.objects.filter(status=MiningRefresh.Status.FINISHED).order_by("-id").first()
    )
