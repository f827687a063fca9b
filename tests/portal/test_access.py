"""Who sees which letters: the owner unit, an outsider unit, every court role, anonymous."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from fengqiao.courts.models import Role
from fengqiao.navigation import menu_for
from fengqiao.portal.selectors import letters_for_recipient
from fengqiao.suggestions.models import State
from tests.portal.conftest import build_suggestion

COURT_USERS = [r for r in Role.values if r != Role.SUPERVISOR] + [
    "supervisor_mid",
    "supervisor_high",
    "judge_other",
]


@pytest.fixture
def letters(world, media):
    """For world.unit: one delivered, one 征求意见中, one still signed (not sent), one still
    drafting; plus one delivered to another unit."""
    return {
        "delivered": build_suggestion(world, title="物业服务监管"),
        "pre_comm": build_suggestion(world, until="pre_communication", title="校园食品安全"),
        "signed": build_suggestion(world, until="signed", title="已签发未发出"),
        "drafting": build_suggestion(world, until="drafting", title="起草中"),
        "sibling": build_suggestion(world, recipient=world.unit_sibling, title="发给其他单位"),
    }


def test_selector_scopes_to_unit_and_sent_states(world, letters):
    visible = set(letters_for_recipient(world.users["recipient"]).values_list("pk", flat=True))
    assert visible == {letters["delivered"].pk, letters["pre_comm"].pk}
    assert not letters_for_recipient(world.users["recipient_other"]).exists()
    assert not letters_for_recipient(world.users["research"]).exists()


def test_recipient_list_shows_own_sent_letters_only(world, letters, client_for):
    page = client_for(world.users["recipient"]).get(reverse("portal:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert letters["delivered"].doc_number in html
    assert "校园食品安全" in html
    for hidden in ("已签发未发出", "起草中", "发给其他单位"):
        assert hidden not in html
    assert letters["delivered"].reply_due_explanation in html
    assert 'data-testid="overdue"' not in html


def test_recipient_opens_own_letter(world, letters, client_for):
    client = client_for(world.users["recipient"])
    page = client.get(reverse("portal:detail", args=[letters["delivered"].pk]))
    assert page.status_code == 200
    assert 'data-testid="reply-form"' in page.content.decode()


@pytest.mark.parametrize("key", ["signed", "drafting", "sibling"])
def test_recipient_cannot_open_unsent_or_foreign_letter(world, letters, client_for, key):
    client = client_for(world.users["recipient"])
    assert client.get(reverse("portal:detail", args=[letters[key].pk])).status_code == 404
    assert client.get(reverse("portal:docx", args=[letters[key].pk])).status_code == 404


def test_outsider_recipient_gets_404(world, letters, client_for):
    client = client_for(world.users["recipient_other"])
    pk = letters["delivered"].pk
    assert "物业服务监管" not in client.get(reverse("portal:list")).content.decode()
    for name in ("portal:detail", "portal:docx", "portal:pdf", "portal:notice"):
        assert client.get(reverse(name, args=[pk])).status_code == 404
    response = client.post(reverse("portal:detail", args=[pk]), {"action": "reply", "content": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", COURT_USERS)
def test_court_users_get_403(world, letters, client_for, who):
    client = client_for(world.users[who])
    pk = letters["delivered"].pk
    assert client.get(reverse("portal:list")).status_code == 403
    assert client.get(reverse("portal:detail", args=[pk])).status_code == 403
    assert client.get(reverse("portal:docx", args=[pk])).status_code == 403


def test_anonymous_is_sent_to_login(letters, client):
    response = client.get(reverse("portal:detail", args=[letters["delivered"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overdue_badge_after_due_date(world, letters, client_for):
    due = letters["delivered"].reply_due_on
    with time_machine.travel(due + timedelta(days=1), tick=False):
        client = client_for(world.users["recipient"])  # the session would have expired
        html = client.get(reverse("portal:list")).content.decode()
        detail = client.get(reverse("portal:detail", args=[letters["delivered"].pk]))
    assert html.count('data-testid="overdue"') == 1
    assert 'data-testid="overdue"' in detail.content.decode()


def test_menu_entry_only_for_recipients(world):
    def labels(user):
        return [item["label"] for _, items in menu_for(user) for item in items]

    assert "我的来函" in labels(world.users["recipient"])
    assert "我的来函" not in labels(world.users["research"])


def test_archived_letters_stay_visible_but_closed(world, letters, client_for):
    from fengqiao.suggestions.models import Suggestion

    Suggestion.objects.filter(pk=letters["delivered"].pk).update(state=State.ARCHIVED)
    page = client_for(world.users["recipient"]).get(
        reverse("portal:detail", args=[letters["delivered"].pk])
    )
    assert page.status_code == 200
    assert 'data-testid="reply-form"' not in page.content.decode()
