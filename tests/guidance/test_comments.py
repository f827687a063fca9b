from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.guidance import selectors, services
from fengqiao.guidance.models import GuidanceComment
from fengqiao.suggestions.models import Notification, State

from .conftest import make_letter


@pytest.fixture
def comment(world, letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.comment_create(
            actor=world.users["supervisor_mid"], suggestion=letter, body="建议第二条再具体些。"
        )


def test_superior_comments_drafter_is_notified_and_it_is_audited(world, letter, comment, judge):
    assert comment.author_court == world.mid
    note = Notification.objects.get(user=judge, kind="guidance")
    assert letter.doc_number in note.message
    assert AuditEntry.objects.filter(code="guidance.comment", object_id=str(comment.pk)).exists()


def test_who_sees_a_comment(world, comment, research, judge, sibling_research, mid_research):
    def sees(user):
        return selectors.comments_visible(user).filter(pk=comment.pk).exists()

    assert sees(world.users["supervisor_mid"])  # the commenting court
    assert sees(mid_research)  # the commenting court's research office
    assert sees(research)  # the letter court's research office
    assert sees(judge)  # the drafter
    assert not sees(world.users[Role.DIVISION_HEAD])  # same court, neither
    assert not sees(world.users[Role.PRESIDENT])
    assert not sees(sibling_research)  # sister court
    assert not sees(world.users["supervisor_high"])  # another superior court
    assert not sees(world.users["recipient"])


def test_only_strict_ancestors_comment_on_issued_letters(
    world, letter, research, sibling_research, judge
):
    for outsider in (research, sibling_research, world.users["judge_other"]):
        with pytest.raises(PermissionDenied):
            services.comment_create(actor=outsider, suggestion=letter, body="x")
    draft = make_letter(world.basic, judge, world.unit, signed_on=date(2026, 3, 2))
    draft.number_seq, draft.state = None, State.DRAFTING
    draft.save()
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=world.users["supervisor_mid"], suggestion=draft, body="x")
    withdrawn = make_letter(
        world.basic, judge, world.unit, signed_on=date(2026, 3, 2), state=State.WITHDRAWN
    )
    with pytest.raises(PermissionDenied):
        services.comment_create(
            actor=world.users["supervisor_high"], suggestion=withdrawn, body="x"
        )
    # the high court (two levels up) may comment too
    services.comment_create(actor=world.users["supervisor_high"], suggestion=letter, body="好")


def test_read_and_respond_by_research_or_drafter_only(world, comment, research, judge):
    with pytest.raises(PermissionDenied):
        services.comment_respond(actor=world.users["supervisor_mid"], comment=comment, response="x")
    with pytest.raises(PermissionDenied):
        services.comment_mark_read(actor=world.users[Role.DIVISION_HEAD], comment=comment)
    services.comment_mark_read(actor=judge, comment=comment)
    services.comment_respond(actor=research, comment=comment, response="已按意见整改。")
    comment.refresh_from_db()
    assert comment.status == "已回复" and comment.read_by == judge
    assert AuditEntry.objects.filter(code="guidance.comment_respond").exists()


def test_pages_per_role(world, letter, comment, research, client_for, sibling_research):
    detail = reverse("suggestions:detail", args=[letter.pk])
    page = client_for(research).get(detail)
    assert "建议第二条再具体些" in page.content.decode()
    page = client_for(world.users[Role.DIVISION_HEAD]).get(detail)
    assert "建议第二条再具体些" not in page.content.decode()
    page = client_for(world.users["supervisor_mid"]).get(detail)
    assert 'data-testid="guidance-comment-form"' in page.content.decode()
    index = client_for(research).get(reverse("guidance:index"))
    assert index.status_code == 200 and "建议第二条再具体些" in index.content.decode()
    assert (
        "建议第二条再具体些"
        not in client_for(sibling_research).get(reverse("guidance:index")).content.decode()
    )
    for outsider in (world.users["recipient"],):
        assert client_for(outsider).get(reverse("guidance:index")).status_code == 403
    # a sister court cannot post, nor act on the comment
    client = client_for(sibling_research)
    url = reverse("guidance:comment_create", args=[letter.pk])
    assert client.post(url, {"body": "x"}).status_code == 404
    act = reverse("guidance:comment_act", args=[comment.pk, "read"])
    assert client.post(act).status_code == 404
    assert GuidanceComment.objects.count() == 1


def test_comment_through_the_page_and_respond(world, letter, research, client_for):
    client = client_for(world.users["supervisor_mid"])
    page = client.get(reverse("guidance:index"))
    assert letter.doc_number in page.content.decode()
    response = client.post(reverse("guidance:comment_new"), {"letter": letter.pk, "body": "好"})
    assert response.status_code == 302
    comment = GuidanceComment.objects.get()
    response = client.post(reverse("guidance:comment_new"), {"letter": letter.pk, "body": ""})
    assert response.status_code == 302 and GuidanceComment.objects.count() == 1
    client = client_for(research)
    act = reverse("guidance:comment_act", args=[comment.pk, "respond"])
    assert client.post(act, {"response": "已整改", "back": "letter"}).status_code == 302
    comment.refresh_from_db()
    assert comment.response == "已整改"


def test_the_recipient_never_sees_a_comment(world, letter, comment, client_for):
    letter.state, letter.delivered_on = State.DELIVERED, date(2026, 3, 5)
    letter.save()
    client = client_for(world.users["recipient"])
    page = client.get(reverse("portal:detail", args=[letter.pk]))
    assert page.status_code == 200
    assert "建议第二条再具体些" not in page.content.decode()
    assert client.get(reverse("suggestions:detail", args=[letter.pk])).status_code in (403, 404)
    assert client.get("/api/guidance/comments").status_code == 403


def test_unread_comments_wait_on_the_home_page(world, comment, research, judge, client_for):
    from fengqiao.dashboard.selectors import waiting_for

    assert any("待阅指导意见" in w.title for w in waiting_for(research))
    assert any("待阅指导意见" in w.title for w in waiting_for(judge))
    assert not any("待阅指导意见" in w.title for w in waiting_for(world.users[Role.PRESIDENT]))
    assert not any("待阅指导意见" in w.title for w in waiting_for(world.users["supervisor_mid"]))
    services.comment_mark_read(actor=research, comment=comment)
    assert not any("待阅指导意见" in w.title for w in waiting_for(judge))
    assert "待阅指导意见" not in client_for(research).get("/").content.decode()
