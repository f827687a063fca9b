"""The administration pages drive the services: forms in, Chinese messages out, never a 500."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from fengqiao.administration.models import DocumentSettings
from fengqiao.audit.models import AuditEntry
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Division, RecipientUnit, Role, User
from tests.administration.conftest import png_bytes


def test_user_list_search_status_and_paging(client_for, world, admin):
    for i in range(35):
        court_services.user_create(
            username=f"bulk{i:02d}", password="x", full_name=f"批量{i}", court=world.basic
        )
    client = client_for(admin)
    response = client.get("/admin-console/users/")
    pages = response.context["listing"].page.paginator.num_pages
    assert pages >= 2 and f"第 1 / {pages} 页" in response.content.decode()
    filtered = client.get("/admin-console/users/?q=bulk&status=active").content.decode()
    assert "?q=bulk&amp;status=active&amp;page=2" in filtered  # paging keeps the filters
    found = client.get("/admin-console/users/?q=批量7").content.decode()
    assert "bulk07" in found and "bulk08" not in found
    User.objects.filter(username="bulk03").update(is_active=False)
    inactive = client.get("/admin-console/users/?status=inactive").content.decode()
    assert "bulk03" in inactive and "bulk04" not in inactive


def test_edit_deactivate_activate_unlock_through_pages(client_for, world, admin):
    judge = world.users[Role.JUDGE]
    client = client_for(admin)
    response = client.post(
        f"/admin-console/users/{judge.pk}/",
        {
            "full_name": "李法官",
            "phone": "13900002222",
            "email": "",
            "division": judge.division_id,
            "roles": [Role.JUDGE, Role.DIVISION_HEAD],
        },
    )
    assert response.status_code == 302
    judge.refresh_from_db()
    assert judge.full_name == "李法官"
    client.post(f"/admin-console/users/{judge.pk}/deactivate/")
    judge.refresh_from_db()
    assert not judge.is_active
    page = client.get(f"/admin-console/users/{judge.pk}/", follow=True).content.decode()
    assert "重新启用" in page
    client.post(f"/admin-console/users/{judge.pk}/activate/")
    client.post(f"/admin-console/users/{judge.pk}/unlock/")
    judge.refresh_from_db()
    assert judge.is_active
    codes = set(AuditEntry.objects.values_list("code", flat=True))
    assert {"user.update", "user.roles", "user.deactivate", "user.activate", "user.unlock"} <= codes
    own = client.post(f"/admin-console/users/{admin.pk}/deactivate/", follow=True)
    assert "不能停用自己的账户" in own.content.decode()


def test_reset_password_page(client_for, world, admin):
    judge = world.users[Role.JUDGE]
    html = client_for(admin).post(f"/admin-console/users/{judge.pk}/reset-password/")
    password = html.content.decode().split('data-testid="temporary-password">')[1].split("<")[0]
    judge.refresh_from_db()
    assert judge.check_password(password) and judge.must_change_password


def test_divisions_through_pages(client_for, world, admin):
    client = client_for(admin)
    client.post("/admin-console/divisions/", {"name": "少年家事审判庭"})
    division = Division.objects.get(court=world.basic, name="少年家事审判庭")
    client.post(f"/admin-console/divisions/{division.pk}/rename/", {"name": "家事审判庭"})
    client.post(f"/admin-console/divisions/{division.pk}/toggle/")
    division.refresh_from_db()
    assert division.name == "家事审判庭" and not division.is_active
    used = world.users[Role.JUDGE].division
    page = client.post(f"/admin-console/divisions/{used.pk}/toggle/", follow=True)
    assert "在用人员" in page.content.decode()
    dup = client.post("/admin-console/divisions/", {"name": "家事审判庭"})
    assert "已有名为" in dup.content.decode()
    # a deactivated division is not offered when creating a user
    assert "家事审判庭" not in client.get("/admin-console/users/new/").content.decode()


def test_recipients_through_pages(client_for, world, admin):
    client = client_for(admin)
    response = client.post(
        "/admin-console/recipients/new/",
        {"name": "连云港市卫生健康委员会", "kind": "government", "contact_phone": "0518-85000003"},
    )
    assert response.status_code == 302
    unit = RecipientUnit.objects.get(name="连云港市卫生健康委员会")
    response = client.post(
        f"/admin-console/recipients/{unit.pk}/",
        {"name": unit.name, "kind": "government", "superior": world.unit.pk, "address": "朝阳路"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.superior == world.unit and unit.address == "朝阳路"
    bad = client.post(
        f"/admin-console/recipients/{unit.pk}/",
        {"name": unit.name, "kind": "government", "contact_phone": "电话"},
    )
    assert "格式不正确" in bad.content.decode()
    assert (
        "连云港市卫生健康委员会" in client.get("/admin-console/recipients/?q=卫生").content.decode()
    )


def test_document_settings_page(client_for, world, admin):
    client = client_for(admin)
    response = client.post(
        "/admin-console/documents/",
        {
            "short_name": "连开",
            "doc_number_pattern": "{short}法建〔{year}〕{n}号",
            "embed_seal": "on",
            "contact_name": "周七",
            "contact_phone": "0518-85000002",
            "seal": SimpleUploadedFile("院印.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302
    page = client.get("/admin-console/documents/").content.decode()
    assert "连开法建〔" in page and f"/admin-console/seal/{world.basic.pk}.png" in page
    assert DocumentSettings.objects.get(court=world.basic).embed_seal
    bad = client.post(
        "/admin-console/documents/",
        {
            "short_name": "连开",
            "doc_number_pattern": "{short}法建〔{year}〕{n}号",
            "seal": SimpleUploadedFile("院印.png", b"<svg onload=alert(1)>", "image/png"),
        },
    )
    assert bad.status_code == 200 and "不是 PNG" in bad.content.decode()


def test_menu_shows_administration_to_admin_only(client_for, world, admin):
    assert "系统管理" in client_for(admin).get("/").content.decode()
    assert "/admin-console/" not in client_for(world.users[Role.JUDGE]).get("/").content.decode()


def test_user_list_query_count_does_not_grow_with_rows(client_for, world, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin)
    client.get("/admin-console/users/?per=50")  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get("/admin-console/users/?per=50")
    for i in range(25):
        court_services.user_create(
            username=f"many{i:02d}",
            password="x",
            full_name=f"多{i}",
            court=world.basic,
            roles=[Role.JUDGE, Role.COMMITTEE],
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get("/admin-console/users/?per=50").content.decode()
    assert html.count("审委会委员") >= 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_editing_keeps_a_since_deactivated_division(client_for, world, admin):
    judge = world.users[Role.JUDGE]
    Division.objects.filter(pk=judge.division_id).update(is_active=False)
    client = client_for(admin)
    page = client.get(f"/admin-console/users/{judge.pk}/").content.decode()
    assert f'value="{judge.division_id}" selected' in page
    client.post(
        f"/admin-console/users/{judge.pk}/",
        {"full_name": "改名", "division": judge.division_id, "roles": [Role.JUDGE]},
    )
    judge.refresh_from_db()
    assert judge.full_name == "改名" and judge.division_id is not None


def test_user_list_queries_do_not_grow_with_people(client_for, world, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin-console/users/").status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for i in range(6):
        court_services.user_create(
            username=f"more{i}",
            password="x",
            full_name=f"法官{i}",
            court=world.basic,
            roles=[Role.JUDGE],
        )
    assert queries() == before
