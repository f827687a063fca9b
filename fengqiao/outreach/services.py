"""Every write of outreach: research exports, associations, relays and their acknowledgement —
each checked and audited."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court
from fengqiao.courts.permissions import require_permission
from fengqiao.library.models import LibraryEntry
from fengqiao.outreach import links, research
from fengqiao.outreach.models import Association, Relay, ResearchExport
from fengqiao.outreach.sectors import Sector, sectors_for


def exports_root() -> Path:
    return Path(settings.DATA_DIR) / "outreach" / "exports"


def export_folder(export: ResearchExport) -> Path:
    return exports_root() / str(export.pk)


def _check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise ValidationError("起始日期不能晚于截止日期。")


@transaction.atomic
def research_export_create(
    *,
    actor,
    court: Court,
    subtree: bool,
    date_from: date,
    date_to: date,
    recipient_institution: str = "",
    agreement_number: str = "",
    agreement_title: str = "",
    agreement_date: date | None = None,
    via: str = ResearchExport.Via.WEB,
) -> ResearchExport:
    """Build the anonymised data set and record who exported what for whom.

    From the web the actor is a user of ``court`` allowed ``outreach.export`` (the research
    office; a superior court's research office or supervisor for its subtree); from the command
    line (``via=cli``) the actor is None — whoever runs commands on the server."""
    if via != ResearchExport.Via.CLI or actor is not None:
        require_permission(actor, "outreach.export")
        if actor.court_id != court.pk:
            raise PermissionDenied("只能导出本院（或本院及辖区法院）的司法建议数据。")
    _check_period(date_from, date_to)
    recipient_institution = (recipient_institution or "").strip()[:200]
    agreement_number = (agreement_number or "").strip()[:100]
    agreement_title = (agreement_title or "").strip()[:200]
    scope = ResearchExport.Scope.SUBTREE if subtree else ResearchExport.Scope.OWN
    export = ResearchExport.objects.create(
        court=court,
        scope=scope,
        period_from=date_from,
        period_to=date_to,
        recipient_institution=recipient_institution,
        agreement_number=agreement_number,
        agreement_title=agreement_title,
        agreement_date=agreement_date,
        via=via,
        created_by=actor,
    )
    dataset = research.build_dataset(
        research.letters_in_scope(court, subtree=subtree, date_from=date_from, date_to=date_to)
    )
    meta = {
        "法院": court.name,
        "范围": export.get_scope_display(),
        "期间（送达日期）": f"{date_from:%Y-%m-%d} 至 {date_to:%Y-%m-%d}",
        "接收机构": recipient_institution,
        "协议编号": agreement_number,
        "协议名称": agreement_title,
        "协议签订日期": agreement_date.isoformat() if agreement_date else "",
        "导出时间": timezone.localtime(export.created_at).strftime("%Y-%m-%d %H:%M"),
        "司法建议件数": str(len(dataset.letters)),
    }
    folder = export_folder(export)
    try:
        export.files = research.write_dataset(folder, dataset, meta)
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    export.letters, export.items, export.replies = (
        len(dataset.letters),
        len(dataset.items),
        len(dataset.replies),
    )
    export.save(update_fields=["files", "letters", "items", "replies"])
    audit_record(
        actor=actor,
        code="outreach.export",
        obj=export,
        court=court.pk,
        after={
            "scope": scope,
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "recipient": recipient_institution,
            "agreement": agreement_number,
            "via": via,
            "letters": export.letters,
            "files": {f["name"]: f["sha256"] for f in export.files},
        },
    )
    return export


def export_intact(export: ResearchExport) -> bool:
    """Every recorded file still on disk with its recorded SHA-256."""
    folder = export_folder(export)
    for f in export.files:
        path = folder / f["name"]
        if not path.is_file() or research.sha256_of(path) != f["sha256"]:
            return False
    return bool(export.files)


def export_zip(*, actor, export: ResearchExport) -> bytes:
    """The export's files as one zip (checked against their SHA-256); the download is audited."""
    import io
    import zipfile

    if not export_intact(export):
        raise ValidationError("该导出的文件已不在服务器上或已被改动，请重新导出。")
    folder = export_folder(export)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in export.files:
            archive.write(folder / f["name"], f"{export.folder_name}/{f['name']}")
    audit_record(actor=actor, code="outreach.export_download", obj=export, court=export.court_id)
    return buffer.getvalue()


# ---- associations ------------------------------------------------------------------------


def _require_manager(actor, court_id: int) -> None:
    require_permission(actor, "outreach.manage")
    if actor.court_id != court_id:
        raise PermissionDenied("只有本院研究室可以维护本院的行业协会名录和转送记录。")


@transaction.atomic
def association_save(
    *,
    actor,
    association: Association | None = None,
    name: str,
    sectors: list[str],
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    address: str = "",
    note: str = "",
    active: bool = True,
) -> Association:
    court_id = association.court_id if association else actor.court_id
    _require_manager(actor, court_id)
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写协会名称。")
    chosen = [s for s in Sector.values if s in set(sectors or [])]
    if not chosen:
        raise ValidationError("请至少选择一个会员行业。")
    duplicate = Association.objects.filter(court_id=court_id, name=name)
    if association is not None:
        duplicate = duplicate.exclude(pk=association.pk)
    if duplicate.exists():
        raise ValidationError("本院已登记同名的行业协会。")
    before = None
    if association is None:
        association = Association(court_id=court_id, created_by=actor)
    else:
        association = Association.objects.select_for_update().get(pk=association.pk)
        before = {"name": association.name, "sectors": association.sectors}
    association.name = name[:200]
    association.sectors = chosen
    association.contact_name = (contact_name or "").strip()[:50]
    association.contact_phone = (contact_phone or "").strip()[:50]
    association.contact_email = (contact_email or "").strip()[:254]
    association.address = (address or "").strip()[:200]
    association.note = (note or "").strip()[:300]
    association.active = bool(active)
    association.full_clean(exclude=["court", "created_by"])
    association.save()
    audit_record(
        actor=actor,
        code="outreach.association_save",
        obj=association,
        court=court_id,
        before=before,
        after={"name": association.name, "sectors": chosen, "active": association.active},
    )
    return association


# ---- relays ------------------------------------------------------------------------------


def entry_sectors(entry: LibraryEntry) -> list[str]:
    return sectors_for(entry.domain, entry.recipient_kind)


@transaction.atomic
def relay_send(
    *, actor, entry: LibraryEntry, associations: list[Association], cover_note: str
) -> list[Relay]:
    """Send the entry's shared version with a cover note to each association (of the
    entry's sectors); returns the new relays (associations already sent to are skipped)."""
    _require_manager(actor, entry.court_id)
    entry = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != LibraryEntry.Status.RELEASED:
        raise ValidationError("只有已审核发布到案例库的司法建议（共享版本）才能转送行业协会。")
    cover_note = (cover_note or "").strip()
    if not cover_note:
        raise ValidationError("请填写致协会的说明。")
    if not associations:
        raise ValidationError("请至少选择一个行业协会。")
    sectors = set(entry_sectors(entry))
    created: list[Relay] = []
    for association in associations:
        if association.court_id != entry.court_id or not association.active:
            raise ValidationError(f"“{association.name}”不是本院在用的行业协会。")
        if not sectors & set(association.sectors):
            raise ValidationError(f"“{association.name}”的会员行业与该司法建议无关，不能转送。")
        if Relay.objects.filter(entry=entry, association=association).exists():
            continue
        relay = Relay.objects.create(
            court_id=entry.court_id,
            entry=entry,
            suggestion_id=entry.suggestion_id,
            association=association,
            cover_note=cover_note[:3000],
            sent_by=actor,
        )
        relay.token = links.relay_token(relay)
        relay.save(update_fields=["token"])
        audit_record(
            actor=actor,
            code="outreach.relay",
            obj=relay,
            court=entry.court_id,
            after={"entry": entry.pk, "association": association.name},
        )
        created.append(relay)
    if not created:
        raise ValidationError("所选协会都已转送过该司法建议。")
    return created


def relay_for_token(token: str) -> Relay:
    """The relay a link opens (raises :class:`links.LinkInvalid` with a Chinese message)."""
    relay_id = links.read_relay_token(token)
    relay = (
        Relay.objects.select_related("entry", "association", "court").filter(pk=relay_id).first()
    )
    if relay is None or not links.same_token(relay.token, token):
        raise links.LinkInvalid(links.BROKEN)
    if relay.entry.status != LibraryEntry.Status.RELEASED:
        raise links.LinkInvalid("该材料已由法院撤回，无法查看。")
    return relay


@transaction.atomic
def relay_acknowledge(*, relay: Relay, name: str) -> Relay:
    """The association confirms receipt through its link, once."""
    relay = Relay.objects.select_for_update().get(pk=relay.pk)
    if relay.acknowledged_at is not None:
        raise ValidationError("已确认收悉，无需重复确认。")
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写确认人姓名。")
    relay.acknowledged_at = timezone.now()
    relay.acknowledged_by_name = name[:50]
    relay.save(update_fields=["acknowledged_at", "acknowledged_by_name"])
    audit_record(
        actor=None,
        code="outreach.relay_ack",
        obj=relay,
        court=relay.court_id,
        after={"association": relay.association.name, "name": relay.acknowledged_by_name},
    )
    return relay
