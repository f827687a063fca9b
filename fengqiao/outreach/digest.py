"""The digest an association receives: the library entry's shared (anonymised) text only,
with the court's cover note — as a page and as a .docx (not an official document: a material
relayed for information, laid out with the documents/ helpers)."""

from __future__ import annotations

from fengqiao.library import sharing
from fengqiao.outreach.sectors import sector_labels, sectors_for


def digest_of(relay) -> dict:
    entry = relay.entry
    return {
        "title": entry.title,
        "court_name": relay.court.name,
        "year": entry.year,
        "domain": entry.domain or "其他",
        "sectors": sector_labels(sectors_for(entry.domain, entry.recipient_kind)),
        "outcome": entry.get_outcome_display(),
        "follow_up_kinds": list(entry.follow_up_kinds or []),
        "cover_note": relay.cover_note,
        "association": relay.association.name,
        "sections": [
            (sharing.SECTION_LABELS[name], entry.text(name))
            for name in sharing.SECTIONS[1:]
            if entry.text(name).strip()
        ],
        "sent_at": relay.sent_at,
    }


def digest_docx(relay) -> bytes:
    from django.utils import timezone

    from fengqiao.documents import blocks
    from fengqiao.documents.docx_writer import document_bytes
    from fengqiao.documents.styles import S, add_page_numbers, new_document

    data = digest_of(relay)
    doc = new_document()
    add_page_numbers(doc.sections[0])
    blocks.add_title(doc, data["title"])
    blocks.para(doc, f"（{data['court_name']}转送 · 供{data['association']}参阅）", S.DOC_NUMBER)
    blocks.blank(doc)
    blocks.add_heading1(doc, 1, "转送说明")
    for line in data["cover_note"].splitlines():
        if line.strip():
            blocks.para(doc, line.strip(), S.BODY)
    for n, (label, text) in enumerate(data["sections"], start=2):
        blocks.add_heading1(doc, n, label)
        for line in text.splitlines():
            if line.strip():
                blocks.para(doc, line.strip(), S.BODY)
    facts = f"采纳情况：{data['outcome']}"
    if data["follow_up_kinds"]:
        facts += f"；跟踪落实：{'、'.join(data['follow_up_kinds'])}"
    blocks.para(doc, facts, S.BODY)
    sent = timezone.localtime(data["sent_at"]).strftime("%Y年%m月%d日")
    blocks.para(doc, f"（本材料为司法建议的共享版本，已作去标识化处理。转送日期：{sent}）", S.BODY)
    doc.core_properties.title = data["title"]
    doc.core_properties.author = data["court_name"]
    return document_bytes(doc)
