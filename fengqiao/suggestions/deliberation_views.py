"""Deliberation helpers for the clue and meeting pages: put an accepted clue on a meeting's
agenda from the clue page, show the triage decision and its reason afterwards, and give each
agenda item a decision form prefilled from its clue. Thin: the writes are the services'."""

from __future__ import annotations

from datetime import timedelta

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.decorators import permission_required
from fengqiao.courts.permissions import has_permission
from fengqiao.suggestions import selectors, services
from fengqiao.suggestions.forms import DecideForm, StyledForm
from fengqiao.suggestions.models import AgendaItem, Clue, Meeting

TRIAGE_LABELS = {"accept": "采纳，列入议题", "reject": "不予采纳", "merge": "与其他线索合并"}


def may_put_on_agenda(user, clue: Clue) -> bool:
    """agenda.add from the clue page — who may manage meetings, on an accepted clue of the
    court that is not on an undecided agenda item already."""
    return (
        has_permission(user, "meeting.manage")
        and user.court_id == clue.court_id
        and clue.state == Clue.State.ACCEPTED
        and not clue.agenda_items.filter(decision=AgendaItem.Decision.PENDING).exists()
    )


class PutOnAgendaForm(StyledForm):
    meeting = django_forms.ModelChoiceField(label="列入会议", queryset=None)

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


def _open_meetings(user):
    """The court's meetings of the last year (and any planned), latest first."""
    since = timezone.localdate() - timedelta(days=366)
    return selectors.meetings_visible(user).filter(held_on__gte=since).order_by("-held_on", "-id")


def triage_record(clue: Clue) -> dict | None:
    """The latest triage decision of the clue: what, why, by whom and when."""
    entry = (
        AuditEntry.objects.filter(object_type="suggestions.clue", object_id=str(clue.pk))
        .filter(action="研判线索")
        .order_by("-id")
        .first()
    )
    if entry is None:
        return None
    after = entry.after or {}
    decision = after.get("decision", "")
    return {
        "decision": TRIAGE_LABELS.get(decision, decision),
        "reason": after.get("reason") or clue.reject_reason,
        "actor": entry.actor_label,
        "at": entry.created_at,
    }


def clue_context(user, clue: Clue) -> dict:
    can_add = may_put_on_agenda(user, clue)
    return {
        "triage": triage_record(clue),
        "can_put_on_agenda": can_add,
        "agenda_form": PutOnAgendaForm(meetings=_open_meetings(user)) if can_add else None,
    }


def decide_forms(items, units) -> list[tuple[AgendaItem, DecideForm | None]]:
    """One decision form per undecided item, its recipient and domain prefilled from the clue,
    with ids of its own so every label points at its control."""
    rows = []
    for item in items:
        form = None
        if item.decision == AgendaItem.Decision.PENDING:
            initial = {}
            if item.clue is not None and item.clue.recipient_id:
                initial["recipient"] = item.clue.recipient_id
            form = DecideForm(units=units, initial=initial, auto_id=f"id_item{item.pk}_%s")
        rows.append((item, form))
    return rows


@require_POST
@permission_required("meeting.manage")
def put_on_agenda(request, pk: int):
    clue = get_object_or_404(selectors.clues_visible(request.user), pk=pk)
    form = PutOnAgendaForm(request.POST, meetings=_open_meetings(request.user))
    if not form.is_valid():
        messages.error(request, "请选择要列入的会议。")
        return redirect("suggestions:clue_detail", pk=pk)
    meeting: Meeting = form.cleaned_data["meeting"]
    if not may_put_on_agenda(request.user, clue):
        messages.error(request, "该线索已在待议议程中，或尚未采纳，不能重复列入。")
        return redirect("suggestions:clue_detail", pk=pk)
    try:
        services.agenda_add(actor=request.user, meeting=meeting, clue=clue)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("suggestions:clue_detail", pk=pk)
    messages.success(request, f"已列入{meeting}的议程。")
    return redirect("suggestions:meeting_detail", pk=meeting.pk)
