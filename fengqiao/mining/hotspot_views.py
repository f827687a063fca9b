"""Pages of class-case mining: hotspots with their evidence and patterns, entities, the
litigation health-check report."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.audit.services import audit_record
from fengqiao.cases.models import Case, CaseParty
from fengqiao.cases.selectors import cases_visible
from fengqiao.core.params import date_param
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission, require_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.mining.health_check import (
    EntityCase,
    HealthCheckInput,
    build_health_check_docx,
    build_health_check_pdf,
)
from fengqiao.mining.models import EntityDecision, EntityRecord, HotspotRecord, PatternRecord
from fengqiao.mining.refresh import latest_refresh
from fengqiao.suggestions import services as suggestion_services
from fengqiao.suggestions.models import Clue
from fengqiao.suggestions.uploads import generated_download

DIMENSION_LABELS = {
    "entity": "单位",
    "side": "诉讼地位",
    "cause": "案由",
    "court": "法院",
    "court_code": "法院代字",
    "domain": "专业领域",
}


def hotspots_visible(user):
    refresh = latest_refresh()
    if refresh is None:
        return HotspotRecord.objects.none()
    return refresh.hotspots.filter(court_id__in=visible_court_ids(user)).select_related("court")


@permission_required("mining.view")
def hotspot_list(request):
    hotspots = hotspots_visible(request.user)
    family = request.GET.get("family", "")
    if family:
        hotspots = hotspots.filter(family=family)
    if request.method == "POST":
        require_permission(request.user, "mining.manage")
        from fengqiao.mining.tasks import run_mining_refresh

        run_mining_refresh()
        audit_record(
            actor=request.user,
            action="刷新类案分析",
            court=request.user.court_id,
            object_type="mining.refresh",
        )
        messages.success(request, "已提交后台刷新，完成后本页显示最新结果。")
        return redirect("mining:hotspots")
    return render(
        request,
        "mining/hotspot_list.html",
        {
            "hotspots": hotspots[:200],
            "refresh": latest_refresh(),
            "family": family,
            "can_manage": has_permission(request.user, "mining.manage"),
        },
    )


@permission_required("mining.view")
def hotspot_detail(request, pk: int):
    hotspot = get_object_or_404(hotspots_visible(request.user), pk=pk)
    visible = cases_visible(request.user)
    evidence = list(
        visible.filter(pk__in=hotspot.evidence_case_ids)
        .only("id", "case_no", "cause", "decided_on", "court_name")
        .order_by("-decided_on")[:200]
    )
    patterns = []
    if hotspot.pattern_key:
        for pattern in PatternRecord.objects.filter(
            refresh=hotspot.refresh, group_key=hotspot.pattern_key
        ):
            reps = list(visible.filter(pk__in=pattern.representatives).only("id", "case_no"))
            patterns.append((pattern, reps))
    return render(
        request,
        "mining/hotspot_detail.html",
        {
            "h": hotspot,
            "evidence": evidence,
            "patterns": patterns,
            "chart": {"option": hotspot.chart},
            "can_clue": has_permission(request.user, "clue.create")
            and hotspot.court_id == request.user.court_id,
        },
    )


@require_POST
@permission_required("clue.create")
def hotspot_to_clue(request, pk: int):
    hotspot = get_object_or_404(hotspots_visible(request.user), pk=pk)
    if hotspot.court_id != request.user.court_id:
        raise PermissionDenied("只能将本院的热点转为线索。")
    if hotspot.clue_id:
        return redirect("suggestions:clue_detail", pk=hotspot.clue_id)
    with transaction.atomic():
        cases = Case.objects.filter(
            pk__in=hotspot.evidence_case_ids, owner_id=request.user.court_id
        )[:200]
        clue = suggestion_services.clue_create(
            actor=request.user,
            title=_clue_title(hotspot)[:200],
            problem=hotspot.explanation,
            domain=hotspot.dimensions.get("domain", ""),
            cases=list(cases),
            source=Clue.Source.MINING,
            evidence={
                "hotspot": hotspot.key,
                "observed": hotspot.observed,
                "expected": round(hotspot.expected, 2),
                "ratio": round(hotspot.ratio, 2),
                "q_value": hotspot.q_value,
                "period": hotspot.period_label,
                "series": hotspot.series,
            },
        )
        HotspotRecord.objects.filter(pk=hotspot.pk).update(clue=clue)
    messages.success(request, "已转为线索，等待研判。")
    return redirect("suggestions:clue_detail", pk=clue.pk)


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


# ---- entities and the health-check report --------------------------------------------------


def _entity_cases(user, entity: EntityRecord):
    return cases_visible(user).filter(parties__name__in=entity.members).distinct()


def _visible_org_names(user) -> set[str]:
    """Organisation names that appear in the cases this user may see."""
    return set(
        CaseParty.objects.filter(case__owner_id__in=visible_court_ids(user))
        .exclude(kind="person")
        .values_list("name", flat=True)
        .distinct()
    )


def entities_visible(user) -> list[EntityRecord]:
    """Entities with at least one name in the user's cases, each showing only those names."""
    refresh = latest_refresh()
    if refresh is None:
        return []
    names = _visible_org_names(user)
    visible = []
    for entity in refresh.entities.all():
        members = [m for m in entity.members if m in names]
        if members:
            entity.members = members
            visible.append(entity)
    return visible


@permission_required("mining.view")
def entity_list(request):
    query = request.GET.get("q", "").strip()
    entities = [
        e
        for e in entities_visible(request.user)
        if not query or query in e.canonical_name or any(query in m for m in e.members)
    ]
    return render(
        request,
        "mining/entity_list.html",
        {
            "entities": entities[:300],
            "q": query,
            "refresh": latest_refresh(),
            "can_manage": has_permission(request.user, "mining.manage"),
        },
    )


def _entity(user, pk: int) -> EntityRecord:
    entity = next((e for e in entities_visible(user) if e.pk == pk), None)
    if entity is None:
        raise Http404("没有该单位，或不在您可查看的案件中。")
    return entity


@require_POST
@permission_required("mining.manage")
def entity_decide(request, pk: int):
    entity = _entity(request.user, pk)
    name = request.POST.get("name", "")
    action = request.POST.get("action", "")
    if name not in entity.members or action not in {"confirm", "reject", "undo"}:
        messages.error(request, "无效的操作。")
        return redirect("mining:entities")
    if action == "undo":
        EntityDecision.objects.filter(name=name).delete()
    else:
        EntityDecision.objects.update_or_create(
            name=name,
            defaults={"entity_key": entity.key, "action": action, "decided_by": request.user},
        )
    audit_record(
        actor=request.user,
        action="实体归并决定",
        court=request.user.court_id,
        object_type="mining.entity",
        object_id=entity.key,
        object_label=name,
        after={"action": action, "entity": entity.canonical_name},
    )
    messages.success(request, "已记录，下次刷新时生效。")
    return redirect("mining:entities")


def health_check_input(
    user, entity_name: str, members: list[str], period_from: date, period_to: date
) -> HealthCheckInput:
    cases = (
        cases_visible(user)
        .filter(parties__name__in=members, decided_on__gte=period_from, decided_on__lte=period_to)
        .distinct()
        .only("id", "case_no", "decided_on", "cause", "domain", "outcome", "amounts", "sections")
    )
    roles = {}
    for party in CaseParty.objects.filter(case__in=cases, name__in=members):
        roles.setdefault(party.case_id, party.role)
    rows = [
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
        )
        for c in cases
    ]
    court_name = user.court.name if user.court_id else ""
    return HealthCheckInput(
        entity_name=entity_name,
        period_from=period_from,
        period_to=period_to,
        court_name=court_name,
        cases=rows,
    )


@permission_required("mining.view")
def entity_report(request, pk: int):
    entity = _entity(request.user, pk)
    period_from, period_to = date_param(request.GET, "from"), date_param(request.GET, "to")
    if period_from is None or period_to is None or period_from > period_to:
        today = timezone.localdate()
        period_from, period_to = date(today.year - 2, 1, 1), today
    inp = health_check_input(
        request.user, entity.canonical_name, entity.members, period_from, period_to
    )
    if not inp.cases:
        messages.error(request, "所选期间内本院没有该单位的案件。")
        return redirect("mining:entities")
    fmt = request.GET.get("format", "docx")
    name = f"{entity.canonical_name}涉诉法治体检报告"
    if fmt == "pdf":
        from fengqiao.documents.pdf import DocumentConversionError

        with tempfile.TemporaryDirectory() as tmp:
            try:
                data = build_health_check_pdf(inp, Path(tmp)).read_bytes()
            except DocumentConversionError as error:
                messages.error(request, str(error))
                return redirect("mining:entities")
    else:
        fmt = "docx"
        data = build_health_check_docx(inp)
    audit_record(
        actor=request.user,
        action="生成涉诉法治体检报告",
        court=request.user.court_id,
        object_type="mining.entity",
        object_id=entity.key,
        object_label=entity.canonical_name,
        after={"from": period_from, "to": period_to, "cases": len(inp.cases)},
    )
    return generated_download(data, f"{name}.{fmt}")
