"""Who sees the library (all court users, released only; never recipients or the public),
anonymisation of the shared text, facets, sorting, paging and 类似建议."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.library import selectors
from fengqiao.library.models import LibraryEntry
from tests.library.conftest import release, shared_letter

NAMED_PROBLEM = "我院审理的原告李秀英与被告王某某民间借贷纠纷案件中，维修资金长期挪用。"


def test_a_persons_name_is_masked_and_agency_names_stay(world, client):
    s = shared_letter(world, problem=NAMED_PROBLEM)
    entry = s.library_entry
    problems = entry.text("problems")
    assert "李秀英" not in problems and "李某" in problems
    assert "李秀英" in entry.sections["problems"]["source"]
    assert any(span["text"] == "李秀英" for span in entry.sections["problems"]["spans"])
    assert world.basic.name in entry.title  # the court (an agency) keeps its name
    # the research office sees the masked span highlighted
    client.force_login(world.users[Role.RESEARCH])
    review = client.get(f"/library/review/{entry.pk}/").content.decode()
    assert ">李秀英</mark>" in review
    release(world, s)
    client.force_login(world.users["judge_other"])
    body = client.get(f"/library/{entry.pk}/").content.decode()
    assert "李某" in body and "李秀英" not in body
    assert "李秀英" not in client.get(f"/api/library/{entry.pk}").content.decode()
    assert client.get("/api/library", {"q": "李秀英"}).json()["count"] == 0


def test_governance_prose_is_shared_as_written(world):
    """Problem headings that begin with 住宅小区 are no residence; 业主委员会, 居民区 no names."""
    prose = "部分小区业主委员会未依法履职，居民区内公共收益长期未公示，当事人权益难以保障。"
    s = shared_letter(world, problem=prose)
    problems = s.library_entry.sections["problems"]
    assert problems["spans"] == []
    assert s.library_entry.text("problems") == problems["source"]
    assert "一、住宅小区物业服务监管中存在的第1个突出问题。" + prose in problems["source"]


def test_a_name_after_a_role_word_is_masked(world):
    s = shared_letter(world, problem="当事人李建国、业主张明华反映物业费纠纷长期得不到解决。")
    problems = s.library_entry.text("problems")
    assert "李建国" not in problems and "张明华" not in problems
    assert "当事人李某、业主张某反映" in problems


def test_the_reviewer_corrects_the_shared_version(world, client):
    missed = "据张建国多次反映，维修资金长期挪用。"  # a name the recognisers miss
    s = shared_letter(world, problem=missed)
    entry = s.library_entry
    assert "张建国" in entry.text("problems")
    research = world.users[Role.RESEARCH]
    client.force_login(research)
    client.post(f"/library/review/{entry.pk}/act/add/", {"text": "张建国"})
    entry.refresh_from_db()
    assert "张建国" not in entry.text("problems") and "据×××多次反映" in entry.text("problems")
    # a span the reviewer keeps as written is shown as written, and back
    from fengqiao.library import services

    spans = entry.sections["problems"]["spans"]
    index = next(i for i, span in enumerate(spans) if span["text"] == "张建国")
    services.entry_set_span(
        actor=research, entry=entry, section="problems", index=index, accepted=False
    )
    entry.refresh_from_db()
    assert "张建国" in entry.text("problems")
    services.entry_set_span(
        actor=research, entry=entry, section="problems", index=index, accepted=True
    )
    release(world, s)
    # the reviewer's addition also covers the reply when it arrives later
    from fengqiao.suggestions.models import Reply
    from tests.suggestions.conftest import advance

    advance(world, s, upto="replied")
    Reply.objects.filter(suggestion=s).update(content="经查，张建国反映的问题属实，已整改。")
    services.entry_refresh(suggestion=s)
    entry.refresh_from_db()
    assert "张建国" not in entry.text("reply") and "经查，×××反映的问题属实" in entry.text("reply")
    client.force_login(world.users["judge_other"])
    assert client.get("/api/library", {"q": "张建国"}).json()["count"] == 0
    codes = list(
        AuditEntry.objects.filter(code__in=["library.add_mask", "library.review_span"]).values_list(
            "code", flat=True
        )
    )
    assert sorted(codes) == ["library.add_mask", "library.review_span", "library.review_span"]


def test_recipients_and_anonymous_users_see_nothing(world, client):
    s = shared_letter(world, problem=NAMED_PROBLEM)
    entry = release(world, s)
    # the recipient is the very unit the letter was sent to: still nothing of the library
    for who in ("recipient", "recipient_other"):
        client.force_login(world.users[who])
        assert client.get("/library/").status_code == 403
        assert client.get(f"/library/{entry.pk}/").status_code == 403
        assert client.get("/library/review/").status_code == 403
        assert client.get("/api/library").status_code == 403
        assert client.get(f"/api/library/{entry.pk}").status_code == 403
        assert selectors.search(world.users[who]).total == 0
        assert not selectors.entries_visible(world.users[who]).exists()
    client.logout()
    response = client.get("/library/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(f"/library/{entry.pk}/").status_code == 302
    assert client.get("/api/library").status_code == 401
    assert client.get(f"/api/library/{entry.pk}").status_code == 401


def test_every_court_user_reads_released_entries_only(world, client):
    released = release(world, shared_letter(world, topic="电梯安全监管"))
    pending = shared_letter(world, topic="校园周边食品安全").library_entry
    for who in ("judge_other", "judge_sibling", "supervisor_high", Role.JUDGE):
        client.force_login(world.users[who])
        assert client.get(f"/library/{released.pk}/").status_code == 200
        assert client.get(f"/library/{pending.pk}/").status_code == 404
        ids = [i["id"] for i in client.get("/api/library").json()["items"]]
        assert ids == [released.pk]
    # the menu offers the library to court staff, not to recipients
    client.force_login(world.users["judge_other"])
    assert 'href="/library/"' in client.get("/").content.decode()


def _three_letters(world) -> list[LibraryEntry]:
    a = shared_letter(world, topic="电梯安全监管", domain="房地产", upto="replied")
    b = shared_letter(world, topic="物业维修资金监管", domain="房地产")
    c = shared_letter(world, topic="民间借贷风险防范", domain="金融")
    entries = [release(world, s) for s in (a, b, c)]
    from fengqiao.library.services import entries_mark_excellent

    assert entries_mark_excellent(actor=None, suggestion_ids=[c.pk], note="第一届评选") == 1
    assert AuditEntry.objects.filter(code="library.excellent").count() == 1
    return [LibraryEntry.objects.get(pk=e.pk) for e in entries]


def test_facets_count_the_results(world, client):
    a, b, _c = _three_letters(world)
    user = world.users["judge_other"]
    page = selectors.search(user)
    assert page.total == 3
    facets = {name: {key: n for key, _label, n in rows} for name, rows in page.facets.items()}
    assert facets["domain"] == {"房地产": 2, "金融": 1}
    assert facets["outcome"] == {"adopted": 1, "pending": 2}
    assert facets["excellent"] == {"1": 1, "0": 2}
    assert facets["court"] == {str(world.basic.pk): 3}
    assert facets["province"] == {"江苏省": 3}
    assert facets["recipient_kind"] == {"government": 3}
    assert sum(facets["year"].values()) == 3
    court_row = page.facets["court"][0]
    assert court_row[1] == world.basic.name  # labelled with the court's name
    filtered = selectors.search(user, filters={"domain": ["房地产"]})
    assert filtered.total == 2
    assert {e.pk for e in filtered.entries} == {a.pk, b.pk}
    f2 = {k: n for k, _l, n in filtered.facets["outcome"]}
    assert f2 == {"adopted": 1, "pending": 1}
    assert selectors.search(user, filters={"excellent": ["1"]}).total == 1
    # the page: the query count does not grow with the results
    client.force_login(user)
    client.get("/library/")
    with CaptureQueriesContext(connection) as one:
        body = client.get("/library/", {"domain": "金融"}).content.decode()
    assert "民间借贷" in body and "电梯安全监管" not in body
    with CaptureQueriesContext(connection) as three:
        body = client.get("/library/").content.decode()
    assert "电梯安全监管" in body and "民间借贷" in body
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]


def test_sort_by_date_and_paging(world):
    entries = _three_letters(world)
    for n, entry in enumerate(entries):
        LibraryEntry.objects.filter(pk=entry.pk).update(
            issued_on=entry.issued_on.replace(day=1 + n)
        )
    from fengqiao.library.services import sync_index

    sync_index(list(LibraryEntry.objects.all()))
    user = world.users["judge_other"]
    first = selectors.search(user, sort="date", limit=2)
    assert [e.pk for e in first.entries] == [entries[2].pk, entries[1].pk]
    assert first.has_next and not first.has_previous
    second = selectors.search(user, sort="date", offset=2, limit=2)
    assert [e.pk for e in second.entries] == [entries[0].pk] and not second.has_next


def test_similar_suggestions_share_domain_and_problem_terms(world, client):
    a, b, _c = _three_letters(world)
    user = world.users["judge_other"]
    similar = selectors.similar(user, a)
    assert [e.pk for e in similar] == [b.pk]  # same domain; 金融 excluded; never itself
    client.force_login(user)
    body = client.get(f"/library/{a.pk}/").content.decode()
    assert f'href="/library/{b.pk}/"' in body
    assert client.get(f"/api/library/{a.pk}").json()["similar"] == [b.pk]


def test_bad_parameters_do_not_break_the_search(world, client):
    release(world, shared_letter(world))
    client.force_login(world.users["judge_other"])
    assert client.get("/library/", {"year": "abc", "offset": "-5", "court": "x"}).status_code == 200
    assert client.get("/api/library", {"year": "abc", "adopted": "maybe"}).json()["count"] == 1
    assert client.get("/api/library", {"q": "，。！"}).status_code == 200
    assert client.get("/api/library", {"offset": "x"}).status_code == 422
