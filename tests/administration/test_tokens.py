"""API tokens: expiry and revocation, refused by the API; listed and revoked by CLI and pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from fengqiao.administration import services as admin_services
from fengqiao.courts.models import ApiToken, Role
from fengqiao.courts.services import api_token_create, api_token_revoke


def me(client, key: str):
    """Call the API with the token alone (a fresh client: no session cookie to fall back on)."""
    from django.test import Client

    return Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_expired_token_refused(client, world):
    judge = world.users[Role.JUDGE]
    key = api_token_create(user=judge, expires_at=timezone.now() + timedelta(days=1))
    assert me(client, key).status_code == 200
    ApiToken.objects.filter(user=judge).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = me(client, key)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert ApiToken.objects.get(user=judge).status() == "已过期"


def test_revoked_token_refused(client, world):
    judge = world.users[Role.JUDGE]
    key = api_token_create(user=judge)
    assert me(client, key).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=judge))
    assert me(client, key).status_code == 401


def test_deactivated_users_token_refused(client, world, admin):
    judge = world.users[Role.JUDGE]
    key = api_token_create(user=judge)
    admin_services.user_set_active(actor=admin, user=judge, active=False)
    assert me(client, key).status_code == 401


def test_cli_issue_list_revoke(client, world, capsys):
    call_command("api-token", "u_judge", "--expires-days", "30", "--name", "案件系统对接")
    key = capsys.readouterr().out.strip()
    assert key.startswith("fq_") and me(client, key).status_code == 200
    token = ApiToken.objects.get(user__username="u_judge")
    assert token.name == "案件系统对接"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)

    call_command("api-token", "--list", "u_judge")
    listing = capsys.readouterr().out
    assert token.prefix in listing and "有效" in listing and "案件系统对接" in listing
    assert key not in listing
    call_command("api-token", "--list", "--json")
    [row] = json.loads(capsys.readouterr().out)
    assert row["user"] == "u_judge" and row["status"] == "有效"

    call_command("api-token", "--revoke", token.prefix)
    assert "已吊销" in capsys.readouterr().out
    assert me(client, key).status_code == 401
    call_command("api-token", "--list", "u_judge")
    assert "已吊销" in capsys.readouterr().out
    with pytest.raises(CommandError, match="已于此前吊销"):
        call_command("api-token", "--revoke", token.prefix)


def test_cli_refusals(world):
    with pytest.raises(CommandError, match="不存在"):
        call_command("api-token", "nobody")
    with pytest.raises(CommandError, match="前缀太短"):
        call_command("api-token", "--revoke", "fq_")
    with pytest.raises(CommandError, match="没有前缀"):
        call_command("api-token", "--revoke", "fq_zzzzzzzzz")
    with pytest.raises(CommandError, match="1–3650"):
        call_command("api-token", "u_judge", "--expires-days", "0")


def test_cli_ambiguous_prefix(world):
    for who in ["u_judge", "u_research"]:
        ApiToken.objects.create(
            user=world.users[who.removeprefix("u_")], key_hash=who * 4, prefix=f"fq_same{who[2]}"
        )
    with pytest.raises(CommandError, match="对应 2 个令牌"):
        call_command("api-token", "--revoke", "fq_same")


def test_own_account_page_issues_and_revokes(client_for, world):
    judge = world.users[Role.JUDGE]
    client = client_for(judge)
    assert client.get("/account/").status_code == 200
    response = client.post("/account/tokens/new/", {"name": "脚本", "expires_days": "7"})
    html = response.content.decode()
    key = html.split('data-testid="token-key">')[1].split("<")[0]
    assert me(client, key).status_code == 200
    token = ApiToken.objects.get(user=judge)
    page = client.get("/account/").content.decode()
    assert token.prefix in page and key not in page
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert me(client, key).status_code == 401


def test_no_one_revokes_another_persons_token_from_their_account(client_for, world):
    key = api_token_create(user=world.users[Role.JUDGE])
    token = ApiToken.objects.get(user=world.users[Role.JUDGE])
    response = client_for(world.users[Role.RESEARCH]).post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert me(client_for(world.users[Role.JUDGE]), key).status_code == 200


def test_admin_manages_tokens_of_own_court_only(client_for, world, admin, admin_other):
    judge = world.users[Role.JUDGE]
    client = client_for(admin)
    response = client.post(f"/admin-console/users/{judge.pk}/tokens/new/", {"name": "对接"})
    assert 'data-testid="token-key"' in response.content.decode()
    token = ApiToken.objects.get(user=judge)
    client.post(f"/admin-console/users/{judge.pk}/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(PermissionDenied):
        api_token_create(actor=admin_other, user=judge)
    with pytest.raises(PermissionDenied):
        api_token_create(actor=world.users[Role.RESEARCH], user=judge)
