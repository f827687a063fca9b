"""Suggestions built through the real services, up to a chosen point of the lifecycle."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fengqiao.suggestions import services
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    DeliveryMethod,
    Meeting,
    PreCommunication,
)

CONTENT = {
    "title": "连云港经济技术开发区人民法院关于加强住宅小区物业服务监管的司法建议书",
    "topic": "物业服务",
    "background": ["2024年以来，我院共受理物业服务合同纠纷案件1286件，呈多发高发态势。"],
    "problems": [
        {"heading": "物业服务质量缺乏可核验的标准。", "body": "合同对服务事项仅作原则性约定。"},
        {"heading": "公共收益管理不透明。", "body": "部分企业未单独列账公示公共收益。"},
    ],
    "suggestions": [
        {"heading": "推行分级服务标准和履约评价。", "body": "制定分级标准示范文本。"},
        {"heading": "建立公共收益定期公示和审计制度。", "body": "每半年公示一次。"},
    ],
    "other_matters": [],
    "attachments": [],
    "contact_name": "王某某",
    "contact_phone": "0518-82345678",
    "include_assessment_note": False,
}

STAGES = ("drafting", "signed", "pre_communication", "delivered")


def build_suggestion(world, *, until: str = "delivered", recipient=None, title: str = ""):
    """clue → triage → meeting → agenda → decision → draft → review ×4 → 告知函 → delivery."""
    assert until in STAGES
    users = world.users
    judge, research = users["judge"], users["research"]
    today = timezone.localdate()
    recipient = recipient or world.unit
    clue = services.clue_create(
        actor=judge,
        title=title or "物业服务监管",
        problem="物业服务合同纠纷多发，服务标准和公共收益管理存在问题。",
        recipient=recipient,
    )
    services.clue_triage(actor=research, clue=clue, decision="accept")
    meeting = services.meeting_create(
        actor=research, kind=Meeting.Kind.DIVISION, held_on=today, session_no="第1次"
    )
    item = services.agenda_add(actor=research, meeting=meeting, clue=clue)
    suggestion = services.agenda_decide(
        actor=research,
        item=item,
        decision=AgendaItem.Decision.SEND,
        category=Category.GOVERNANCE,
        recipient=recipient,
        drafter=judge,
    )
    topic = title or CONTENT["topic"]
    content = {
        **CONTENT,
        "topic": topic,
        "title": f"连云港经济技术开发区人民法院关于加强{topic}工作的司法建议书",
    }
    services.draft_save(actor=judge, suggestion=suggestion, content=content, note="定稿")
    if until == "drafting":
        return suggestion
    services.review_submit(actor=judge, suggestion=suggestion)
    committee = services.meeting_create(
        actor=research, kind=Meeting.Kind.COMMITTEE, held_on=today, session_no="2025年第3次"
    )
    for role, meeting_arg in (
        ("division_head", None),
        ("research", None),
        ("committee", committee),
        ("president", None),
    ):
        suggestion = services.review_act(
            actor=users[role],
            suggestion=suggestion,
            approve=True,
            comment="同意",
            meeting=meeting_arg,
        )
    if until == "signed":
        return suggestion
    services.communication_record(
        actor=research,
        suggestion=suggestion,
        kind=PreCommunication.Kind.NOTICE,
        held_on=today,
        respond_by=today + timedelta(days=10),
    )
    if until == "pre_communication":
        suggestion.refresh_from_db()
        return suggestion
    services.delivery_record(
        actor=research,
        suggestion=suggestion,
        method=DeliveryMethod.ELECTRONIC,
        delivered_on=today,
    )
    suggestion.refresh_from_db()
    return suggestion


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def delivered(world, media):
    return build_suggestion(world)


@pytest.fixture
def pre_comm(world, media):
    return build_suggestion(world, until="pre_communication", title="校园周边食品安全")


# ---- real files ----------------------------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n165\n%%EOF\n"
)


def pdf_file(name: str = "整改情况报告.pdf", data: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx_bytes(text: str = "回函正文") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
