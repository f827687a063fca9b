"""Signed letters are immutable files: made once at signing (the .docx) and by the background
worker (the PDF), stored with their SHA-256 in the audit trail, and served as stored by the
court's page, the recipient's portal and the API — never regenerated, never converted inside a
request."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.documents.pdf import find_soffice
from fengqiao.suggestions import stored_letters
from fengqiao.suggestions.corrections import suggestion_correct_date
from fengqiao.suggestions.models import Category, StoredLetter
from tests.portal.conftest import MINIMAL_PDF, build_suggestion

SH = ZoneInfo("Asia/Shanghai")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(suggestion, kind):
    return StoredLetter.objects.filter(suggestion=suggestion, kind=kind).order_by("revision")


def _sign_entry(suggestion) -> AuditEntry:
    return AuditEntry.objects.get(
        code="suggestion.sign", object_type="suggestions.suggestion", object_id=str(suggestion.pk)
    )


def _no_conversion(monkeypatch) -> None:
    """Any attempt to convert from here on fails the test."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a PDF conversion ran inside a web request")

    import fengqiao.documents.converter as converter
    import fengqiao.documents.pdf as pdf

    monkeypatch.setattr(pdf, "docx_to_pdf", forbidden)
    monkeypatch.setattr(converter, "docx_to_pdf", forbidden)
    monkeypatch.setattr(converter, "convert_docx", forbidden)
    monkeypatch.setattr(stored_letters, "_convert", forbidden)


def test_signing_stores_the_docx_once_with_its_hash_in_the_signing_entry(world):
    s = build_suggestion(world, until="signed")
    (docx,) = _rows(s, "docx")
    (pdf,) = _rows(s, "pdf")
    path = stored_letters.file_path(docx)
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == docx.sha256 and docx.size == len(data)
    assert docx.doc_number == s.doc_number and docx.issued_on == s.issued_on
    assert not stat.S_IMODE(path.stat().st_mode) & 0o222  # read-only on disk
    entry = _sign_entry(s)
    assert entry.after["letter_sha256"] == docx.sha256
    assert entry.after["letter_revision"] == 1 and entry.after["doc_number"] == s.doc_number
    assert pdf.status == StoredLetter.Status.PENDING and pdf.source_id == docx.pk
    assert not pdf.path


def test_pdf_pending_is_said_plainly_everywhere(world, client_for, monkeypatch):
    s = build_suggestion(world)  # delivered, PDF not made yet
    _no_conversion(monkeypatch)
    court = client_for(world.users["research"])
    page = court.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert 'data-testid="pdf-pending"' in page and "PDF 生成中" in page
    response = court.get(reverse("suggestions:letter", args=[s.pk, "pdf"]))
    assert response.status_code == 202 and "PDF 生成中" in response.content.decode()
    assert reverse("suggestions:letter", args=[s.pk, "docx"]) in response.content.decode()
    api = court.get(f"/api/suggestions/{s.pk}/letter.pdf")
    assert api.status_code == 202 and api.json()["code"] == "pdf_pending"
    assert "PDF 生成中" in api.json()["detail"]
    # the Word version is there at once
    word = court.get(reverse("suggestions:letter", args=[s.pk, "docx"]))
    assert word.status_code == 200 and word["Content-Type"] == DOCX
    portal = client_for(world.users["recipient"]).get(reverse("portal:pdf", args=[s.pk]))
    assert portal.status_code == 202 and "PDF 生成中" in portal.content.decode()


def test_draft_has_no_pdf_and_its_docx_is_rendered_on_demand(world, client_for):
    s = build_suggestion(world, until="drafting")
    court = client_for(world.users["judge"])
    response = court.get(reverse("suggestions:letter", args=[s.pk, "pdf"]))
    assert response.status_code == 404 and "草稿没有 PDF 版本" in response.content.decode()
    word = court.get(reverse("suggestions:letter", args=[s.pk, "docx"]))
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert court.get(f"/api/suggestions/{s.pk}/letter.pdf").status_code == 404
    assert not StoredLetter.objects.filter(suggestion=s).exists()


def test_outsiders_get_no_stored_letter(world, client_for, monkeypatch):
    s = build_suggestion(world)
    monkeypatch.setattr(stored_letters, "_convert", lambda path: MINIMAL_PDF)
    call_command("letters", stdout=open(os.devnull, "w"))
    other = client_for(world.users["judge_other"])
    for fmt in ("docx", "pdf"):
        assert other.get(reverse("suggestions:letter", args=[s.pk, fmt])).status_code == 404
        assert other.get(f"/api/suggestions/{s.pk}/letter.{fmt}").status_code == 404
    stranger = client_for(world.users["recipient_other"])
    assert stranger.get(reverse("portal:pdf", args=[s.pk])).status_code == 404
    assert stranger.get(reverse("portal:docx", args=[s.pk])).status_code == 404


@pytest.mark.skipif(find_soffice() is None, reason="需要 LibreOffice（soffice）")
def test_stored_pdf_is_served_identically_by_every_route(world, client_for, monkeypatch):
    """One real conversion (the background task's body); then every download — the court's
    page, the portal, the API, each twice — serves the same bytes, equal to the hash in the
    audit entry, with no conversion inside the requests."""
    s = build_suggestion(world)
    (pdf,) = _rows(s, "pdf")
    from fengqiao.suggestions.tasks import letter_pdf

    sha = letter_pdf.call_local(pdf.pk)  # the huey task, run here
    pdf.refresh_from_db()
    assert pdf.is_ready and pdf.sha256 == sha
    stored = stored_letters.file_path(pdf).read_bytes()
    assert stored.startswith(b"%PDF-") and hashlib.sha256(stored).hexdigest() == sha
    entry = AuditEntry.objects.get(code="letter.pdf", object_id=str(s.pk))
    assert entry.after["letter_sha256"] == sha
    assert entry.after["source_sha256"] == _rows(s, "docx").get().sha256

    _no_conversion(monkeypatch)
    court, portal = Client(), Client()
    court.force_login(world.users["research"])
    portal.force_login(world.users["recipient"])
    urls = [
        reverse("suggestions:letter", args=[s.pk, "pdf"]),
        f"/api/suggestions/{s.pk}/letter.pdf",
    ]
    bodies = []
    for url in urls * 2:
        response = court.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert quote(f"{s.doc_number}.pdf", safe="") in response["Content-Disposition"]
        bodies.append(response.getvalue())
    for _ in range(2):
        response = portal.get(reverse("portal:pdf", args=[s.pk]))
        assert response.status_code == 200
        bodies.append(response.getvalue())
    assert len(bodies) == 6 and all(b == stored for b in bodies)
    assert {hashlib.sha256(b).hexdigest() for b in bodies} == {entry.after["letter_sha256"]}
    # the Word version likewise: the signing entry's hash
    docx_sha = _sign_entry(s).after["letter_sha256"]
    for response in (
        court.get(reverse("suggestions:letter", args=[s.pk, "docx"])),
        court.get(f"/api/suggestions/{s.pk}/letter.docx"),
        portal.get(reverse("portal:docx", args=[s.pk])),
    ):
        assert hashlib.sha256(response.getvalue()).hexdigest() == docx_sha
    # the task is idempotent: run again, nothing changes
    assert letter_pdf.call_local(pdf.pk) == sha
    assert AuditEntry.objects.filter(code="letter.pdf").count() == 1


def test_signing_queues_the_pdf_after_commit(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from huey.contrib.djhuey import HUEY

    settings.FENGQIAO_LETTER_PDF_ENQUEUE = True
    monkeypatch.setattr(stored_letters, "_convert", lambda path: MINIMAL_PDF)
    monkeypatch.setattr(HUEY, "immediate", True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        s = build_suggestion(world, until="signed")
    pdf = _rows(s, "pdf").get()
    assert pdf.status == StoredLetter.Status.PENDING  # nothing converted inside the signing
    for callback in callbacks:
        callback()
    pdf.refresh_from_db()
    assert pdf.is_ready and stored_letters.file_path(pdf).read_bytes() == MINIMAL_PDF


def test_letters_command_is_idempotent_and_stores_letters_signed_before(world, monkeypatch):
    s = build_suggestion(world)
    calls = []

    def fake(path):
        calls.append(path)
        return MINIMAL_PDF

    monkeypatch.setattr(stored_letters, "_convert", fake)
    call_command("letters", stdout=open(os.devnull, "w"))
    call_command("letters", stdout=open(os.devnull, "w"))
    assert len(calls) == 1 and _rows(s, "pdf").get().is_ready
    # a letter signed before letters were stored: the command stores it (audited)
    legacy = build_suggestion(world, title="校园周边食品安全")
    StoredLetter.objects.filter(suggestion=legacy, kind="pdf").delete()
    StoredLetter.objects.filter(suggestion=legacy).delete()
    assert stored_letters.ensure_pdfs() == {"stored_docx": 1, "converted_pdf": 1, "failed_pdf": 0}
    assert _rows(legacy, "docx").get().reason == "补存签发文书"
    assert AuditEntry.objects.filter(code="letter.store", object_id=str(legacy.pk)).exists()
    assert stored_letters.ensure_pdfs() == {"stored_docx": 0, "converted_pdf": 0, "failed_pdf": 0}


def test_a_failed_conversion_is_recorded_and_retried(world, monkeypatch):
    from fengqiao.documents.pdf import DocumentConversionError

    s = build_suggestion(world)
    pdf = _rows(s, "pdf").get()

    def broken(path):
        raise DocumentConversionError("LibreOffice 未能转换")

    monkeypatch.setattr(stored_letters, "_convert", broken)
    with pytest.raises(DocumentConversionError):
        stored_letters.convert_pdf(pdf_id=pdf.pk)
    pdf.refresh_from_db()
    assert pdf.status == StoredLetter.Status.FAILED and pdf.attempts == 1
    monkeypatch.setattr(stored_letters, "_convert", lambda path: MINIMAL_PDF)
    assert stored_letters.ensure_pdfs()["converted_pdf"] == 1
    pdf.refresh_from_db()
    assert pdf.is_ready and pdf.attempts == 2 and not pdf.error


def test_correcting_the_signing_date_makes_a_new_stored_version(world, make_suggestion, client_for):
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=SH), tick=False):
        s = make_suggestion(
            world, category=Category.CLASS, upto="delivered", delivered_on=date(2026, 3, 10)
        )
        first = _rows(s, "docx").get()
        first_bytes = stored_letters.file_path(first).read_bytes()
        s = suggestion_correct_date(
            suggestion=s,
            acting_user=world.users["research"],
            event="signing",
            new_date=date(2026, 3, 6),
            reason="核对签发稿原件更正",
        )
    old, new = _rows(s, "docx")
    assert (old.revision, new.revision) == (1, 2)
    assert old.superseded_at is not None and new.superseded_at is None
    assert new.issued_on == date(2026, 3, 6) and new.sha256 != old.sha256
    assert new.version_id == old.version_id and new.reason.startswith("更正签发日期")
    # the old file is kept, untouched
    assert stored_letters.file_path(old).read_bytes() == first_bytes
    assert hashlib.sha256(first_bytes).hexdigest() == old.sha256
    entry = AuditEntry.objects.get(code="suggestion.correct_date")
    assert entry.after["letter_sha256"] == new.sha256
    assert entry.after["superseded_sha256"] == old.sha256
    # a new PDF is pending for the new version; the old one is never made
    pdfs = list(_rows(s, "pdf"))
    assert [p.superseded_at is None for p in pdfs] == [False, True]
    assert stored_letters.convert_pdf(pdf_id=pdfs[0].pk).path == ""
    response = client_for(world.users["research"]).get(
        reverse("suggestions:letter", args=[s.pk, "docx"])
    )
    assert hashlib.sha256(response.getvalue()).hexdigest() == new.sha256


def test_a_letter_back_in_drafting_for_revision_serves_its_draft(world, client_for):
    from fengqiao.suggestions import services

    s = build_suggestion(world, until="pre_communication")
    signed = _rows(s, "docx").get()
    s = services.suggestion_revise(
        actor=world.users["research"], suggestion=s, reason="采纳被建议单位意见修改"
    )
    assert s.state == "drafting"
    court = client_for(world.users["judge"])
    word = court.get(reverse("suggestions:letter", args=[s.pk, "docx"]))
    assert word.status_code == 200 and "X-Letter-SHA256" not in word  # the draft, rendered
    assert quote("稿）.docx", safe="") in word["Content-Disposition"]
    assert court.get(reverse("suggestions:letter", args=[s.pk, "pdf"])).status_code == 404
    signed.refresh_from_db()
    assert signed.superseded_at is None  # kept until the letter is signed again
