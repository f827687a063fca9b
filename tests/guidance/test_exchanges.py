from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.guidance import selectors, services
from fengqiao.guidance.models import ExchangeMaterial, ExchangeMeeting


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("交流材料")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def record(world, **extra):
    args = {
        "actor": world.users["supervisor_mid"],
        "name": "全市法院司法建议工作经验交流会",
        "held_on": timezone.localdate() - timedelta(days=3),
        "place": "中院第三审判庭",
        "attendee_courts": [world.basic, world.basic_sibling],
        "attendee_people": "张三\n李四",
        "summary": "交流了选题和跟踪落实的做法。",
        "materials": [upload("材料.docx", docx_bytes()), upload("统计.xlsx", xlsx_bytes())],
    }
    args.update(extra)
    return services.exchange_record(**args)


def test_record_with_materials_is_audited(world):
    meeting = record(world)
    assert meeting.organiser == world.mid
    assert sorted(m.original_name for m in meeting.materials.all()) == ["材料.docx", "统计.xlsx"]
    assert AuditEntry.objects.filter(code="exchange.record").count() == 1
    assert AuditEntry.objects.filter(code="exchange.material").count() == 2


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("材料.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "不允许上传"),
        ("程序.exe", b"MZ" + b"0" * 100, "不允许上传"),
        ("假的.pdf", b"MZ" + b"0" * 100, "扩展名与文件内容不符"),
        ("图片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "不允许上传"),
    ],
)
def test_only_docx_pdf_xlsx_by_content(world, name, data, message):
    with pytest.raises(ValidationError, match=message):
        record(world, materials=[upload(name, data)])
    assert not ExchangeMeeting.objects.exists()  # checked before anything is written


def test_size_limit(world, settings):
    settings.FENGQIAO_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="上限"):
        record(world, materials=[upload("材料.pdf", b"%PDF-" + b"0" * 2000)])


def test_dates_and_attendees_are_checked(world):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(world, held_on=timezone.localdate() + timedelta(days=1), materials=[])
    with pytest.raises(ValidationError, match="2000"):
        record(world, held_on=timezone.localdate().replace(year=1999), materials=[])
    with pytest.raises(ValidationError, match="参会法院"):
        record(world, attendee_courts=[world.basic_other], materials=[])
    with pytest.raises(PermissionDenied):
        record(world, actor=world.users[Role.JUDGE], materials=[])


def test_visible_to_the_organisers_subtree_only(world, research, sibling_research, other_research):
    meeting = record(world, materials=[])

    def sees(user):
        return selectors.exchanges_visible(user).filter(pk=meeting.pk).exists()

    assert sees(world.users["supervisor_mid"]) and sees(research) and sees(sibling_research)
    assert sees(world.users[Role.JUDGE])
    assert not sees(other_research)  # another intermediate court's subtree
    assert not sees(world.users["supervisor_high"])  # above the organiser
    assert not sees(world.users["recipient"])


def test_pages_per_role(world, client_for, other_research, research):
    meeting = record(world)
    material = meeting.materials.first()
    detail = reverse("guidance:exchange_detail", args=[meeting.pk])
    download = reverse("guidance:material", args=[material.pk])
    client = client_for(research)
    assert meeting.name in client.get(reverse("guidance:exchanges")).content.decode()
    assert client.get(detail).status_code == 200
    response = client.get(download)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert client.post(detail, {"materials": upload("a.pdf", b"%PDF-1")}).status_code == 403
    client = client_for(other_research)
    assert meeting.name not in client.get(reverse("guidance:exchanges")).content.decode()
    assert client.get(detail).status_code == 404
    assert client.get(download).status_code == 404
    client = client_for(world.users["recipient"])
    for url in (reverse("guidance:exchanges"), detail, download):
        assert client.get(url).status_code == 403
    assert client_for(research).get(reverse("guidance:exchange_new")).status_code == 200
    assert (
        client_for(world.users[Role.JUDGE]).get(reverse("guidance:exchange_new")).status_code == 403
    )


def test_record_through_the_page(world, client_for):
    client = client_for(world.users["supervisor_mid"])
    url = reverse("guidance:exchange_new")
    data = {
        "name": "交流会",
        "held_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "place": "中院",
        "attendee_courts": [world.basic.pk],
        "summary": "纪要",
    }
    page = client.post(url, data)
    assert page.status_code == 200 and "不能晚于今天" in page.content.decode()
    page = client.post(url, {**data, "held_on": "2026-02-30"})
    assert page.status_code == 200 and "正确的日期" in page.content.decode()
    data["held_on"] = timezone.localdate().isoformat()
    page = client.post(url, {**data, "materials": upload("坏.exe", b"MZ000")})
    assert page.status_code == 200 and "不允许上传" in page.content.decode()
    response = client.post(url, {**data, "materials": upload("纪要.pdf", b"%PDF-1.4 test")})
    assert response.status_code == 302
    meeting = ExchangeMeeting.objects.get()
    assert list(meeting.attendee_courts.all()) == [world.basic]
    # the organiser adds a material later
    detail = reverse("guidance:exchange_detail", args=[meeting.pk])
    client.post(detail, {"materials": upload("表.xlsx", xlsx_bytes())})
    assert ExchangeMaterial.objects.filter(meeting=meeting).count() == 2
