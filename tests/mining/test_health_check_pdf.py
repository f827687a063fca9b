"""Issue 13: the 体检报告 PDF is converted by the background worker, never inside the request.

The request makes and stores the .docx and queues the conversion; the page says "PDF 生成中"
until the worker has stored the PDF, then offers it; the same bytes every download."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.cases.models import Case, CaseParty
from fengqiao.documents.pdf import DocumentConversionError
from fengqiao.mining import services
from fengqiao.mining.models import HealthCheckPdf
from fengqiao.mining.refresh import run_refresh

UNIT = "连云港市住房和城乡建设局"
KEY = UNIT
PERIOD = {"key": KEY, "from": "2024-01-01", "to": "2024-12-31"}
FAKE_PDF = b"%PDF-1.7\n% a converted report\n%%EOF\n"


@pytest.fixture
def corpus(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(6):
        case = Case.objects.create(
            owner=world.basic,
            case_no=f"（2024）苏0791行初{n + 1}号",
            court_key="苏0791",
            court_code="苏0791",
            court_name=world.basic.name,
            year=2024,
            type_code="行初",
            cause="房屋征收",
            domain="行政",
            outcome="驳回",
            decided_on=date(2024, 1 + n, 10),
            sections={"facts": "原告诉称房屋征收补偿不公。"},
            full_text="原告诉称房屋征收补偿不公。",
            content_hash=f"h{n}",
            needs_index=False,
        )
        CaseParty.objects.create(case=case, position=0, name="张某", role="原告", kind="person")
        CaseParty.objects.create(case=case, position=1, name=UNIT, role="被告", kind="government")
    run_refresh()


@pytest.fixture
def conversions(monkeypatch):
    """The LibreOffice pool, replaced: records each conversion and writes a small PDF."""
    calls: list[bytes] = []

    def convert_docx(docx_path, out_dir, **_):
        calls.append(Path(docx_path).read_bytes())
        target = Path(out_dir) / "report.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(FAKE_PDF)
        return target

    monkeypatch.setattr("fengqiao.documents.converter.convert_docx", convert_docx)
    return calls


@pytest.fixture
def no_conversion_in_requests(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("PDF conversion ran inside a web request")

    monkeypatch.setattr("fengqiao.documents.pdf.docx_to_pdf", refuse)
    monkeypatch.setattr("fengqiao.mining.health_check.document.docx_to_pdf", refuse)


def test_the_request_queues_and_the_worker_converts(
    world, corpus, conversions, no_conversion_in_requests, client_for
):
    clerk = client_for(world.users["research"])
    asked = clerk.get(reverse("mining:entity_report"), {**PERIOD, "format": "pdf"})
    row = HealthCheckPdf.objects.get()
    assert asked.status_code == 302 and asked.url == reverse(
        "mining:health_check_pdf", args=[row.pk]
    )
    assert conversions == []  # nothing converted in the request
    assert row.status == HealthCheckPdf.Status.PENDING and not row.pdf
    assert row.court == world.basic and row.cases == 6 and row.entity_name == UNIT
    with row.docx.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == row.docx_sha256
    assert (
        AuditEntry.objects.filter(code="report.health_check").latest("id").after["format"] == "pdf"
    )

    page = clerk.get(reverse("mining:health_check_pdf", args=[row.pk])).content.decode()
    assert "PDF 生成中" in page and 'data-testid="pdf-pending"' in page
    early = clerk.get(reverse("mining:health_check_pdf_download", args=[row.pk]))
    assert early.status_code == 302  # back to the status page, no conversion

    services.convert_health_check_pdf(row_id=row.pk)  # the huey task's body
    row.refresh_from_db()
    assert row.is_ready and row.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    with row.docx.open("rb") as handle:
        assert conversions == [handle.read()]  # the stored .docx was converted
    page = clerk.get(reverse("mining:health_check_pdf", args=[row.pk])).content.decode()
    assert 'data-testid="download-pdf"' in page
    downloads = [
        b"".join(clerk.get(reverse("mining:health_check_pdf_download", args=[row.pk])))
        for _ in range(2)
    ]
    assert downloads == [FAKE_PDF, FAKE_PDF]
    done = AuditEntry.objects.get(code="report.health_check_pdf")
    assert done.after["pdf_sha256"] == row.pdf_sha256
    assert done.after["docx_sha256"] == row.docx_sha256

    # the same report asked again: the stored PDF, no second conversion
    again = clerk.get(reverse("mining:entity_report"), {**PERIOD, "format": "pdf"})
    assert again.url == reverse("mining:health_check_pdf", args=[row.pk])
    assert HealthCheckPdf.objects.count() == 1
    services.convert_health_check_pdf(row_id=row.pk)
    assert len(conversions) == 1


def test_queued_after_commit(
    world, corpus, settings, monkeypatch, client_for, django_capture_on_commit_callbacks
):
    settings.FENGQIAO_LETTER_PDF_ENQUEUE = True
    queued: list[int] = []
    monkeypatch.setattr("fengqiao.mining.tasks.health_check_pdf", queued.append)
    clerk = client_for(world.users["research"])
    with django_capture_on_commit_callbacks(execute=True):
        clerk.get(reverse("mining:entity_report"), {**PERIOD, "format": "pdf"})
    assert queued == [HealthCheckPdf.objects.get().pk]


def test_a_failed_conversion_is_shown_and_caught_up(world, corpus, monkeypatch, client_for):
    clerk = client_for(world.users["research"])
    clerk.get(reverse("mining:entity_report"), {**PERIOD, "format": "pdf"})
    row = HealthCheckPdf.objects.get()

    def broken(*args, **kwargs):
        raise DocumentConversionError("LibreOffice 转换失败")

    monkeypatch.setattr("fengqiao.documents.converter.convert_docx", broken)
    with pytest.raises(DocumentConversionError):
        services.convert_health_check_pdf(row_id=row.pk)
    row.refresh_from_db()
    assert row.status == HealthCheckPdf.Status.FAILED and row.attempts == 1
    page = clerk.get(reverse("mining:health_check_pdf", args=[row.pk])).content.decode()
    assert "PDF 生成失败" in page

    def works(docx_path, out_dir, **_):
        target = Path(out_dir) / "r.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(FAKE_PDF)
        return target

    monkeypatch.setattr("fengqiao.documents.converter.convert_docx", works)
    assert services.health_check_pdfs_catch_up(max_attempts=5) == {
        "converted_pdf": 1,
        "failed_pdf": 0,
    }
    row.refresh_from_db()
    assert row.is_ready and row.attempts == 2


def test_outsiders_get_404_and_recipients_403(world, corpus, conversions, client_for):
    clerk = client_for(world.users["research"])
    clerk.get(reverse("mining:entity_report"), {**PERIOD, "format": "pdf"})
    row = HealthCheckPdf.objects.get()
    services.convert_health_check_pdf(row_id=row.pk)
    for name in ("health_check_pdf", "health_check_pdf_download"):
        url = reverse(f"mining:{name}", args=[row.pk])
        assert client_for(world.users["judge_other"]).get(url).status_code in (403, 404)
        assert client_for(world.users["supervisor_mid"]).get(url).status_code == 404
        assert client_for(world.users["recipient"]).get(url).status_code == 403
        assert client_for(world.users["research"]).get(url).status_code == 200


def test_a_bad_period_is_a_chinese_message_not_a_row(world, corpus, client_for):
    clerk = client_for(world.users["research"])
    response = clerk.get(
        reverse("mining:entity_report"),
        {"key": KEY, "from": "2019-01-01", "to": "2019-12-31", "format": "pdf"},
        follow=True,
    )
    assert response.status_code == 200
    assert "所选期间内本院没有该单位的案件" in response.content.decode()
    assert not HealthCheckPdf.objects.exists()


def test_report_files_no_row_references_are_swept(
    world, corpus, conversions, client_for, settings, tmp_path, monkeypatch
):
    """A worker killed between writing the report's .docx and committing its row leaves a file
    no row references: the hourly sweep removes it and keeps the stored report's files."""
    import os
    import tempfile
    import time

    from fengqiao.core.leftovers import sweep_leftovers

    # only this test's folders are swept (never the machine's temp folder)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "systmp"))
    (tmp_path / "systmp").mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    clerk = client_for(world.users["research"])
    clerk.get(reverse("mining:entity_report"), {**PERIOD, "format": "pdf"})
    row = HealthCheckPdf.objects.get()
    services.convert_health_check_pdf(row_id=row.pk)
    row.refresh_from_db()
    media = Path(settings.MEDIA_ROOT)
    kept = [media / row.docx.name, media / row.pdf.name]
    orphan = kept[0].with_name("0123456789abcdef0123456789abcdef.docx")
    orphan.write_bytes(b"PK orphan")
    then = time.time() - 7200
    for path in (*kept, orphan):
        os.utime(path, (then, then))
    removed = sweep_leftovers().removed
    assert removed == [str(orphan)] and not orphan.exists()
    assert all(path.exists() for path in kept)
