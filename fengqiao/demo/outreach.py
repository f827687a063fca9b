"""Demo outreach: an industry association, one relay of a released library entry to it, and a
research export of the 连云港 intermediate court's subtree (by its 督导/研究室 account)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from fengqiao.courts.models import Court, User
from fengqiao.library import services as library_services
from fengqiao.library.models import LibraryEntry
from fengqiao.outreach import services
from fengqiao.outreach.models import Association, ResearchExport
from fengqiao.outreach.sectors import Sector, sectors_for

COURT_CODE = "苏0791"
RESEARCH = "yanjiushi"
EXPORTER = "dudao"  # 连云港中院 审判管理办公室（研究室）: exports its subtree
COVER_NOTE = (
    "现将我院司法建议（共享版本）转送贵会，请提示会员单位对照自查、防范相关风险、规范经营。"
    "阅后请通过本链接确认收悉。"
)
# the demo association of each sector (the entry's first sector decides which one is relayed to)
NAMES = {
    Sector.FINANCE: "连云港市银行业协会",
    Sector.REAL_ESTATE: "连云港市物业管理协会",
    Sector.TRANSPORT: "连云港市道路运输协会",
    Sector.EDUCATION: "连云港市民办教育协会",
    Sector.FAMILY: "连云港市养老服务业协会",
    Sector.ENVIRONMENT: "连云港市环境保护产业协会",
    Sector.LABOUR: "连云港市人力资源服务行业协会",
    Sector.TECHNOLOGY: "连云港市软件行业协会",
    Sector.SAFETY: "连云港市安全生产协会",
    Sector.BUSINESS: "连云港市企业联合会",
}


def _entry_to_relay(court: Court, research: User) -> LibraryEntry | None:
    """A released entry of the court relevant to some sector (releasing a pending one if
    the court has none released yet)."""
    entries = LibraryEntry.objects.filter(court=court).order_by("-issued_on", "pk")
    for status in (LibraryEntry.Status.RELEASED, LibraryEntry.Status.PENDING):
        for entry in entries.filter(status=status):
            if sectors_for(entry.domain, entry.recipient_kind):
                if status == LibraryEntry.Status.PENDING:
                    entry = library_services.entry_release(actor=research, entry=entry)
                return entry
    return None


@transaction.atomic
def load_demo_outreach() -> str:
    """Idempotent; returns one line for the demo command's summary."""
    court = Court.objects.filter(code=COURT_CODE).first()
    research = User.objects.filter(username=RESEARCH).first()
    if court is None or research is None or Association.objects.filter(court=court).exists():
        return ""
    entry = _entry_to_relay(court, research)
    sector = sectors_for(entry.domain, entry.recipient_kind)[0] if entry else Sector.REAL_ESTATE
    association = services.association_save(
        actor=research,
        name=NAMES[sector],
        sectors=[sector],
        contact_name="陈丽",
        contact_phone="0518-85551234",
        contact_email="office@lyg-association.example.org",
        address="连云港市海州区朝阳东路 1 号",
    )
    second = Sector.BUSINESS if sector != Sector.BUSINESS else Sector.FINANCE
    services.association_save(
        actor=research,
        name=NAMES[second],
        sectors=[second],
        contact_name="赵明",
        contact_phone="0518-85556789",
    )
    relays = 0
    if entry is not None:
        relays = len(
            services.relay_send(
                actor=research, entry=entry, associations=[association], cover_note=COVER_NOTE
            )
        )
    exports = 0
    exporter = User.objects.filter(username=EXPORTER).select_related("court").first()
    if exporter is not None and not ResearchExport.objects.exists():
        today = timezone.localdate()
        services.research_export_create(
            actor=exporter,
            court=exporter.court,
            subtree=True,
            date_from=date(today.year - 3, 1, 1),
            date_to=today,
            recipient_institution="南京大学法学院",
            agreement_number="苏07研协〔2026〕1号",
            agreement_title="司法建议研究数据使用协议",
            agreement_date=date(today.year, 1, 5),
        )
        exports = 1
    return f"对外协同：行业协会 2 个，转送 {relays} 件，科研数据导出 {exports} 份。"
