"""The demo register: built through the services, every state present, the audit chain intact."""

from __future__ import annotations

import time

from django.utils import timezone

from fengqiao.audit.services import audit_verify
from fengqiao.demo.cases import load_demo_cases
from fengqiao.demo.courts import load_demo
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.documents.checker import check_docx
from fengqiao.suggestions.letters import letter_docx
from fengqiao.suggestions.models import Clue, Notification, State, Suggestion


def test_demo_register_covers_every_state(db):
    load_demo()
    load_demo_cases()
    started = time.monotonic()
    summary = load_demo_suggestions()
    elapsed = time.monotonic() - started
    print(f"demo suggestions loaded in {elapsed:.1f}s: {summary.line()}")

    states = set(Suggestion.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert {Clue.State.NEW, Clue.State.ACCEPTED, Clue.State.REJECTED, Clue.State.MERGED,
            Clue.State.DECIDED} <= set(Clue.objects.values_list("state", flat=True))  # fmt: skip
    assert 12 <= summary.suggestions <= 16
    assert summary.line().startswith("司法建议演示台账")

    numbered = Suggestion.objects.exclude(doc_number="")
    assert numbered.count() >= 8
    assert not numbered.exclude(format_override_reason="").exists()
    seqs = sorted(numbered.values_list("number_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))  # the withdrawn letter keeps its number
    for suggestion in numbered.filter(state=State.SIGNED):
        assert check_docx(letter_docx(suggestion, doc_number=suggestion.doc_number)).ok

    # dates tell a coherent story and the overdue letter has been flagged
    for s in Suggestion.objects.filter(delivered_on__isnull=False):
        assert s.signed_at.date() <= s.delivered_on
        assert s.reply_due_on and s.reply_due_explanation
    overdue = Suggestion.objects.get(state=State.DELIVERED, reply_due_on__lt=timezone.localdate())
    assert Notification.objects.filter(suggestion=overdue, kind="overdue").exists()
    assert Suggestion.objects.filter(minors_law=True, reply_months=1).exists()
    assert Suggestion.objects.filter(court__code="苏0706").exists()
    assert Suggestion.objects.filter(cases__isnull=False).distinct().count() >= 5
    assert Clue.objects.filter(cases__isnull=False).distinct().exists()
    replied = Suggestion.objects.filter(replies__items__isnull=False).distinct()
    assert replied.count() >= 3
    assert Suggestion.objects.filter(follow_ups__kind="rule").exists()

    checked, breaks = audit_verify()
    assert checked > 100 and breaks == []

    # a second call on a non-empty register does nothing
    again = load_demo_suggestions()
    assert again.suggestions == Suggestion.objects.count() == summary.suggestions
