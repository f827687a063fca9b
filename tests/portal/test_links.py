"""Signed single-letter links: valid, expired, tampered, and who acts through them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import User
from fengqiao.portal.links import make_letter_link
from fengqiao.portal.services import link_actor_username
from fengqiao.suggestions.models import ItemOutcome, Reply
from tests.portal.conftest import build_suggestion, pdf_file


def _reply(**extra):
    data = {
        "action": "reply",
        "received_on": timezone.localdate().isoformat(),
        "content": "已按建议整改。",
        "item_1_outcome": ItemOutcome.ADOPTED,
        "item_1_measures": "已落实。",
        "item_2_outcome": ItemOutcome.EXPLAINED,
        "item_2_measures": "该事项属市政府职权，已转报。",
    }
    data.update(extra)
    return data


def test_link_opens_exactly_that_letter(world, delivered, client):
    link = make_letter_link(delivered)
    assert link.startswith("/portal/l/")
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert delivered.title in html and delivered.doc_number in html
    assert 'data-testid="reply-form"' in html
    assert "我的来函" not in html  # no portal navigation for link users
    docx = client.get(f"{link}docx/")
    assert docx.status_code == 200 and docx["X-Content-Type-Options"] == "nosniff"
    assert docx["Content-Disposition"].startswith("attachment;")


def test_reply_through_link_acts_as_the_units_link_account(world, delivered, client, media):
    link = make_letter_link(delivered)
    response = client.post(link, _reply(attachments=[pdf_file()]))
    assert response.status_code == 302
    reply = Reply.objects.get(suggestion=delivered)
    actor = reply.filed_by
    assert actor.username == link_actor_username(world.unit.pk)
    assert actor.recipient_unit_id == world.unit.pk
    assert not actor.is_active and not actor.has_usable_password()
    assert reply.via_portal
    entry = AuditEntry.objects.get(action="在线提交回函")
    assert entry.actor_id == actor.pk and world.unit.name in entry.actor_label
    attachment = reply.attachments.get()
    download = client.get(f"{link}attachments/{attachment.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    # the link account is reused, never duplicated, and cannot log in
    client.get(link)
    assert User.objects.filter(username=actor.username).count() == 1
    assert not ModelBackend().user_can_authenticate(actor)
    anonymous = Client()
    anonymous.post(reverse("login"), {"username": actor.username, "password": "x"})
    assert "_auth_user_id" not in anonymous.session


def test_opinion_through_link(world, pre_comm, client):
    link = make_letter_link(pre_comm)
    communication = pre_comm.communications.get()
    response = client.post(
        link,
        {"action": "opinion", "communication": communication.pk, "opinion": "建议第二条再斟酌。"},
    )
    assert response.status_code == 302
    communication.refresh_from_db()
    assert communication.recipient_opinion == "建议第二条再斟酌。"


def test_expired_link_is_refused(world, delivered, client):
    link = make_letter_link(delivered)
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        response = client.get(link)
    assert response.status_code == 403
    assert "有效期" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        assert client.get(link).status_code == 200


def test_link_lifetime_follows_the_setting(world, delivered, client, settings):
    settings.FENGQIAO_LETTER_LINK_DAYS = 1
    link = make_letter_link(delivered)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get(link).status_code == 403


@pytest.mark.parametrize("mangle", ["flip", "truncate", "garbage"])
def test_tampered_link_is_refused(world, delivered, client, mangle):
    token = make_letter_link(delivered).split("/")[-2]
    if mangle == "flip":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif mangle == "truncate":
        token = token[:-5]
    else:
        token = "eyJzIjoxLCJ1IjoxfQ:abc:def"
    response = client.get(reverse("portal:link", args=[token]))
    assert response.status_code == 403
    assert "链接无效" in response.content.decode()
    post = client.post(reverse("portal:link", args=[token]), _reply())
    assert post.status_code == 403
    assert not Reply.objects.exists()


def test_token_signed_with_another_salt_is_refused(world, delivered, client):
    from django.core import signing

    forged = signing.TimestampSigner(salt="other").sign_object(
        {"s": delivered.pk, "u": world.unit.pk}
    )
    assert client.get(reverse("portal:link", args=[forged])).status_code == 403


def test_link_cannot_reach_another_letters_attachment(world, delivered, client, media):
    other = build_suggestion(world, title="另一份建议")
    from fengqiao.suggestions.uploads import save_upload

    attachment = save_upload(
        suggestion=other,
        uploaded_file=pdf_file(),
        kind="reply",
        actor=world.users["recipient"],
    )
    link = make_letter_link(delivered)
    assert client.get(f"{link}attachments/{attachment.pk}/").status_code == 404


def test_link_stops_working_when_letter_is_readdressed(world, delivered, client):
    from fengqiao.suggestions.models import Suggestion

    link = make_letter_link(delivered)
    Suggestion.objects.filter(pk=delivered.pk).update(recipient=world.unit_sibling)
    assert client.get(link).status_code == 404


def test_logged_in_users_on_a_link(world, delivered, client_for):
    link = make_letter_link(delivered)
    assert client_for(world.users["research"]).get(link).status_code == 403
    assert client_for(world.users["recipient_other"]).get(link).status_code == 404
    own = client_for(world.users["recipient"])
    assert own.get(link).status_code == 200
    assert own.post(link, _reply()).status_code == 302
    assert Reply.objects.get().filed_by == world.users["recipient"]


def test_no_link_for_letters_not_sent(world, media):
    signed = build_suggestion(world, until="signed")
    with pytest.raises(ValidationError):
        make_letter_link(signed)
