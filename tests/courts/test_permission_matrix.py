"""Which role may open which page and API call, and which objects each one sees.

Every view has an outsider test: a user of another court (or a recipient) gets 403/404.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from fengqiao.courts.models import Role
from fengqiao.courts.services import api_token_create

STAFF = [*[r for r in Role.values if r != Role.SUPERVISOR], "supervisor_mid", "supervisor_high"]
RECIPIENT_MANAGERS = {Role.RESEARCH, Role.ADMIN}
AUDIT_VIEWERS = {Role.RESEARCH, Role.ADMIN, "supervisor_mid", "supervisor_high"}


def _get(client_for, world, who: str, url: str) -> int:
    return client_for(world.users[who]).get(url).status_code


@pytest.mark.parametrize("who", STAFF)
def test_dashboard_open_to_every_court_user(world, client_for, who):
    response = client_for(world.users[who]).get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_recipient_home_is_the_portal(world, client_for):
    response = client_for(world.users["recipient"]).get(reverse("dashboard:home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:list")


def test_anonymous_is_sent_to_login(client, world):
    for name in ["dashboard:home", "courts:court_list", "courts:recipient_list", "audit:list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", STAFF)
def test_staff_pages(world, client_for, who):
    expected = {
        "courts:court_list": 200,
        "courts:recipient_list": 200,
        "courts:recipient_create": 200 if who in RECIPIENT_MANAGERS else 403,
        "audit:list": 200 if who in AUDIT_VIEWERS else 403,
    }
    for name, status in expected.items():
        assert _get(client_for, world, who, reverse(name)) == status, (who, name)


@pytest.mark.parametrize(
    "name", ["courts:court_list", "courts:recipient_list", "courts:recipient_create", "audit:list"]
)
def test_recipient_users_see_no_court_pages(world, client_for, name):
    assert _get(client_for, world, "recipient", reverse(name)) == 403


def test_judge_sees_only_own_court(world, client_for):
    client = client_for(world.users[Role.JUDGE])
    page = client.get(reverse("courts:court_list")).content.decode()
    assert reverse("courts:court_detail", args=[world.basic.pk]) in page
    for court in [world.basic_sibling, world.mid, world.high]:
        assert reverse("courts:court_detail", args=[court.pk]) not in page
    assert client.get(reverse("courts:court_detail", args=[world.basic.pk])).status_code == 200
    for court in [world.basic_sibling, world.mid, world.high, world.basic_other]:
        url = reverse("courts:court_detail", args=[court.pk])
        assert client.get(url).status_code == 404


def test_supervisor_sees_subtree_only(world, client_for):
    client = client_for(world.users["supervisor_mid"])
    for court in [world.mid, world.basic, world.basic_sibling]:
        assert client.get(reverse("courts:court_detail", args=[court.pk])).status_code == 200
    for court in [world.high, world.mid_other, world.basic_other]:
        assert client.get(reverse("courts:court_detail", args=[court.pk])).status_code == 404
    high = client_for(world.users["supervisor_high"])
    assert high.get(reverse("courts:court_detail", args=[world.basic_other.pk])).status_code == 200


def test_recipient_detail_outsider_gets_404(world, client_for):
    url = reverse("courts:recipient_detail", args=[world.unit.pk])
    assert _get(client_for, world, Role.JUDGE, url) == 200
    assert _get(client_for, world, "judge_sibling", url) == 404
    assert _get(client_for, world, "judge_other", url) == 404
    assert _get(client_for, world, "supervisor_mid", url) == 200
    listing = client_for(world.users[Role.JUDGE]).get(reverse("courts:recipient_list"))
    assert world.unit.name in listing.content.decode()
    assert world.unit_other.name not in listing.content.decode()


def test_research_clerk_registers_recipient_and_it_is_audited(world, client_for):
    from fengqiao.audit.models import AuditEntry

    client = client_for(world.users[Role.RESEARCH])
    response = client.post(
        reverse("courts:recipient_create"),
        {
            "court": world.basic.pk,
            "name": "连云港市 市场监督管理局",
            "kind": "government",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="登记被建议单位").order_by("-id").first()
    assert entry.actor_id == world.users[Role.RESEARCH].pk
    assert entry.after["normalized_name"] == "连云港市市场监督管理局"


def test_research_clerk_cannot_register_for_another_court(world, client_for):
    client = client_for(world.users[Role.RESEARCH])
    response = client.post(
        reverse("courts:recipient_create"),
        {
            "court": world.basic_other.pk,
            "name": "南京市某局",
            "kind": "government",
        },
    )
    assert response.status_code == 200  # form redisplayed: court not among the choices
    assert "南京市某局" not in client.get(reverse("courts:recipient_list")).content.decode()


# ---- the JSON API ---------------------------------------------------------------------------


def _api(client, user, method: str, path: str, **kwargs):
    token = api_token_create(user=user)
    return getattr(client, method)(f"/api{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)


def test_api_requires_authentication(client, world):
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/courts", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_api_openapi_schema_is_served(client, world):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/recipients" in response.json()["paths"]


@pytest.mark.parametrize(
    "who,expected",
    [
        (Role.JUDGE, {"basic"}),
        ("supervisor_mid", {"mid", "basic", "basic_sibling"}),
        ("supervisor_high", {"high", "mid", "mid_other", "basic", "basic_sibling", "basic_other"}),
    ],
)
def test_api_courts_scoped(client, world, who, expected):
    response = _api(client, world.users[who], "get", "/courts")
    assert response.status_code == 200
    ids = {c["id"] for c in response.json()}
    assert ids == {getattr(world, name).pk for name in expected}


def test_api_court_detail_outsider_404(client, world):
    response = _api(client, world.users[Role.JUDGE], "get", f"/courts/{world.basic_other.pk}")
    assert response.status_code == 404


def test_api_recipient_user_sees_only_own_unit_and_no_courts(client, world):
    user = world.users["recipient"]
    assert _api(client, user, "get", "/courts").status_code == 403
    assert _api(client, user, "get", "/recipients").status_code == 403
    me = _api(client, user, "get", "/me").json()
    assert me["recipient_unit_id"] == world.unit.pk and me["court_id"] is None


@pytest.mark.parametrize("who", STAFF)
def test_api_create_recipient_permission(client, world, who):
    response = _api(
        client,
        world.users[who],
        "post",
        "/recipients",
        content_type="application/json",
        data={"court_id": world.basic.pk, "name": f"测试单位{who}", "kind": "company"},
    )
    if who in RECIPIENT_MANAGERS:
        assert response.status_code == 201, response.content
    elif who.startswith("supervisor"):
        assert response.status_code == 403
    else:
        assert response.status_code == 403


def test_api_create_recipient_for_invisible_court_is_404(client, world):
    response = _api(
        client,
        world.users[Role.RESEARCH],
        "post",
        "/recipients",
        content_type="application/json",
        data={"court_id": world.basic_other.pk, "name": "外院单位", "kind": "company"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", STAFF)
def test_api_audit_permission(client, world, who):
    status = _api(client, world.users[who], "get", "/audit").status_code
    assert status == (200 if who in AUDIT_VIEWERS else 403)


def test_api_audit_scoped_to_visible_courts(client, world):
    entries = _api(client, world.users[Role.ADMIN], "get", "/audit?limit=1000").json()
    courts = {e["court_id"] for e in entries} - {None}
    assert courts == {world.basic.pk}
