"""What enters the library, when, in which version; release and withdrawal, with audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from fengqiao.audit.models import AuditEntry
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.library import selectors, services
from fengqiao.library.index import library_index
from fengqiao.library.models import LibraryEntry, Outcome
from fengqiao.suggestions.models import Suggestion
from tests.conftest import PASSWORD
from tests.library.conftest import release, shared_letter
from tests.suggestions.conftest import advance, make

WORD_PROBLEM = "部分小区电梯维保单位长期未履行年度检验义务，业主多次投诉无果。"


def test_drafts_and_unsent_letters_never_enter(world):
    for upto in ("drafting", "in_review", "signed", "pre_communication"):
        s = make(world, upto=upto)
        with pytest.raises(ValidationError):
            services.entry_submit(actor=world.users[Role.RESEARCH], suggestion=s)
    assert not LibraryEntry.objects.exists()
    assert selectors.search(world.users["judge_other"]).total == 0


def test_delivery_creates_a_pending_entry_by_default(world):
    s = shared_letter(world, problem=WORD_PROBLEM)
    entry = LibraryEntry.objects.get(suggestion=s)
    assert entry.status == LibraryEntry.Status.PENDING
    assert entry.court_id == world.basic.pk and entry.doc_number == s.doc_number
    assert entry.domain == "房地产" and entry.recipient_kind == world.unit.kind
    assert entry.province == "江苏省"
    assert entry.year == s.number_year and entry.issued_on == s.delivered_on
    assert entry.excellent is False
    # the shared version holds the issued letter only: no review comments, no draft history
    assert set(entry.sections) == {"title", "background", "problems", "suggestions", "reply"}
    assert "电梯维保" in entry.text("problems")
    assert "同意" not in str(entry.sections)  # the review steps' comments
    # pending: nobody finds it yet, not even its own court through search
    assert selectors.search(world.users["judge_other"], q="电梯").total == 0
    assert AuditEntry.objects.filter(code="library.submit", object_id=str(entry.pk)).exists()


def test_no_entry_when_the_court_setting_is_off(world):
    services.settings_update(
        actor=world.users[Role.RESEARCH], court_id=world.basic.pk, share_on_delivery=False
    )
    s = shared_letter(world)
    assert not LibraryEntry.objects.filter(suggestion=s).exists()
    assert AuditEntry.objects.filter(code="library.settings").exists()
    # the research office can still share it by hand
    entry = services.entry_submit(actor=world.users[Role.RESEARCH], suggestion=s)
    assert entry.status == LibraryEntry.Status.PENDING


def test_release_makes_it_findable_by_another_court_page_and_api(world, client):
    s = shared_letter(world, problem=WORD_PROBLEM)
    entry = release(world, s)
    assert entry.status == LibraryEntry.Status.RELEASED
    assert entry.reviewed_by == world.users[Role.RESEARCH] and entry.reviewed_at
    other = world.users["judge_other"]  # another branch of the tree, not a superior
    client.force_login(other)
    page = client.get("/library/", {"q": "电梯"})
    assert page.status_code == 200
    assert entry.title in page.content.decode()
    assert client.get(f"/library/{entry.pk}/").status_code == 200
    data = client.get("/api/library", {"q": "电梯"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["id"] == entry.pk and item["court_name"] == world.basic.name
    assert item["doc_number"] == s.doc_number and item["title"] == entry.title
    assert item["domain"] == "房地产" and item["recipient_kind"] == world.unit.kind
    assert item["outcome"] == Outcome.PENDING and item["excellent"] is False
    detail = client.get(f"/api/library/{entry.pk}").json()
    assert "电梯维保" in detail["problems"]
    # the API's filters
    assert client.get("/api/library", {"q": "电梯", "domain": "金融"}).json()["count"] == 0
    assert client.get("/api/library", {"court": world.basic.pk}).json()["count"] == 1
    assert client.get("/api/library", {"year": s.number_year}).json()["count"] == 1
    assert client.get("/api/library", {"adopted": "adopted"}).json()["count"] == 0
    assert client.get("/api/library", {"adopted": "pending"}).json()["count"] == 1


def test_withdrawal_removes_it_and_is_audited(world, client):
    s = shared_letter(world, problem=WORD_PROBLEM)
    entry = release(world, s)
    research = world.users[Role.RESEARCH]
    with pytest.raises(ValidationError):
        services.entry_withdraw(actor=research, entry=entry, reason="  ")
    services.entry_withdraw(actor=research, entry=entry, reason="回复内容涉及未公开信息")
    entry.refresh_from_db()
    assert entry.status == LibraryEntry.Status.WITHDRAWN
    assert entry.withdrawn_by == research and entry.withdraw_reason == "回复内容涉及未公开信息"
    assert selectors.search(world.users["judge_other"], q="电梯").total == 0
    assert library_index().count() == 0
    client.force_login(world.users["judge_other"])
    assert client.get(f"/library/{entry.pk}/").status_code == 404
    assert client.get(f"/api/library/{entry.pk}").status_code == 404
    assert client.get("/api/library", {"q": "电梯"}).json()["count"] == 0
    codes = set(
        AuditEntry.objects.filter(object_id=str(entry.pk), code__startswith="library.").values_list(
            "code", flat=True
        )
    )
    assert codes == {"library.submit", "library.release", "library.withdraw"}
    withdraw = AuditEntry.objects.get(code="library.withdraw")
    assert withdraw.after["reason"] == "回复内容涉及未公开信息"
    # it can be released again after a new review
    release(world, s)
    assert selectors.search(world.users["judge_other"], q="电梯").total == 1


def test_reviewer_must_be_the_issuing_courts_research_office(world, client):
    s = shared_letter(world)
    entry = s.library_entry
    with pytest.raises(PermissionDenied):
        services.entry_release(actor=world.users[Role.JUDGE], entry=entry)
    sibling_research = court_services.user_create(
        username="u_research_sib",
        password=PASSWORD,
        full_name="海州研究室",
        court=world.basic_sibling,
        roles=[Role.RESEARCH],
    )
    with pytest.raises(PermissionDenied):
        services.entry_release(actor=sibling_research, entry=entry)
    with pytest.raises(PermissionDenied):
        services.entry_withdraw(actor=sibling_research, entry=entry, reason="x")
    client.force_login(sibling_research)
    assert client.get(f"/library/review/{entry.pk}/").status_code == 404
    assert client.post(f"/library/review/{entry.pk}/act/release/").status_code == 404
    client.force_login(world.users[Role.JUDGE])
    assert client.get(f"/library/review/{entry.pk}/").status_code == 403
    entry.refresh_from_db()
    assert entry.status == LibraryEntry.Status.PENDING


def test_release_through_the_review_page(world, client):
    s = shared_letter(world, problem=WORD_PROBLEM)
    entry = s.library_entry
    client.force_login(world.users[Role.RESEARCH])
    assert client.get("/library/review/").status_code == 200
    page = client.get(f"/library/review/{entry.pk}/")
    assert page.status_code == 200 and "确认并发布" in page.content.decode()
    response = client.post(f"/library/review/{entry.pk}/act/release/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == LibraryEntry.Status.RELEASED
    response = client.post(f"/library/review/{entry.pk}/act/withdraw/", {"reason": "重复"})
    entry.refresh_from_db()
    assert entry.status == LibraryEntry.Status.WITHDRAWN


def test_reply_and_follow_up_travel_with_the_entry(world):
    s = shared_letter(world, problem=WORD_PROBLEM)
    entry = release(world, s)
    assert entry.outcome == Outcome.PENDING
    advance(world, s, upto="follow_up")
    entry.refresh_from_db()
    assert entry.outcome == Outcome.ADOPTED and entry.replied_on is not None
    assert entry.follow_up_kinds == ["建章立制"]
    assert entry.rule_names == ["住宅小区物业服务监督管理办法"]
    assert "采纳落实情况" in entry.text("reply")
    other = world.users["judge_other"]
    found = selectors.search(other, q="采纳落实", filters={"outcome": ["adopted"]})
    assert [e.pk for e in found.entries] == [entry.pk]


def test_reindex_command_rebuilds_from_the_database(world):
    s = shared_letter(world, problem=WORD_PROBLEM)
    release(world, s)
    shared_letter(world, topic="校园周边食品安全")  # pending: not indexed
    library_index().clear()
    assert selectors.search(world.users["judge_other"], q="电梯").total == 0
    call_command("library", "reindex")
    assert library_index().count() == 1
    assert selectors.search(world.users["judge_other"], q="电梯").total == 1


def test_drafting_page_links_to_the_library_filtered(world, client):
    s = make(world, upto="drafting")
    Suggestion.objects.filter(pk=s.pk).update(domain="房地产")
    client.force_login(s.drafter)
    body = client.get(f"/suggestions/{s.pk}/edit/").content.decode()
    assert "参考案例库" in body
    assert "/library/?domain=%E6%88%BF%E5%9C%B0%E4%BA%A7&amp;recipient_kind=government" in body
