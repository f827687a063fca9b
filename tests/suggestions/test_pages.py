"""The lifecycle pages: scoping, the action forms, exports and query counts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fengqiao.suggestions.models import Category, Clue, Meeting, State
from tests.suggestions.conftest import sign_on

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_register_lists_own_court_and_hides_other_courts_drafts(world, client_for, make_suggestion):
    draft = make_suggestion(world, category=Category.GOVERNANCE, upto="drafting")
    signed = make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    own = client_for(world.users["research"]).get(reverse("suggestions:register")).content.decode()
    assert reverse("suggestions:detail", args=[draft.pk]) in own
    assert reverse("suggestions:detail", args=[signed.pk]) in own
    sup = client_for(world.users["supervisor_mid"])
    page = sup.get(reverse("suggestions:register")).content.decode()
    assert reverse("suggestions:detail", args=[signed.pk]) in page
    assert reverse("suggestions:detail", args=[draft.pk]) not in page
    assert sup.get(reverse("suggestions:detail", args=[draft.pk])).status_code == 404
    assert sup.get(reverse("suggestions:detail", args=[signed.pk])).status_code == 200
    for outsider in ["judge_sibling", "judge_other"]:
        client = client_for(world.users[outsider])
        assert client.get(reverse("suggestions:detail", args=[signed.pk])).status_code == 404
    assert (
        client_for(world.users["recipient"]).get(reverse("suggestions:register")).status_code == 403
    )


def test_supervisor_cannot_act_on_subordinate_suggestion(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    client = client_for(world.users["supervisor_mid"])
    response = client.post(
        reverse("suggestions:act", args=[s.pk, "communicate"]),
        {"kind": "notice", "held_on": "2026-01-05"},
    )
    assert response.status_code == 403


def test_review_steps_through_the_pages(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="in_review")
    url = reverse("suggestions:act", args=[s.pk, "review"])
    # the research clerk is not the division head: refused, nothing changes
    client_for(world.users["research"]).post(url, {"approve": "1"})
    s.refresh_from_db()
    assert s.state == State.IN_REVIEW and s.runs.get().steps.get(position=1).state == "active"
    for who in ["division_head", "research", "vice_president"]:
        detail = client_for(world.users[who]).get(reverse("suggestions:detail", args=[s.pk]))
        assert "提交意见" in detail.content.decode(), who
        client_for(world.users[who]).post(url, {"approve": "1", "comment": "同意"})
    s.refresh_from_db()
    assert s.state == State.SIGNED and s.doc_number.startswith("连开法建〔")


def test_return_requires_a_comment(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="in_review")
    client = client_for(world.users["division_head"])
    url = reverse("suggestions:act", args=[s.pk, "review"])
    page = client.post(url, {"approve": "0"}, follow=True).content.decode()
    assert "退回时必须填写修改意见" in page
    client.post(url, {"approve": "0", "comment": "问题二表述不准确"})
    s.refresh_from_db()
    assert s.state == State.DRAFTING and s.holder == s.drafter


def test_delivery_with_receipt_then_reply_and_archive(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    sign_on(s, date(2025, 3, 7))  # delivered after it was signed
    client = client_for(world.users["research"])
    receipt = io.BytesIO(PDF)
    receipt.name = "送达回证.pdf"
    client.post(
        reverse("suggestions:act", args=[s.pk, "deliver"]),
        {"method": "in_person", "delivered_on": "2025-03-10", "receipt": receipt},
    )
    s.refresh_from_db()
    assert s.state == State.DELIVERED and str(s.reply_due_on) == "2025-05-12"
    assert "送达 2025年3月10日 + 2个月 = 2025年5月10日" in s.reply_due_explanation
    detail = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "送达回证" in detail and "遇休息日顺延" in detail
    delivery = s.deliveries.get()
    download = client.get(reverse("suggestions:attachment", args=[s.pk, delivery.receipt_id]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    client.post(
        reverse("suggestions:act", args=[s.pk, "reply"]),
        {
            "received_on": "2025-04-01",
            "content": "已研究落实",
            "outcome_1": "adopted",
            "measures_1": "已出台办法",
            "outcome_2": "partly",
            "measures_2": "推进中",
        },
    )
    s.refresh_from_db()
    assert s.state == State.REPLIED
    client.post(reverse("suggestions:act", args=[s.pk, "complete"]), {"completed_on": "2025-04-02"})
    client.post(reverse("suggestions:act", args=[s.pk, "archive"]))
    s.refresh_from_db()
    assert s.state == State.ARCHIVED


def test_bad_receipt_upload_saves_nothing(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    fake = io.BytesIO(b"MZ\x90\x00 this is an exe")
    fake.name = "回证.pdf"
    page = client_for(world.users["research"]).post(
        reverse("suggestions:act", args=[s.pk, "deliver"]),
        {"method": "post", "delivered_on": "2025-03-10", "receipt": fake},
        follow=True,
    )
    s.refresh_from_db()
    assert s.state == State.SIGNED and not s.deliveries.exists() and not s.attachments.exists()
    assert "alert-danger" in page.content.decode()


def test_draft_editor_saves_a_new_version_and_compare_shows_the_change(
    world, client_for, make_suggestion
):
    s = make_suggestion(world, category=Category.INDIVIDUAL, upto="drafting")
    client = client_for(world.users["judge"])
    page = client.get(reverse("suggestions:edit", args=[s.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if not isinstance(v, list)}
    data["reply_months"] = 2
    data["problem_1_heading"] = "新的问题标题"
    data["note"] = "修改问题一"
    response = client.post(reverse("suggestions:edit", args=[s.pk]), data)
    assert response.status_code == 302
    assert s.versions.count() == 2
    diff = client.get(reverse("suggestions:compare", args=[s.pk])).content.decode()
    assert '问题（一）<span class="diff_chg">新</span>的问题' in diff  # the document's numbering
    other = client_for(world.users["judge_sibling"])
    assert other.get(reverse("suggestions:edit", args=[s.pk])).status_code == 404


def test_letter_download_docx(world, client_for, make_suggestion):
    s = make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    response = client_for(world.users["judge"]).get(
        reverse("suggestions:letter", args=[s.pk, "docx"])
    )
    data = response.getvalue()  # the stored file, streamed
    assert response.status_code == 200 and data[:2] == b"PK"
    from fengqiao.documents.checker import check_docx

    assert check_docx(data).ok


def test_register_excel_export(world, client_for, make_suggestion):
    make_suggestion(world, category=Category.GOVERNANCE, upto="delivered")
    response = client_for(world.users["research"]).get(
        reverse("suggestions:register"), {"format": "xlsx"}
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "文号" and len(rows) == 2 and rows[1][0].startswith("连开法建")


def test_clue_and_meeting_pages(world, client_for):
    judge = client_for(world.users["judge"])
    response = judge.post(
        reverse("suggestions:clue_new"),
        {
            "title": "电动自行车充电安全",
            "problem": "小区飞线充电引发火灾纠纷多发",
            "recipient": world.unit.pk,
        },
    )
    clue = Clue.objects.get()
    assert response.status_code == 302
    head = client_for(world.users["division_head"])
    head.post(reverse("suggestions:clue_detail", args=[clue.pk]), {"decision": "accept"})
    clue.refresh_from_db()
    assert clue.state == Clue.State.ACCEPTED
    clerk = client_for(world.users["research"])
    clerk.post(
        reverse("suggestions:meeting_new"),
        {"kind": "committee", "held_on": "2026-01-05", "session_no": "2026年第1次"},
    )
    meeting = Meeting.objects.get()
    clerk.post(
        reverse("suggestions:meeting_detail", args=[meeting.pk]), {"add_clue": "1", "clue": clue.pk}
    )
    item = meeting.items.get()
    clerk.post(
        reverse("suggestions:meeting_detail", args=[meeting.pk]),
        {"item": item.pk, "decision": "send", "category": "governance", "recipient": world.unit.pk},
    )
    clue.refresh_from_db()
    assert clue.state == Clue.State.DECIDED and clue.suggestions.count() == 1
    assert judge.get(reverse("suggestions:my_work")).status_code == 200


@pytest.mark.parametrize("who", ["research", "judge", "supervisor_mid"])
def test_register_query_count_does_not_grow_with_rows(world, client_for, make_suggestion, who):
    for _ in range(3):
        make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    client = client_for(world.users[who])
    client.get(reverse("suggestions:register"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("suggestions:register"))
    for _ in range(6):
        make_suggestion(world, category=Category.GOVERNANCE, upto="signed")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("suggestions:register"))
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    "kind,upto", [("notice", "pre_communication"), ("receipt", "signed"), ("register", "delivered")]
)
def test_form_documents_download(world, client_for, make_suggestion, kind, upto):
    s = make_suggestion(world, category=Category.GOVERNANCE, upto=upto)
    response = client_for(world.users["research"]).get(
        reverse("suggestions:form", args=[s.pk, kind])
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    tables = "\n".join(
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for row in t.rows
        for c in row.cells
    )
    assert s.recipient.name in text + tables
    outsider = client_for(world.users["judge_other"])
    assert outsider.get(reverse("suggestions:form", args=[s.pk, kind])).status_code == 404


def test_clerk_gets_a_signed_letter_link_that_opens_the_letter(
    world, client_for, make_suggestion, client
):
    s = make_suggestion(world, category=Category.GOVERNANCE, upto="delivered")
    page = client_for(world.users["research"]).get(reverse("suggestions:detail", args=[s.pk]))
    link = page.context["letter_link"]
    assert link and "/portal/l/" in link
    judge_page = client_for(world.users["judge"]).get(reverse("suggestions:detail", args=[s.pk]))
    assert judge_page.context["letter_link"] is None
    client.logout()
    letter = client.get(link.replace("http://testserver", ""))
    assert letter.status_code == 200 and s.doc_number in letter.content.decode()


def test_court_admin_configures_its_own_chain(world, client_for, make_suggestion):
    from fengqiao.suggestions.models import Workflow
    from fengqiao.suggestions.workflows import workflow_for

    admin = client_for(world.users["admin"])
    data = {
        "category": "class",
        "name": "本院类案审批",
        "step_1_name": "研究室审核",
        "step_1_role": "research",
        "step_2_name": "院长签发",
        "step_2_user": world.users["president"].pk,
        "step_2_signs": "on",
    }
    bad = admin.post(reverse("suggestions:workflows"), {**data, "step_2_signs": ""})
    assert "签发步骤" in bad.content.decode()
    admin.post(reverse("suggestions:workflows"), data)
    workflow = workflow_for(world.basic, Category.CLASS)
    assert workflow.court == world.basic and [s.name for s in workflow.steps.all()] == [
        "研究室审核",
        "院长签发",
    ]
    assert workflow_for(world.basic_sibling, Category.CLASS).court is None
    s = make_suggestion(world, category=Category.CLASS, upto="in_review")
    from fengqiao.suggestions import services

    services.review_act(actor=world.users["research"], suggestion=s, approve=True)
    s = services.review_act(actor=world.users["president"], suggestion=s, approve=True)
    assert s.doc_number
    governance = admin.post(reverse("suggestions:workflows"), {**data, "category": "governance"})
    assert "审判委员会审议" in governance.content.decode()
    deleted = admin.post(reverse("suggestions:workflow_delete", args=[workflow.pk]))
    assert deleted.status_code == 302
    assert not Workflow.objects.filter(court=world.basic, retired=False).exists()
    assert workflow_for(world.basic, Category.CLASS).court is None
    assert (
        client_for(world.users["research"]).get(reverse("suggestions:workflows")).status_code == 403
    )
