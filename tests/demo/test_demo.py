"""The demo register: built through the services, every state present, the audit chain intact."""

from __future__ import annotations

import time

from django.utils import timezone

from fengqiao.audit.services import audit_verify
from fengqiao.courts.models import User
from fengqiao.demo.cases import load_demo_cases
from fengqiao.demo.courts import load_demo
from fengqiao.demo.library import load_demo_library
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.documents.checker import check_docx
from fengqiao.library.models import LibraryEntry
from fengqiao.suggestions.letters import letter_docx
from fengqiao.suggestions.models import Clue, Notification, State, Suggestion


def test_demo_register_covers_every_state(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path  # the library index of this test
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

    # a second call on a non-empty register does nothing
    again = load_demo_suggestions()
    assert again.suggestions == Suggestion.objects.count() == summary.suggestions

    # the library: shared letters of three courts; a user of one court finds another's by a
    # word of its problem text (page and API); a recipient sees nothing of it
    load_demo_library()
    released = LibraryEntry.objects.filter(status=LibraryEntry.Status.RELEASED)
    assert released.values("court").distinct().count() >= 3
    assert LibraryEntry.objects.filter(status=LibraryEntry.Status.PENDING).exists()
    client.force_login(User.objects.get(username="xuanwu"))
    page = client.get("/library/", {"q": "火灾隐患"}).content.decode()
    assert "老旧小区电动自行车充电设施管理" in page
    found = client.get("/api/library", {"q": "火灾隐患"}).json()
    assert [i["court_name"] for i in found["items"]] == ["连云港市海州区人民法院"]
    client.force_login(User.objects.get(username="zhujianju"))
    assert client.get("/library/", {"q": "火灾隐患"}).status_code in (403, 404)
    assert client.get("/api/library", {"q": "火灾隐患"}).status_code in (403, 404)

    checked, breaks = audit_verify()
    assert checked > 100 and breaks == []
