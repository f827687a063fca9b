"""Every administration write is audited with its code, and refuses what it must."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fengqiao.administration import services
from fengqiao.administration.models import DocumentSettings
from fengqiao.audit.models import AuditEntry
from fengqiao.audit.services import audit_verify
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role, UnitKind, User
from tests.administration.conftest import png_bytes


def last_codes(n: int = 1) -> list[str]:
    return list(AuditEntry.objects.order_by("-id").values_list("code", flat=True)[:n])


def test_create_user_with_temporary_password(world, admin):
    division = world.basic.divisions.get()
    user, password = services.user_create_with_temporary_password(
        actor=admin,
        court=world.basic,
        username="lisi",
        full_name="李四",
        roles=[Role.JUDGE],
        division=division,
        phone="13800001111",
    )
    assert user.must_change_password and user.check_password(password)
    assert len(password) >= 12 and not password.isdigit()
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.code == "user.create" and entry.actor_id == admin.pk
    assert entry.after["roles"] == ["judge"] and entry.after["must_change_password"] is True
    assert password not in str(entry.after)


def test_create_refuses_unknown_role_and_inactive_division(world, admin):
    with pytest.raises(ValidationError, match="未知的角色"):
        services.user_create_with_temporary_password(
            actor=admin, court=world.basic, username="x", full_name="x", roles=["boss"]
        )
    division = world.basic.divisions.create(name="已撤销庭", is_active=False)
    with pytest.raises(ValidationError, match="已停用"):
        services.user_create_with_temporary_password(
            actor=admin,
            court=world.basic,
            username="y",
            full_name="y",
            roles=["judge"],
            division=division,
        )


def test_update_records_fields_and_roles_separately(world, admin):
    judge = world.users[Role.JUDGE]
    services.user_update(
        actor=admin,
        user=judge,
        full_name="王法官",
        phone="0518-85012345",
        division=judge.division,
        roles=[Role.JUDGE, Role.COMMITTEE],
    )
    assert last_codes(2) == ["user.roles", "user.update"]
    judge.refresh_from_db()
    judge._role_cache = None
    assert judge.full_name == "王法官" and judge.has_role(Role.COMMITTEE)
    before = AuditEntry.objects.count()
    services.user_update(
        actor=admin,
        user=judge,
        full_name="王法官",
        phone="0518-85012345",
        division=judge.division,
        roles=[Role.JUDGE, Role.COMMITTEE],
    )
    assert AuditEntry.objects.count() == before  # nothing changed, nothing recorded


def test_admin_cannot_drop_own_admin_role_or_deactivate_self(world, admin):
    with pytest.raises(ValidationError, match="不能取消自己的系统管理员角色"):
        services.user_update(actor=admin, user=admin, full_name="管理员", roles=[Role.JUDGE])
    with pytest.raises(ValidationError, match="不能停用自己"):
        services.user_set_active(actor=admin, user=admin, active=False)


def test_deactivate_and_activate(world, admin, client):
    judge = world.users[Role.JUDGE]
    services.user_set_active(actor=admin, user=judge, active=False)
    assert last_codes() == ["user.deactivate"]
    login = client.post("/login/", {"username": "u_judge", "password": "Test-pass-2026"})
    assert login.status_code == 200 and "用户名或密码不正确" in login.content.decode()
    with pytest.raises(ValidationError, match="已停用"):
        services.user_set_active(actor=admin, user=judge, active=False)
    services.user_set_active(actor=admin, user=judge, active=True)
    assert last_codes() == ["user.activate"]
    assert User.objects.filter(pk=judge.pk).exists()  # never deleted


def test_deactivated_users_session_ends(world, admin, client):
    judge = world.users[Role.JUDGE]
    client.force_login(judge)
    assert client.get("/").status_code == 200
    services.user_set_active(actor=admin, user=judge, active=False)
    assert client.get("/").status_code == 302


def test_reset_password_forces_change_and_clears_lockout(world, admin):
    judge = world.users[Role.JUDGE]
    AccessAttempt.objects.create(
        username="u_judge",
        ip_address="10.0.0.1",
        user_agent="x",
        get_data="",
        post_data="",
        failures_since_start=5,
        http_accept="",
        path_info="/login/",
    )
    password = services.user_reset_password(actor=admin, user=judge)
    judge.refresh_from_db()
    assert judge.check_password(password) and judge.must_change_password
    assert not AccessAttempt.objects.filter(username="u_judge").exists()
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.code == "user.password_reset" and entry.after["lockout_cleared"] == 1


def test_unlock_clears_axes_attempts_from_every_address(world, admin):
    from fengqiao.administration.selectors import locked_usernames

    for ip in ["10.0.0.1", "10.0.0.2"]:
        AccessAttempt.objects.create(
            username="u_judge",
            ip_address=ip,
            user_agent="x",
            get_data="",
            post_data="",
            failures_since_start=5,
            http_accept="",
            path_info="/login/",
            attempt_time=timezone.now(),
        )
    assert locked_usernames(["u_judge", "u_research"]) == {"u_judge"}
    assert services.user_unlock(actor=admin, user=world.users[Role.JUDGE]) == 2
    assert locked_usernames(["u_judge"]) == set()
    assert last_codes() == ["user.unlock"]


def test_locked_user_can_log_in_after_unlock(world, admin, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "u_judge", "password": "wrong"})
    response = client.post("/login/", {"username": "u_judge", "password": "Test-pass-2026"})
    assert response.status_code == 429 or "锁定" in response.content.decode()
    services.user_unlock(actor=admin, user=world.users[Role.JUDGE])
    response = client.post("/login/", {"username": "u_judge", "password": "Test-pass-2026"})
    assert response.status_code == 302


def test_divisions_create_rename_deactivate(world, admin):
    division = services.division_create(actor=admin, court=world.basic, name="行政审判庭")
    assert last_codes() == ["division.create"]
    with pytest.raises(ValidationError, match="已有名为"):
        services.division_create(actor=admin, court=world.basic, name="行政审判庭")
    services.division_rename(actor=admin, division=division, name="行政审判庭（环资）")
    assert last_codes() == ["division.update"]
    services.division_set_active(actor=admin, division=division, active=False)
    assert last_codes() == ["division.deactivate"]
    services.division_set_active(actor=admin, division=division, active=True)
    assert last_codes() == ["division.activate"]


def test_division_in_use_cannot_be_deactivated(world, admin):
    used = world.users[Role.JUDGE].division
    with pytest.raises(ValidationError, match="在用人员"):
        services.division_set_active(actor=admin, division=used, active=False)


def test_recipient_units_create_and_update(world, admin):
    unit = services.recipient_unit_create(
        actor=admin,
        court=world.basic,
        name="连云港市教育局",
        kind=UnitKind.GOVERNMENT,
        contact_name="赵六",
        contact_phone="0518-85000001",
    )
    assert last_codes() == ["recipient.create"]
    services.recipient_unit_update(actor=admin, unit=unit, superior=world.unit, address="海连路")
    assert last_codes() == ["recipient.update"]
    with pytest.raises(ValidationError, match="本院登记"):
        services.recipient_unit_update(actor=admin, unit=unit, superior=world.unit_sibling)
    with pytest.raises(ValidationError, match="下级单位"):
        services.recipient_unit_update(actor=admin, unit=world.unit, superior=unit)


def test_document_settings_with_seal(world, admin, settings):
    # a pattern whose numbers the checker cannot read back is refused (GB/T 9704: no 第)
    with pytest.raises(ValidationError, match="不加“第”字"):
        services.document_settings_update(
            actor=admin,
            court=world.basic,
            short_name="连开",
            doc_number_pattern="{short}法建〔{year}〕第{n}号",
            embed_seal=False,
        )
    doc = services.document_settings_update(
        actor=admin,
        court=world.basic,
        short_name="连开",
        doc_number_pattern="{short}法建〔{year}〕{n}号",
        embed_seal=True,
        contact_name="周七",
        contact_phone="0518-85000002",
        seal_file=SimpleUploadedFile("seal.png", png_bytes(), "image/png"),
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.code == "document_settings.update"
    assert entry.before["embed_seal"] is False and entry.after["embed_seal"] is True
    assert entry.after["doc_number_pattern"] == "{short}法建〔{year}〕{n}号"
    path = services.seal_path(world.basic)
    assert path is not None and open(path, "rb").read() == png_bytes()
    assert str(settings.MEDIA_ROOT) in path
    # turning embedding off keeps the file but documents no longer stamp it
    services.document_settings_update(
        actor=admin,
        court=world.basic,
        short_name="连开",
        doc_number_pattern="{short}法建〔{year}〕{n}号",
        embed_seal=False,
    )
    assert services.seal_path(world.basic) is None
    assert DocumentSettings.objects.get(court=world.basic).seal == doc.seal


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xd8\xff\xe0" + b"0" * 100, "不是 PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "已损坏"),
        (b"GIF89a" + b"0" * 100, "不是 PNG"),
    ],
)
def test_seal_must_really_be_png(world, admin, data, message):
    with pytest.raises(ValidationError, match=message):
        services.document_settings_update(
            actor=admin,
            court=world.basic,
            short_name="连开",
            doc_number_pattern="{short}法建〔{year}〕{n}号",
            embed_seal=True,
            seal_file=SimpleUploadedFile("seal.png", data, "image/png"),
        )
    assert not DocumentSettings.objects.filter(court=world.basic).exclude(seal="").exists()


def test_seal_size_limit(world, admin, settings):
    settings.FENGQIAO_SEAL_MAX_BYTES = 50
    with pytest.raises(ValidationError, match="上限"):
        services.document_settings_update(
            actor=admin,
            court=world.basic,
            short_name="连开",
            doc_number_pattern="{short}法建〔{year}〕{n}号",
            embed_seal=False,
            seal_file=SimpleUploadedFile("seal.png", png_bytes(64, 64), "image/png"),
        )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{short}法建〔{year}〕号", "必须包含 {year}（年度）和 {n}（序号）"),
        ("{court}法建{n}", "只能使用 {short}"),
        ("{short法建{n}", "只能使用 {short}"),
    ],
)
def test_number_pattern_checked(world, admin, pattern, message):
    with pytest.raises(ValidationError, match=message):
        services.document_settings_update(
            actor=admin,
            court=world.basic,
            short_name="连开",
            doc_number_pattern=pattern,
            embed_seal=False,
        )


def test_embed_without_seal_refused(world, admin):
    with pytest.raises(ValidationError, match="尚未上传院印"):
        services.document_settings_update(
            actor=admin,
            court=world.basic,
            short_name="连开",
            doc_number_pattern="{short}法建〔{year}〕{n}号",
            embed_seal=True,
        )


def test_tokens_issue_and_revoke_audited(world, admin):
    judge = world.users[Role.JUDGE]
    court_services.api_token_create(actor=admin, user=judge, name="对接")
    assert last_codes() == ["token.issue"]
    token = judge.api_tokens.get()
    court_services.api_token_revoke(actor=admin, token=token)
    assert last_codes() == ["token.revoke"]
    with pytest.raises(ValidationError, match="已于此前吊销"):
        court_services.api_token_revoke(actor=admin, token=token)


def test_audit_chain_still_verifies(world, admin):
    services.user_reset_password(actor=admin, user=world.users[Role.JUDGE])
    services.division_create(actor=admin, court=world.basic, name="立案庭")
    checked, breaks = audit_verify()
    assert checked > 0 and breaks == []
