"""Letter and attachment downloads: headers, what is downloadable, the PDF fallback page."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

from django.urls import reverse

from fengqiao.suggestions.models import Attachment
from fengqiao.suggestions.uploads import save_upload
from tests.portal.conftest import MINIMAL_PDF, pdf_file


def _assert_download(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" in disposition
    assert "inline" not in disposition


def test_letter_docx_download(world, delivered, client_for):
    response = client_for(world.users["recipient"]).get(reverse("portal:docx", args=[delivered.pk]))
    _assert_download(
        response, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert quote(f"{delivered.doc_number}.docx", safe="") in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        document = archive.read("word/document.xml").decode()
    assert delivered.doc_number in document


def test_pre_communication_offers_the_notice_not_the_letter(world, pre_comm, client_for):
    client = client_for(world.users["recipient"])
    assert client.get(reverse("portal:docx", args=[pre_comm.pk])).status_code == 404
    notice = client.get(reverse("portal:notice", args=[pre_comm.pk]))
    _assert_download(
        notice, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_pdf_not_yet_made_shows_a_chinese_page(world, delivered, client_for):
    """The PDF is made by the background worker: until then a page says so (202), with the
    Word version — no conversion inside the request."""
    client = client_for(world.users["recipient"])
    response = client.get(reverse("portal:pdf", args=[delivered.pk]))
    assert response.status_code == 202
    html = response.content.decode()
    assert "PDF 生成中" in html
    assert reverse("portal:docx", args=[delivered.pk]) in html
    page = client.get(reverse("portal:detail", args=[delivered.pk])).content.decode()
    assert 'data-testid="pdf-pending"' in page and 'data-testid="download-pdf"' not in page


def test_letter_pdf_download(world, delivered, client_for, monkeypatch):
    from fengqiao.suggestions import stored_letters
    from fengqiao.suggestions.models import StoredLetter

    monkeypatch.setattr(stored_letters, "_convert", lambda path: MINIMAL_PDF)
    pdf = StoredLetter.objects.get(suggestion=delivered, kind="pdf", superseded_at__isnull=True)
    stored_letters.convert_pdf(pdf_id=pdf.pk)
    response = client_for(world.users["recipient"]).get(reverse("portal:pdf", args=[delivered.pk]))
    _assert_download(response, "application/pdf")
    assert response.getvalue() == MINIMAL_PDF
    assert quote(f"{delivered.doc_number}.pdf", safe="") in response["Content-Disposition"]


def test_court_internal_attachments_are_not_downloadable(world, delivered, client_for):
    internal = save_upload(
        suggestion=delivered,
        uploaded_file=pdf_file("内部审批材料.pdf"),
        kind=Attachment.Kind.OTHER,
        actor=world.users["research"],
    )
    letter = save_upload(
        suggestion=delivered,
        uploaded_file=pdf_file("调研报告.pdf"),
        kind=Attachment.Kind.LETTER,
        actor=world.users["research"],
    )
    client = client_for(world.users["recipient"])
    base = reverse("portal:detail", args=[delivered.pk])
    page = client.get(base).content.decode()
    assert "调研报告.pdf" in page and "内部审批材料" not in page
    assert client.get(f"{base}attachments/{internal.pk}/").status_code == 404
    _assert_download(client.get(f"{base}attachments/{letter.pk}/"), "application/pdf")


def test_attachment_of_another_letter_is_404(world, delivered, pre_comm, client_for):
    from fengqiao.suggestions.models import State, Suggestion

    Suggestion.objects.filter(pk=pre_comm.pk).update(state=State.DELIVERED)
    pre_comm.refresh_from_db()
    other = save_upload(
        suggestion=pre_comm,
        uploaded_file=pdf_file(),
        kind=Attachment.Kind.REPLY,
        actor=world.users["recipient"],
    )
    client = client_for(world.users["recipient"])
    url = reverse("portal:attachment", args=[delivered.pk, other.pk])
    assert client.get(url).status_code == 404
    outsider = client_for(world.users["recipient_other"])
    assert (
        outsider.get(reverse("portal:attachment", args=[pre_comm.pk, other.pk])).status_code == 404
    )
