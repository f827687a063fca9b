"""The 告知函 opinion form and the 回函 form, through the pages, with real files."""

from __future__ import annotations

import hashlib

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fengqiao.audit.models import AuditEntry
from fengqiao.suggestions.models import Attachment, ItemOutcome, Reply, State
from tests.portal.conftest import MINIMAL_PDF, docx_bytes, pdf_file


def _files_under(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _reply_data(**extra):
    data = {
        "action": "reply",
        "received_on": timezone.localdate().isoformat(),
        "content": "我局高度重视，已召开专题会议研究落实。",
        "item_1_outcome": ItemOutcome.ADOPTED,
        "item_1_measures": "已印发分级服务标准示范文本。",
        "item_2_outcome": ItemOutcome.PARTLY,
        "item_2_measures": "公共收益公示已推行，审计制度正在研究。",
    }
    data.update(extra)
    return data


# ---- 告知函 opinion -------------------------------------------------------------------------


def test_opinion_form_records_the_recipients_opinion(world, pre_comm, client_for):
    client = client_for(world.users["recipient"])
    url = reverse("portal:detail", args=[pre_comm.pk])
    page = client.get(url)
    html = page.content.decode()
    assert 'data-testid="opinion-form"' in html
    assert 'data-testid="notice"' in html
    assert 'data-testid="reply-form"' not in html
    assert 'data-testid="download-docx"' not in html  # the letter itself is not sent yet
    communication = pre_comm.communications.get()
    response = client.post(
        url, {"action": "opinion", "communication": communication.pk, "opinion": "无不同意见。"}
    )
    assert response.status_code == 302
    communication.refresh_from_db()
    assert communication.recipient_opinion == "无不同意见。"
    assert communication.opinion_on == timezone.localdate()
    entry = AuditEntry.objects.filter(action="记录被建议单位意见").get()
    assert entry.actor_id == world.users["recipient"].pk
    after = client.get(url).content.decode()
    assert 'data-testid="opinion-form"' not in after
    assert "无不同意见。" in after


def test_opinion_requires_text(world, pre_comm, client_for):
    client = client_for(world.users["recipient"])
    communication = pre_comm.communications.get()
    response = client.post(
        reverse("portal:detail", args=[pre_comm.pk]),
        {"action": "opinion", "communication": communication.pk, "opinion": "  "},
    )
    assert response.status_code == 400
    communication.refresh_from_db()
    assert communication.recipient_opinion == ""


def test_no_opinion_form_once_delivered(world, delivered, client_for):
    html = client_for(world.users["recipient"]).get(reverse("portal:detail", args=[delivered.pk]))
    assert 'data-testid="opinion-form"' not in html.content.decode()


# ---- 回函 ------------------------------------------------------------------------------------


def test_reply_with_items_and_a_real_pdf(world, delivered, client_for, media):
    client = client_for(world.users["recipient"])
    url = reverse("portal:detail", args=[delivered.pk])
    response = client.post(url, _reply_data(attachments=[pdf_file()]))
    assert response.status_code == 302, response.content.decode()
    reply = Reply.objects.get(suggestion=delivered)
    assert reply.via_portal and reply.filed_by == world.users["recipient"]
    assert [(i.item_index, i.outcome) for i in reply.items.all()] == [
        (1, ItemOutcome.ADOPTED),
        (2, ItemOutcome.PARTLY),
    ]
    attachment = reply.attachments.get()
    assert attachment.kind == Attachment.Kind.REPLY
    assert attachment.original_name == "整改情况报告.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert attachment.size == len(MINIMAL_PDF)
    assert "整改情况报告" not in attachment.file.name  # stored under a random name
    delivered.refresh_from_db()
    assert delivered.state == State.REPLIED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"在线提交回函", "上传附件：回函附件"} <= actions

    page = client.get(url).content.decode()
    assert 'data-testid="reply"' in page and "部分采纳" in page
    download = client.get(f"{url}attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == MINIMAL_PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in download["Content-Disposition"]


def test_reply_with_several_files(world, delivered, client_for):
    client = client_for(world.users["recipient"])
    files = [
        pdf_file(),
        pdf_file("附件二.docx", docx_bytes()),
    ]
    response = client.post(
        reverse("portal:detail", args=[delivered.pk]), _reply_data(attachments=files)
    )
    assert response.status_code == 302
    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["整改情况报告.pdf", "附件二.docx"]


def test_bad_upload_saves_nothing(world, delivered, client_for, media):
    client = client_for(world.users["recipient"])
    exe = pdf_file("说明.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        reverse("portal:detail", args=[delivered.pk]),
        _reply_data(attachments=[pdf_file(), exe]),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "扩展名与文件内容不符" in html and "回函未提交" in html
    assert not Reply.objects.exists()
    assert not Attachment.objects.exists()
    assert _files_under(media) == []
    delivered.refresh_from_db()
    assert delivered.state == State.DELIVERED
    assert not AuditEntry.objects.filter(action__in=["在线提交回函", "上传附件：回函附件"]).exists()
    # the typed text is kept for the second try
    assert "我局高度重视" in html


def test_failure_after_files_were_written_removes_them(world, delivered, media, monkeypatch):
    """A failure inside the transaction (here: the reply service) rolls back rows AND files."""
    from fengqiao.portal import services as portal_services
    from fengqiao.suggestions import services as suggestion_services

    def boom(**kwargs):
        assert kwargs["attachments"] and _files_under(media)
        raise RuntimeError("数据库故障")

    monkeypatch.setattr(suggestion_services, "reply_register", boom)
    try:
        portal_services.reply_submit(
            actor=world.users["recipient"],
            suggestion=delivered,
            received_on=timezone.localdate(),
            content="回函",
            items=[],
            files=[pdf_file(), pdf_file("二.pdf")],
        )
    except RuntimeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected the failure to propagate")
    assert not Attachment.objects.exists()
    assert _files_under(media) == []


def test_not_adopted_needs_a_reason(world, delivered, client_for):
    client = client_for(world.users["recipient"])
    response = client.post(
        reverse("portal:detail", args=[delivered.pk]),
        _reply_data(item_2_outcome=ItemOutcome.NOT_ADOPTED, item_2_measures=""),
    )
    assert response.status_code == 400
    assert "请写明理由或措施" in response.content.decode()
    assert not Reply.objects.exists()


def test_reply_output_is_escaped(world, delivered, client_for):
    client = client_for(world.users["recipient"])
    url = reverse("portal:detail", args=[delivered.pk])
    client.post(url, _reply_data(content="<script>alert(1)</script>"))
    html = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_forms_require_csrf(world, delivered):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["recipient"])
    response = client.post(reverse("portal:detail", args=[delivered.pk]), _reply_data())
    assert response.status_code == 403
    assert not Reply.objects.exists()
    page = client.get(reverse("portal:detail", args=[delivered.pk])).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_supplementary_reply_after_first(world, delivered, client_for):
    client = client_for(world.users["recipient"])
    url = reverse("portal:detail", args=[delivered.pk])
    assert client.post(url, _reply_data()).status_code == 302
    assert "补充回函" in client.get(url).content.decode()
    assert client.post(url, _reply_data(content="补充说明。")).status_code == 302
    assert Reply.objects.filter(suggestion=delivered).count() == 2
