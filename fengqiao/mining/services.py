"""Writes of class-case mining: ask for a refresh, turn a hotspot into a clue, record an entity
decision, generate a health-check report. Each checks the permission, runs in one transaction
and leaves an audit record."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.cases.models import Case, CaseParty
from fengqiao.cases.selectors import cases_visible
from fengqiao.courts.models import User
from fengqiao.courts.permissions import require_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.mining.charts import ChartFontError
from fengqiao.mining.entity_scope import ScopedEntity
from fengqiao.mining.health_check import (
    EntityCase,
    HealthCheckInput,
    build_health_check_docx,
)
from fengqiao.mining.models import EntityDecision, HealthCheckPdf, HotspotRecord
from fengqiao.suggestions.models import Clue

log = logging.getLogger(__name__)
MAX_CLUE_CASES = 200
DECISION_ACTIONS = ("confirm", "reject", "undo")


@transaction.atomic
def mining_refresh_request(*, actor: User) -> None:
    """Queue a corpus-wide refresh (the job itself records its run when it finishes)."""
    require_permission(actor, "mining.manage")
    audit_record(
        code="mining.refresh", actor=actor, court=actor.court_id, object_type="mining.refresh"
    )
    transaction.on_commit(_enqueue_refresh)


def _enqueue_refresh() -> None:
    from fengqiao.mining.tasks import run_mining_refresh

    run_mining_refresh()


def _clue_title(hotspot: HotspotRecord) -> str:
    labels = hotspot.labels
    parts = [
        labels.get("entity") or "",
        labels.get("cause") or hotspot.dimensions.get("cause", ""),
        labels.get("court") or "",
        labels.get("domain") or "",
    ]
    return (
        f"{''.join(p for p in parts if p)}案件{'激增' if hotspot.kind == 'spike' else '持续偏高'}"
        f"（{hotspot.period_label}）"
    )


@transaction.atomic
def hotspot_to_clue(*, actor: User, hotspot: HotspotRecord) -> tuple[Clue, bool]:
    """Raise a clue from one of the actor's court's hotspots, with its evidence cases.
    Returns (clue, created); a hotspot already turned into a clue returns that clue."""
    from fengqiao.suggestions import services as suggestion_services

    require_permission(actor, "clue.create")
    locked = HotspotRecord.objects.select_for_update().get(pk=hotspot.pk)
    if locked.court_id is None or locked.court_id != actor.court_id:
        raise PermissionDenied("只能将本院的热点转为线索。")
    if locked.clue_id:
        return locked.clue, False
    cases = Case.objects.filter(pk__in=locked.evidence_case_ids, owner_id=actor.court_id)[
        :MAX_CLUE_CASES
    ]
    clue = suggestion_services.clue_create(
        actor=actor,
        title=_clue_title(locked)[:200],
        problem=locked.explanation,
        domain=locked.dimensions.get("domain", ""),
        cases=list(cases),
        source=Clue.Source.MINING,
        evidence={
            "hotspot": locked.key,
            "observed": locked.observed,
            "expected": round(locked.expected, 2),
            "ratio": round(locked.ratio, 2),
            "q_value": locked.q_value,
            "period": locked.period_label,
            "series": locked.series,
        },
    )
    HotspotRecord.objects.filter(pk=locked.pk).update(clue=clue)
    audit_record(
        code="hotspot.to_clue",
        actor=actor,
        obj=locked,
        court=actor.court_id,
        after={"clue": clue.pk, "hotspot": locked.key, "cases": clue.cases.count()},
    )
    return clue, True


@transaction.atomic
def entity_decide(
    *, actor: User, entity_key: str, entity_name: str, name: str, action: str
) -> EntityDecision | None:
    """Record the actor's court's decision about one spelling: ``confirm`` (belongs to the
    entity ``entity_key``), ``reject`` (stands alone) or ``undo`` (drop the court's decision).
    The decision shapes this court's grouping and its subordinates', not a sister court's."""
    require_permission(actor, "mining.manage")
    if action not in DECISION_ACTIONS:
        raise ValidationError("无效的操作：只能确认归并、拆分或撤销决定。")
    name = name.strip()
    if (
        not name
        or not CaseParty.objects.filter(
            name=name, case__owner_id__in=visible_court_ids(actor)
        ).exists()
    ):
        raise PermissionDenied("该名称不在您可查看的案件中。")
    existing = (
        EntityDecision.objects.select_for_update()
        .filter(court_id=actor.court_id, name=name)
        .first()
    )
    before = {"action": existing.action, "entity_key": existing.entity_key} if existing else None
    decision = None
    if action == "undo":
        if existing is None:
            raise ValidationError("本院没有对该名称作出过决定，无需撤销。")
        existing.delete()
    else:
        decision, _ = EntityDecision.objects.update_or_create(
            court_id=actor.court_id,
            name=name,
            defaults={
                "entity_key": entity_key if action == "confirm" else "",
                "action": action,
                "decided_by": actor,
            },
        )
    audit_record(
        code="entity.decide",
        actor=actor,
        court=actor.court_id,
        object_type="mining.entity",
        object_id=entity_key[:40],
        object_label=name,
        before=before,
        after={"action": action, "entity": entity_name, "entity_key": entity_key},
    )
    return decision


def entity_case_rows(cases, members: list[str]) -> list[EntityCase]:
    """The report's rows: each of ``cases`` where one of ``members`` (the entity's spellings)
    is a party, with the entity's role in it (its first party row)."""
    cases = (
        cases.filter(parties__name__in=members)
        .distinct()
        .only("id", "case_no", "decided_on", "cause", "domain", "outcome", "amounts", "sections")
    )
    roles: dict[int, str] = {}
    persons: dict[int, list[str]] = {}
    for party in CaseParty.objects.filter(case__in=cases).only("case_id", "name", "role", "kind"):
        if party.name in members:
            roles.setdefault(party.case_id, party.role)
        elif party.kind == "person":
            persons.setdefault(party.case_id, []).append(party.name)
    return [
        EntityCase(
            case_id=c.pk,
            case_no=c.case_no,
            decided_on=c.decided_on,
            cause=c.cause,
            domain=c.domain,
            role=roles.get(c.pk, ""),
            outcome=c.outcome,
            amounts=list(c.amounts or []),
            facts=c.sections.get("facts", ""),
            reasoning=c.sections.get("reasoning", ""),
            persons=tuple(persons.get(c.pk, ())),
        )
        for c in cases
    ]


def health_check_input(
    user: User, entity_name: str, members: list[str], period_from: date, period_to: date
) -> HealthCheckInput:
    """The report's data: the entity's cases among those the user may see (the user's court
    and its subordinate courts), issued by the user's court."""
    if not user.court_id:
        raise ValidationError("涉诉法治体检报告须由法院出具：您的账号未关联法院。")
    rows = entity_case_rows(
        cases_visible(user).filter(decided_on__gte=period_from, decided_on__lte=period_to),
        members,
    )
    return HealthCheckInput(
        entity_name=entity_name,
        period_from=period_from,
        period_to=period_to,
        court_name=user.court.name,
        cases=rows,
        scope=_scope_label(user.court, rows),
    )


def _scope_label(court, rows: list[EntityCase]) -> str:
    """ "本院", or "本院及辖区法院" when the visible cases include a subordinate court's."""
    owners = set(
        Case.objects.filter(pk__in=[r.case_id for r in rows])
        .values_list("owner_id", flat=True)
        .distinct()[:2]
    )
    return "本院" if owners <= {court.pk} else "本院及辖区法院"


@dataclass(frozen=True)
class Report:
    data: bytes
    filename: str


def _health_check_input(actor: User, entity: ScopedEntity, period_from: date, period_to: date):
    require_permission(actor, "mining.view")
    if period_from > period_to:
        raise ValidationError("起止日期不正确：开始日期晚于结束日期。")
    inp = health_check_input(actor, entity.canonical_name, entity.members, period_from, period_to)
    if not inp.cases:
        raise ValidationError("所选期间内本院没有该单位的案件。")
    return inp


def _health_check_docx(inp: HealthCheckInput) -> bytes:
    try:
        return build_health_check_docx(inp)
    except ChartFontError as error:
        raise ValidationError(str(error)) from error


def _audit_health_check(actor, entity, period_from, period_to, cases: int, fmt: str) -> None:
    audit_record(
        code="report.health_check",
        actor=actor,
        court=actor.court_id,
        object_type="mining.entity",
        object_id=entity.key[:40],
        object_label=entity.canonical_name,
        after={
            "from": period_from,
            "to": period_to,
            "cases": cases,
            "format": fmt,
            "members": len(entity.members),
        },
    )


def health_check_report(
    *, actor: User, entity: ScopedEntity, period_from: date, period_to: date
) -> Report:
    """Build the 涉诉法治体检报告 (.docx) of one entity (as the actor's court groups it) over
    the actor's visible cases, and record its generation. The PDF is made by the background
    worker: :func:`request_health_check_pdf`."""
    inp = _health_check_input(actor, entity, period_from, period_to)
    data = _health_check_docx(inp)
    with transaction.atomic():
        _audit_health_check(actor, entity, period_from, period_to, len(inp.cases), "docx")
    return Report(data=data, filename=f"{entity.canonical_name}涉诉法治体检报告.docx")


def request_health_check_pdf(
    *, actor: User, entity: ScopedEntity, period_from: date, period_to: date
) -> HealthCheckPdf:
    """The PDF of the report, queued for the background worker (never converted in the
    request). The .docx is made now and stored. The same report asked again (same court, unit,
    input and date) reuses the row already queued or made."""
    inp = _health_check_input(actor, entity, period_from, period_to)
    made_of = hashlib.sha256(f"{timezone.localdate()}|{inp!r}".encode()).hexdigest()
    same = (
        HealthCheckPdf.objects.filter(
            court_id=actor.court_id, entity_key=entity.key[:200], input_sha256=made_of
        )
        .exclude(status=HealthCheckPdf.Status.FAILED)
        .order_by("-id")
        .first()
    )
    data = None if same is not None else _health_check_docx(inp)
    with transaction.atomic():
        _audit_health_check(actor, entity, period_from, period_to, len(inp.cases), "pdf")
        if same is not None:
            return same
        row = HealthCheckPdf(
            court_id=actor.court_id,
            requested_by=actor,
            entity_key=entity.key[:200],
            entity_name=entity.canonical_name[:200],
            period_from=period_from,
            period_to=period_to,
            cases=len(inp.cases),
            input_sha256=made_of,
            docx_sha256=hashlib.sha256(data).hexdigest(),
        )
        # written before the row commits: a crash in between leaves a file no row references,
        # which the hourly sweep (core/leftovers.py) removes
        row.docx.save(f"{secrets.token_hex(16)}.docx", ContentFile(data), save=False)
        row.save()
        transaction.on_commit(lambda: _enqueue_health_check_pdf(row.pk))
    return row


def _enqueue_health_check_pdf(row_id: int) -> None:
    if not settings.FENGQIAO_LETTER_PDF_ENQUEUE:
        return
    from fengqiao.mining.tasks import health_check_pdf  # huey loads only where a job is queued

    try:
        health_check_pdf(row_id)
    except Exception:  # the queue is down: the periodic catch-up converts it later
        log.exception("event=health_check_pdf_enqueue_failed row=%s", row_id)


def convert_health_check_pdf(*, row_id: int) -> HealthCheckPdf:
    """The huey task's body (never in a web request): convert the stored .docx through the
    LibreOffice pool and store the PDF. Idempotent: a ready PDF is returned as it is."""
    from fengqiao.documents.converter import check_stored_docx, convert_docx_bytes
    from fengqiao.documents.pdf import DocumentConversionError

    row = HealthCheckPdf.objects.get(pk=row_id)
    if row.is_ready:
        return row
    try:
        with row.docx.open("rb") as handle:
            source = handle.read()
        check_stored_docx(source, sha256=row.docx_sha256, what=row.docx.name)
        data = convert_docx_bytes(source)
    except (DocumentConversionError, OSError, TimeoutError) as exc:
        HealthCheckPdf.objects.filter(pk=row.pk).exclude(status=HealthCheckPdf.Status.READY).update(
            status=HealthCheckPdf.Status.FAILED, error=str(exc)[:2000], attempts=row.attempts + 1
        )
        log.warning("event=health_check_pdf_failed row=%s error=%s", row.pk, exc)
        raise
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        row = HealthCheckPdf.objects.select_for_update().get(pk=row.pk)
        if row.is_ready:  # converted meanwhile by another worker
            return row
        row.pdf.save(f"{secrets.token_hex(16)}.pdf", ContentFile(data), save=False)
        row.pdf_sha256, row.status = digest, HealthCheckPdf.Status.READY
        row.error, row.attempts, row.finished_at = "", row.attempts + 1, timezone.now()
        row.save()
        audit_record(
            code="report.health_check_pdf",
            actor=None,
            court=row.court_id,
            object_type="mining.entity",
            object_id=row.entity_key[:40],
            object_label=row.entity_name,
            after={
                "report": row.pk,
                "docx_sha256": row.docx_sha256,
                "pdf_sha256": digest,
                "size": len(data),
            },
        )
    return row


def health_check_pdfs_catch_up(*, max_attempts: int | None = None) -> dict[str, int]:
    """Pending or failed report PDFs (a lost queue entry, a crash): convert them now."""
    todo = HealthCheckPdf.objects.exclude(status=HealthCheckPdf.Status.READY).order_by("id")
    if max_attempts is not None:
        todo = todo.filter(attempts__lt=max_attempts)
    converted = failed = 0
    for row_id in list(todo.values_list("id", flat=True)):
        try:
            convert_health_check_pdf(row_id=row_id)
            converted += 1
        except Exception:
            failed += 1
    return {"converted_pdf": converted, "failed_pdf": failed}
