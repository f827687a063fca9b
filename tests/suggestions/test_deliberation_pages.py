"""Deliberation pages: the clue page puts an accepted clue on an agenda and shows the triage
decision with its reason; the meeting page labels the decision controls, prefills the recipient
from the clue and links the draft a decision created."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.models import AgendaItem, Meeting


def _clue(world, *, accept_reason: str = "多发高发，确有必要"):
    clue = services.clue_create(
        actor=world.users[Role.JUDGE],
        title="预付式消费监管",
        problem="预付卡经营者跑路纠纷多发。",
        recipient=world.unit,
    )
    services.clue_triage(
        actor=world.users[Role.RESEARCH], clue=clue, decision="accept", reason=accept_reason
    )
    return clue


def _meeting(world):
    return services.meeting_create(
        actor=world.users[Role.RESEARCH],
        kind=Meeting.Kind.COMMITTEE,
        held_on=timezone.localdate(),
        session_no="第5次",
    )


def test_clue_page_shows_the_triage_reason_and_puts_it_on_an_agenda(world, client):
    clue, meeting = _clue(world), _meeting(world)
    client.force_login(world.users[Role.RESEARCH])
    url = reverse("suggestions:clue_detail", args=[clue.pk])
    page = client.get(url).content.decode()
    assert "采纳，列入议题：多发高发，确有必要" in page
    assert 'data-testid="clue-agenda-form"' in page
    response = client.post(
        reverse("suggestions:clue_agenda", args=[clue.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.filter(meeting=meeting, clue=clue).count() == 1
    # on an undecided agenda item: no second “列入议程”
    assert 'data-testid="clue-agenda-form"' not in client.get(url).content.decode()
    client.post(reverse("suggestions:clue_agenda", args=[clue.pk]), {"meeting": meeting.pk})
    assert AgendaItem.objects.filter(clue=clue).count() == 1


def test_judge_cannot_put_a_clue_on_an_agenda(world, client):
    clue, meeting = _clue(world), _meeting(world)
    client.force_login(world.users[Role.JUDGE])
    assert (
        'data-testid="clue-agenda-form"'
        not in client.get(reverse("suggestions:clue_detail", args=[clue.pk])).content.decode()
    )
    response = client.post(
        reverse("suggestions:clue_agenda", args=[clue.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(clue=clue).exists()


def test_meeting_page_labels_prefills_and_links_the_draft(world, client):
    clue, meeting = _clue(world), _meeting(world)
    item = services.agenda_add(actor=world.users[Role.RESEARCH], meeting=meeting, clue=clue)
    client.force_login(world.users[Role.RESEARCH])
    url = reverse("suggestions:meeting_detail", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert f'<label class="form-label small mb-0" for="id_item{item.pk}_decision">会议决定' in page
    assert f'<option value="{world.unit.pk}" selected>' in page  # recipient from the clue
    client.post(
        url,
        {"item": item.pk, "decision": "send", "category": "governance", "recipient": world.unit.pk},
    )
    suggestion = clue.suggestions.get()
    page = client.get(url).content.decode()
    assert reverse("suggestions:detail", args=[suggestion.pk]) in page
    assert 'data-testid="created-draft"' in page
