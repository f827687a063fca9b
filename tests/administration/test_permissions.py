"""Who may use the administration pages: a court's system administrator, for that court only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from fengqiao.administration import services
from fengqiao.courts.models import Role

ADMIN_PAGES = [
    "/admin-console/",
    "/admin-console/users/",
    "/admin-console/users/new/",
    "/admin-console/divisions/",
    "/admin-console/documents/",
    "/admin-console/import/users/",
    "/admin-console/import/users/template.xlsx",
]
RECIPIENT_PAGES = [
    "/admin-console/recipients/",
    "/admin-console/recipients/new/",
    "/admin-console/import/recipients/",
    "/admin-console/import/recipients/template.xlsx",
]


@pytest.mark.parametrize("url", ADMIN_PAGES + RECIPIENT_PAGES)
def test_admin_opens_every_page(client_for, admin, url):
    assert client_for(admin).get(url).status_code == 200


@pytest.mark.parametrize(
    "who",
    [Role.JUDGE, Role.DIVISION_HEAD, Role.RESEARCH, Role.PRESIDENT, "supervisor_mid", "recipient"],
)
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_non_admins_get_403(client_for, world, who, url):
    assert client_for(world.users[who]).get(url).status_code == 403


@pytest.mark.parametrize("url", RECIPIENT_PAGES)
def test_research_clerk_maintains_units_but_judge_does_not(client_for, world, url):
    assert client_for(world.users[Role.RESEARCH]).get(url).status_code == 200
    assert client_for(world.users[Role.JUDGE]).get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin-console/users/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_user_list_shows_only_own_court(client_for, world, admin, admin_other):
    html = client_for(admin).get("/admin-console/users/").content.decode()
    assert "u_judge" in html and "u_recipient" in html  # own officers, own unit's officer
    assert "u_judge_other" not in html and "u_judge_sib" not in html and "u_sup_mid" not in html
    html = client_for(admin_other).get("/admin-console/users/").content.decode()
    assert "u_judge_other" in html and "u_recipient_other" in html
    assert 'u_judge"' not in html and ">u_judge<" not in html


def test_admin_cannot_see_or_change_another_courts_user(client_for, world, admin, admin_other):
    other = world.users["judge_other"]
    client = client_for(admin)
    assert client.get(f"/admin-console/users/{other.pk}/").status_code == 404
    for action in ["deactivate", "reset-password", "unlock", "tokens/new"]:
        assert client.post(f"/admin-console/users/{other.pk}/{action}/").status_code == 404
    other.refresh_from_db()
    assert other.is_active and not other.must_change_password
    # and the services refuse on their own, whatever a view does
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=admin, user=other, active=False)
    with pytest.raises(PermissionDenied):
        services.user_reset_password(actor=admin, user=other)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=admin, user=other, full_name="改名")
    with pytest.raises(PermissionDenied):
        services.user_create_with_temporary_password(
            actor=admin, court=world.basic_other, username="x1", full_name="x", roles=["judge"]
        )
    with pytest.raises(PermissionDenied):
        services.division_create(actor=admin, court=world.basic_other, name="新庭")


def test_admin_cannot_edit_another_courts_units_or_divisions(client_for, world, admin):
    client = client_for(admin)
    assert client.get(f"/admin-console/recipients/{world.unit_other.pk}/").status_code == 404
    division = world.basic_other.divisions.create(name="玄武民一庭")
    assert client.post(f"/admin-console/divisions/{division.pk}/toggle/").status_code == 404
    assert (
        client.post(f"/admin-console/divisions/{division.pk}/rename/", {"name": "x"}).status_code
        == 404
    )


def test_supervisor_sees_subtree_but_cannot_administer_it(client_for, world):
    supervisor = world.users["supervisor_mid"]
    judge = world.users[Role.JUDGE]
    assert client_for(supervisor).get(f"/admin-console/users/{judge.pk}/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=supervisor, user=judge, active=False)


def test_seal_image_only_for_own_courts_staff(client_for, world, admin, admin_other):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.administration.conftest import png_bytes

    services.document_settings_update(
        actor=admin,
        court=world.basic,
        short_name="连开",
        doc_number_pattern="{short}法建〔{year}〕{n}号",
        embed_seal=True,
        seal_file=SimpleUploadedFile("院印.png", png_bytes(), "image/png"),
    )
    url = f"/admin-console/seal/{world.basic.pk}.png"
    response = client_for(world.users[Role.JUDGE]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(admin_other).get(url).status_code == 404
    assert client_for(world.users["recipient"]).get(url).status_code == 404
    client_for(world.users["supervisor_mid"])  # a supervisor of the parent court may see it
    assert client_for(world.users["supervisor_mid"]).get(url).status_code == 200
