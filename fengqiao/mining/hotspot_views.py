"""Pages of class-case mining: hotspots with their evidence and patterns, entities, the
litigation health-check report."""

from __future__ import annotations

import time
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.cases.models import CaseParty
from fengqiao.cases.selectors import cases_visible
from fengqiao.core.paging import facet_counts, paginate
from fengqiao.core.params import date_param
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.courts.selectors import visible_court_ids
from fengqiao.mining import services
from fengqiao.mining.entity_scope import ScopedEntity, decisions_fingerprint, scoped_entities
from fengqiao.mining.models import HealthCheckPdf, HotspotRecord, PatternRecord
from fengqiao.mining.refresh import latest_refresh
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
    visible = hotspots_visible(request.user)
    hotspots = visible
    family = request.GET.get("family", "")[:40]
    if family:
        hotspots = hotspots.filter(family=family)
    if request.method == "POST":
        services.mining_refresh_request(actor=request.user)
        messages.success(request, "已提交后台刷新，完成后本页显示最新结果。")
        return redirect("mining:hotspots")
    return render(
        request,
        "mining/hotspot_list.html",
        {
            "listing": paginate(request, hotspots),
            "families": {f.value: f.count for f in facet_counts(visible, "family", limit=None)},
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
    clue, created = services.hotspot_to_clue(actor=request.user, hotspot=hotspot)
    if created:
        messages.success(request, "已转为线索，等待研判。")
    return redirect("suggestions:clue_detail", pk=clue.pk)


# ---- entities and the health-check report --------------------------------------------------


def _visible_org_names(user) -> set[str]:
    """Organisation names that appear in the cases this user may see."""
    return set(
        CaseParty.objects.filter(case__owner_id__in=visible_court_ids(user))
        .exclude(kind="person")
        .values_list("name", flat=True)
        .distinct()
    )


ENTITIES_TTL = 300  # seconds; a new refresh or decision changes the key at once
# per process, not the shared cache: unpickling a few thousand entities costs as much as
# replaying them
_ENTITIES: dict[str, tuple[float, list[ScopedEntity]]] = {}


def entities_visible(user) -> list[ScopedEntity]:
    """Entities as the user's court groups them (its own and its superiors' decisions), with
    at least one name in the user's cases, each showing only those names. Kept per court,
    refresh and state of its decisions: replaying a few thousand clusters is the page's cost."""
    refresh = latest_refresh()
    if refresh is None:
        return []
    key = (
        f"entities:{user.court_id}:{refresh.pk}:{refresh.started_at.timestamp()}:"
        f"{decisions_fingerprint(user.court_id)}"
    )
    now = time.monotonic()
    hit = _ENTITIES.get(key)
    if hit is not None and now - hit[0] < ENTITIES_TTL:
        return hit[1]
    found = _entities_visible(user, refresh)
    for old in [k for k, (at, _) in _ENTITIES.items() if now - at >= ENTITIES_TTL]:
        _ENTITIES.pop(old, None)
    if len(_ENTITIES) >= 32:
        _ENTITIES.pop(next(iter(_ENTITIES)), None)
    _ENTITIES[key] = (now, found)
    return found  # shared between requests of this process: read, never change


def _entities_visible(user, refresh) -> list[ScopedEntity]:
    entities = scoped_entities(user.court_id, refresh)
    if not entities:
        return []
    court_ids = set(visible_court_ids(user))
    # a refresh records where each name appears; only an older one needs the party table
    names = _visible_org_names(user) if any(e.owners is None for e in entities) else set()
    visible = []
    for entity in entities:
        if entity.owners is not None:
            members = entity.members_seen_by(court_ids)
        else:
            members = [m for m in entity.members if m in names]
        if members:
            entity.members = members
            visible.append(entity)
    return visible


@permission_required("mining.view")
def entity_list(request):
    query = request.GET.get("q", "").strip()[:100]
    entities = [
        e
        for e in entities_visible(request.user)
        if not query or query in e.canonical_name or any(query in m for m in e.members)
    ]
    return render(
        request,
        "mining/entity_list.html",
        {
            "listing": paginate(request, entities, unit="家"),
            "q": query,
            "refresh": latest_refresh(),
            "can_manage": has_permission(request.user, "mining.manage"),
        },
    )


@permission_required("mining.manage")
def entity_members(request):
    """The decision form of one organisation, loaded into the list on demand (htmx): the list
    itself carries no forms, however many organisations it pages through."""
    entity = _entity(request.user, request.GET.get("key", ""))
    return render(request, "mining/_entity_members.html", {"e": entity})


def _entity(user, key: str) -> ScopedEntity:
    entity = next((e for e in entities_visible(user) if e.key == key), None)
    if entity is None:
        raise Http404("没有该单位，或不在您可查看的案件中。")
    return entity


@require_POST
@permission_required("mining.manage")
def entity_decide(request):
    entity = _entity(request.user, request.POST.get("key", ""))
    name = request.POST.get("name", "")
    if name not in entity.members:
        messages.error(request, "该写法不属于所选单位，请刷新页面后重试。")
        return redirect("mining:entities")
    try:
        services.entity_decide(
            actor=request.user,
            entity_key=entity.confirm_target(name),
            entity_name=entity.canonical_name,
            name=name,
            action=request.POST.get("action", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已记录本院的决定，本院及下级法院的归并即时按此显示。")
    return redirect("mining:entities")


@permission_required("mining.view")
def entity_report(request):
    entity = _entity(request.user, request.GET.get("key", ""))
    period_from, period_to = date_param(request.GET, "from"), date_param(request.GET, "to")
    if period_from is None or period_to is None or period_from > period_to:
        today = timezone.localdate()
        period_from, period_to = date(today.year - 2, 1, 1), today
    if request.GET.get("format") == "pdf":
        try:
            row = services.request_health_check_pdf(
                actor=request.user, entity=entity, period_from=period_from, period_to=period_to
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("mining:entities")
        return redirect("mining:health_check_pdf", pk=row.pk)
    try:
        report = services.health_check_report(
            actor=request.user, entity=entity, period_from=period_from, period_to=period_to
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("mining:entities")
    return generated_download(report.data, report.filename)


def _health_check_pdf(request, pk: int) -> HealthCheckPdf:
    """A report PDF of the user's own court (others': 404, as if it did not exist)."""
    return get_object_or_404(HealthCheckPdf, pk=pk, court_id=request.user.court_id)


@permission_required("mining.view")
def health_check_pdf(request, pk: int):
    """ "PDF 生成中" until the background worker has made it, then the download link."""
    row = _health_check_pdf(request, pk)
    return render(request, "mining/health_check_pdf.html", {"report": row})


@permission_required("mining.view")
def health_check_pdf_download(request, pk: int):
    from django.http import FileResponse

    from fengqiao.suggestions.uploads import _download_headers

    row = _health_check_pdf(request, pk)
    if not row.is_ready:
        return redirect("mining:health_check_pdf", pk=row.pk)
    response = FileResponse(row.pdf.open("rb"), content_type="application/pdf")
    response["X-Report-SHA256"] = row.pdf_sha256
    return _download_headers(response, row.filename)
