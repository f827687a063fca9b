"""Associations and relays: the record, the signed link, the acknowledgement, who may see what."""

from __future__ import annotations

import io
import time
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from docx import Document

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.library import services as library_services
from fengqiao.library.models import LibraryEntry
from fengqiao.outreach import links, selectors, services
from fengqiao.outreach.models import Relay
from fengqiao.outreach.sectors import DOMAIN_SECTORS, Sector, sectors_for
from fengqiao.textlaw.domains import DOMAINS
from tests.outreach.conftest import PERSON, PLANTED, planted_letter, research_user
from tests.suggestions.conftest import advance

COVER = "现将我院司法建议转送贵会，请提示会员单位参阅。"
HIDDEN = "张明华"  # missed by the recognisers, masked by the reviewer in the library


def released_entry(world) -> LibraryEntry:
    s = planted_letter(world, problem=PLANTED + f"另有业主{HIDDEN}多次投诉无果。")
    s = advance(world, s, upto="delivered")
    entry = LibraryEntry.objects.get(suggestion=s)
    research = world.users[Role.RESEARCH]
    library_services.entry_add_mask(actor=research, entry=entry, text=HIDDEN)
    return library_services.entry_release(actor=research, entry=entry)


def association(world, name="连云港市物业管理协会", sectors=(Sector.REAL_ESTATE,), actor=None):
    return services.association_save(
        actor=actor or world.users[Role.RESEARCH],
        name=name,
        sectors=list(sectors),
        contact_name="陈丽",
        contact_email="wy@example.org",
    )


def relay(world, entry=None, assoc=None) -> Relay:
    entry = entry or released_entry(world)
    assoc = assoc or association(world)
    (made,) = services.relay_send(
        actor=world.users[Role.RESEARCH], entry=entry, associations=[assoc], cover_note=COVER
    )
    return made


def test_the_sector_mapping_covers_every_domain():
    assert set(DOMAIN_SECTORS) == set(DOMAINS)
    assert sectors_for("房地产", "government") == [Sector.REAL_ESTATE]
    assert sectors_for("其他", "company") == [Sector.BUSINESS]
    assert sectors_for("行政", "government") == []


def test_association_is_kept_by_the_research_office(world):
    a = association(world)
    assert a.court == world.basic and a.sectors == [Sector.REAL_ESTATE]
    assert AuditEntry.objects.filter(code="outreach.association_save").count() == 1
    with pytest.raises(ValidationError, match="同名"):
        association(world)
    with pytest.raises(ValidationError, match="会员行业"):
        association(world, name="另一个协会", sectors=())
    with pytest.raises(PermissionDenied):
        association(world, name="法官登记的协会", actor=world.users[Role.JUDGE])


def test_relay_record(world):
    entry = released_entry(world)
    assoc = association(world)
    r = relay(world, entry, assoc)
    r.refresh_from_db()
    assert r.entry == entry and r.suggestion_id == entry.suggestion_id
    assert r.association == assoc and r.court == world.basic
    assert r.cover_note == COVER and r.sent_by == world.users[Role.RESEARCH] and r.sent_at
    assert r.token and links.read_relay_token(r.token) == r.pk
    assert r.acknowledged_at is None and r.acknowledged_by_name == ""
    assert AuditEntry.objects.filter(code="outreach.relay", object_id=str(r.pk)).exists()
    # sent once per association
    with pytest.raises(ValidationError, match="都已转送过"):
        services.relay_send(
            actor=world.users[Role.RESEARCH], entry=entry, associations=[assoc], cover_note=COVER
        )


def test_only_released_entries_and_associations_of_the_sector(world):
    entry = released_entry(world)
    unrelated = association(world, name="连云港市金融业协会", sectors=(Sector.FINANCE,))
    research = world.users[Role.RESEARCH]
    with pytest.raises(ValidationError, match="会员行业与该司法建议无关"):
        services.relay_send(actor=research, entry=entry, associations=[unrelated], cover_note=COVER)
    assert list(selectors.associations_for_entry(research, entry)) == []
    related = association(world)
    assert list(selectors.associations_for_entry(research, entry)) == [related]
    with pytest.raises(ValidationError, match="说明"):
        services.relay_send(actor=research, entry=entry, associations=[related], cover_note=" ")
    library_services.entry_withdraw(actor=research, entry=entry, reason="需重新审核")
    entry.refresh_from_db()
    with pytest.raises(ValidationError, match="已审核发布"):
        services.relay_send(actor=research, entry=entry, associations=[related], cover_note=COVER)
    # another court's research office can neither relay this entry nor use this association
    other = research_user(world, world.basic_other, "other_research")
    with pytest.raises(PermissionDenied):
        services.relay_send(actor=other, entry=entry, associations=[related], cover_note=COVER)


def test_signed_link_shows_the_digest_without_login(world):
    r = relay(world)
    page = Client().get(f"/outreach/r/{r.token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert COVER in html and "确认收悉" in html
    assert r.entry.text("problems") in html  # the shared version, as released
    # the digest never holds the unshared original text
    assert PERSON not in html and HIDDEN not in html
    assert r.entry.suggestion.doc_number not in html
    assert world.unit.name not in html and "周静" not in html
    docx = Client().get(f"/outreach/r/{r.token}/docx/")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert COVER in text and "被害人王某" in text
    assert PERSON not in text and HIDDEN not in text


def test_expired_and_tampered_links(world, settings):
    r = relay(world)
    tampered = r.token[:-2] + ("AA" if not r.token.endswith("AA") else "BB")
    page = Client().get(f"/outreach/r/{tampered}/")
    assert page.status_code == 403 and "无效" in page.content.decode()
    assert Client().get(f"/outreach/r/{tampered}/docx/").status_code == 403
    # a portal letter link (other salt) does not open a relay
    from django.core import signing

    portal = signing.TimestampSigner(salt="fengqiao.portal.letter").sign_object(
        {"r": r.pk, "a": r.association_id}
    )
    assert Client().get(f"/outreach/r/{portal}/").status_code == 403
    # a token signed 91 days ago has expired
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 91 * 86400):
        old = links.relay_token(r)
    Relay.objects.filter(pk=r.pk).update(token=old)
    expired = Client().get(f"/outreach/r/{old}/")
    assert expired.status_code == 403 and "有效期" in expired.content.decode()
    settings.FENGQIAO_RELAY_LINK_DAYS = 120
    assert Client().get(f"/outreach/r/{old}/").status_code == 200
    # a valid signature no longer stored on the relay (re-issued) does not open it
    Relay.objects.filter(pk=r.pk).update(token=links.relay_token(r) + "x")
    assert Client().get(f"/outreach/r/{old}/").status_code == 403


def test_withdrawn_entry_closes_the_link(world):
    r = relay(world)
    library_services.entry_withdraw(actor=world.users[Role.RESEARCH], entry=r.entry, reason="撤下")
    page = Client().get(f"/outreach/r/{r.token}/")
    assert page.status_code == 403 and "撤回" in page.content.decode()


def test_acknowledge_once_with_csrf(world):
    r = relay(world)
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/outreach/r/{r.token}/ack/", {"name": "陈丽"}).status_code == 403
    client.get(f"/outreach/r/{r.token}/")
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        f"/outreach/r/{r.token}/ack/", {"name": "陈丽", "csrfmiddlewaretoken": csrf}, follow=True
    )
    assert response.status_code == 200 and "已确认收悉" in response.content.decode()
    r.refresh_from_db()
    assert r.acknowledged_by_name == "陈丽" and r.acknowledged_at
    first = r.acknowledged_at
    again = client.post(
        f"/outreach/r/{r.token}/ack/", {"name": "别人", "csrfmiddlewaretoken": csrf}, follow=True
    )
    assert "无需重复确认" in again.content.decode()
    r.refresh_from_db()
    assert r.acknowledged_by_name == "陈丽" and r.acknowledged_at == first
    assert AuditEntry.objects.filter(code="outreach.relay_ack").count() == 1
    # GET on the acknowledge URL is refused; an empty name gets a Chinese message
    assert client.get(f"/outreach/r/{r.token}/ack/").status_code == 405


def test_empty_name_is_refused(world):
    r = relay(world)
    page = Client().post(f"/outreach/r/{r.token}/ack/", {"name": ""})
    assert page.status_code == 200 and "这个字段是必填项" in page.content.decode()
    r.refresh_from_db()
    assert r.acknowledged_at is None


def test_pages_for_the_research_office(world, client_for, django_assert_max_num_queries):
    entry = released_entry(world)
    client = client_for(world.users[Role.RESEARCH])
    response = client.post(
        "/outreach/associations/",
        {"name": "连云港市物业管理协会", "sectors": [Sector.REAL_ESTATE], "active": "on"},
    )
    assert response.status_code == 302
    assoc = selectors.associations_for(world.users[Role.RESEARCH]).get()
    assert "连云港市物业管理协会" in client.get("/outreach/associations/").content.decode()
    form = client.get(f"/outreach/relays/new/{entry.pk}/").content.decode()
    assert "连云港市物业管理协会" in form
    response = client.post(
        f"/outreach/relays/new/{entry.pk}/", {"associations": [assoc.pk], "cover_note": COVER}
    )
    assert response.status_code == 302
    r = Relay.objects.get()
    with django_assert_max_num_queries(12):
        listing = client.get("/outreach/relays/").content.decode()
    assert "连云港市物业管理协会" in listing and "未确认" in listing
    detail = client.get(f"/outreach/relays/{r.pk}/").content.decode()
    assert r.token in detail
    assert "对外协同" in client.get("/outreach/").content.decode()
    # bad input: Chinese message, no 500
    bad = client.post(f"/outreach/relays/new/{entry.pk}/", {"cover_note": COVER})
    assert bad.status_code == 200 and "请至少选择一个行业协会" in bad.content.decode()


def test_outsiders_get_403_or_404(world, client_for):
    r = relay(world)
    urls = [
        "/outreach/associations/",
        f"/outreach/associations/{r.association_id}/",
        "/outreach/relays/",
        f"/outreach/relays/new/{r.entry_id}/",
        f"/outreach/relays/{r.pk}/",
    ]
    for user in (world.users[Role.JUDGE], world.users["recipient"], world.users["supervisor_mid"]):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
    other = research_user(world, world.basic_other, "other_research")
    client = client_for(other)
    assert client.get("/outreach/relays/").status_code == 200
    for url in urls[1:]:
        if url != "/outreach/relays/":
            assert client.get(url).status_code == 404, url
    assert r.entry.title not in client.get("/outreach/relays/").content.decode()
    # a recipient user is not an association: the link is not for them
    client = client_for(world.users["recipient"])
    assert client.get(f"/outreach/r/{r.token}/").status_code == 403


def test_api_lists_relays_and_exports(world, client_for):
    r = relay(world)
    services.research_export_create(
        actor=world.users[Role.RESEARCH],
        court=world.basic,
        subtree=False,
        date_from=r.entry.issued_on,
        date_to=r.entry.issued_on,
        recipient_institution="某某大学",
        agreement_number="DSA-9",
    )
    client = client_for(world.users[Role.RESEARCH])
    relays = client.get("/api/outreach/relays").json()
    assert [x["id"] for x in relays] == [r.pk]
    assert relays[0]["association"] == r.association.name
    assert relays[0]["acknowledged_at"] is None
    exports = client.get("/api/outreach/exports").json()
    assert exports[0]["agreement_number"] == "DSA-9" and exports[0]["letters"] == 1
    assert len(exports[0]["files"]) == 8
    for user in (world.users[Role.JUDGE], world.users["recipient"]):
        client = client_for(user)
        assert client.get("/api/outreach/relays").status_code == 403
        assert client.get("/api/outreach/exports").status_code == 403
    client = client_for(research_user(world, world.basic_other, "other_research"))
    assert client.get("/api/outreach/relays").json() == []
    assert client.get("/api/outreach/exports").json() == []


def test_edit_and_deactivate_an_association(world, client_for):
    entry = released_entry(world)
    a = association(world)
    client = client_for(world.users[Role.RESEARCH])
    page = client.get(f"/outreach/associations/{a.pk}/")
    assert page.status_code == 200 and a.name in page.content.decode()
    response = client.post(
        f"/outreach/associations/{a.pk}/",
        {"name": a.name, "sectors": [Sector.REAL_ESTATE, Sector.BUSINESS], "contact_name": "陈丽"},
    )  # "active" unchecked: no longer in use
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.sectors == [Sector.REAL_ESTATE, Sector.BUSINESS] and a.active is False
    assert list(selectors.associations_for_entry(world.users[Role.RESEARCH], entry)) == []
    with pytest.raises(ValidationError, match="不是本院在用的行业协会"):
        services.relay_send(
            actor=world.users[Role.RESEARCH], entry=entry, associations=[a], cover_note=COVER
        )
    # bad input on the page: a Chinese message, nothing saved
    bad = client.post(f"/outreach/associations/{a.pk}/", {"name": "", "sectors": []})
    assert bad.status_code == 200 and "这个字段是必填项" in bad.content.decode()
    assert AuditEntry.objects.filter(code="outreach.association_save").count() == 2
