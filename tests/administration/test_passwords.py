"""Password policy (Chinese messages) and the forced change at first login."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from fengqiao.administration import services
from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role, User


def login(client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


@pytest.fixture
def new_user(world, admin):
    user, password = services.user_create_with_temporary_password(
        actor=admin, court=world.basic, username="wangwu", full_name="王五", roles=[Role.RESEARCH]
    )
    return user, password


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab3$xyz", "密码太短，至少需要 10 个字符。"),
        ("password123", "这个密码太常见，容易被猜中，请换一个。"),
        ("8405729163", "密码不能全是数字，请加入字母或符号。"),
        ("wangwu2026!", "密码与用户名太相似"),
    ],
)
def test_policy_messages_are_chinese(db, password, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, User(username="wangwu2026", full_name="王五"))
    assert any(message in m for m in caught.value.messages), caught.value.messages


def test_minimum_length_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("FENGQIAO_PASSWORD_MIN_LENGTH", "14")
    import importlib

    import fengqiao.settings as settings_module

    fresh = importlib.reload(settings_module)
    try:
        validators = fresh.AUTH_PASSWORD_VALIDATORS
        with override_settings(AUTH_PASSWORD_VALIDATORS=validators):
            from django.contrib.auth import password_validation

            password_validation.get_default_password_validators.cache_clear()
            with pytest.raises(ValidationError, match="至少需要 14 个字符"):
                validate_password("Qz8!mLx2#Rt4", User(username="a"))
    finally:
        monkeypatch.delenv("FENGQIAO_PASSWORD_MIN_LENGTH")
        importlib.reload(settings_module)
        from django.contrib.auth import password_validation

        password_validation.get_default_password_validators.cache_clear()


def test_change_page_shows_policy_errors_in_chinese(client, world):
    client.force_login(world.users[Role.JUDGE])
    response = client.post(
        "/password/",
        {"old_password": "Test-pass-2026", "new_password1": "12345", "new_password2": "12345"},
    )
    html = response.content.decode()
    assert "密码太短，至少需要 10 个字符。" in html and "密码不能全是数字" in html
    assert "This password" not in html


def test_new_user_is_forced_to_change_password(client, new_user):
    user, password = new_user
    response = login(client, "wangwu", password)
    assert response.status_code == 302
    for url in ["/", "/admin-console/recipients/", "/suggestions/register/", "/account/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/password/", url
    page = client.get("/password/").content.decode()
    assert "请先设置只有您自己知道的新密码" in page
    assert client.get("/static/fengqiao/app.css").status_code == 200

    # the temporary password cannot be kept
    same = client.post(
        "/password/",
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert "新密码不能与原密码相同" in same.content.decode()

    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "Qingshan-river-88",
            "new_password2": "Qingshan-river-88",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Qingshan-river-88")
    assert client.get("/").status_code == 200  # still logged in, now free to work
    entry = AuditEntry.objects.filter(code="user.password_change").latest("id")
    assert entry.actor_id == user.pk and entry.after == {"forced": True}


def test_logout_allowed_while_forced(client, new_user):
    _user, password = new_user
    login(client, "wangwu", password)
    response = client.post("/logout/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_api_refuses_until_changed(client, new_user):
    from fengqiao.courts.services import api_token_create

    user, password = new_user
    token = api_token_create(user=user)
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert "修改" in response.json()["detail"]
    login(client, "wangwu", password)
    response = client.get("/api/me")
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"

    User.objects.filter(pk=user.pk).update(must_change_password=False)
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["username"] == "wangwu"


def test_reset_password_forces_change_again(client, world, admin):
    judge = world.users[Role.JUDGE]
    password = services.user_reset_password(actor=admin, user=judge)
    assert login(client, "u_judge", "Test-pass-2026").status_code == 200  # old one is gone
    assert login(client, "u_judge", password).status_code == 302
    assert client.get("/cases/")["Location"] == "/password/"


def test_admin_page_creates_user_and_shows_password_once(client_for, world, admin):
    client = client_for(admin)
    division = world.basic.divisions.get()
    response = client.post(
        "/admin-console/users/new/",
        {
            "username": "zhaoliu",
            "full_name": "赵六",
            "roles": [Role.JUDGE, Role.COMMITTEE],
            "division": division.pk,
            "phone": "13900001234",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password = html.split('data-testid="temporary-password">')[1].split("<")[0]
    user = User.objects.get(username="zhaoliu")
    assert user.check_password(password) and user.must_change_password
    assert set(user.role_codes()) == {Role.JUDGE, Role.COMMITTEE}
    detail = client.get(f"/admin-console/users/{user.pk}/").content.decode()
    assert password not in detail and "待改初始密码" in detail


def test_admin_page_refuses_bad_input_in_chinese(client_for, admin):
    client = client_for(admin)
    response = client.post(
        "/admin-console/users/new/",
        {"username": "u_judge", "full_name": "重名", "roles": [Role.JUDGE], "phone": "12"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "电话“12”格式不正确" in html
    response = client.post(
        "/admin-console/users/new/", {"username": "u_judge", "full_name": "重名", "roles": []}
    )
    assert "请至少选择一个角色" in response.content.decode()
    response = client.post(
        "/admin-console/users/new/",
        {"username": "u_judge", "full_name": "重名", "roles": [Role.JUDGE]},
    )
    assert "已存在" in response.content.decode()
