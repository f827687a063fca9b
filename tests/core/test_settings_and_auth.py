from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _run_django(args: list[str], extra_env: dict[str, str], tmp_path: Path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FENGQIAO_", "DATABASE_URL", "DJANGO_"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "fengqiao.settings", "FENGQIAO_DATA_DIR": str(tmp_path)})
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_variables_is_clean(tmp_path):
    result = _run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "FENGQIAO_SECRET_KEY": "x" * 20
            + "-production-secret-key-that-is-long-and-random-8f3k2",
            "FENGQIAO_SECURE": "1",
            "FENGQIAO_ALLOWED_HOSTS": "fengqiao.court.example",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults_generate_a_secret_key_once_and_keep_debug_off(tmp_path):
    result = _run_django(
        [
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings as s; "
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        {},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50 and oct(key_file.stat().st_mode)[-3:] == "600"
    _run_django(["check"], {}, tmp_path)
    assert key_file.read_text() == first


def test_bad_boolean_variable_is_a_clear_error(tmp_path):
    result = _run_django(["check"], {"FENGQIAO_DEBUG": "maybe"}, tmp_path)
    assert result.returncode != 0
    assert "FENGQIAO_DEBUG must be a boolean" in result.stderr


def test_production_hasher_is_argon2():
    import fengqiao.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_chinese_ui_defaults():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_login_page_is_chinese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "用户登录" in page and "密码" in page and 'lang="zh-CN"' in page


def test_login_then_dashboard(client, world):
    response = client.post(reverse("login"), {"username": "u_judge", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("dashboard:home")).content.decode()
    assert world.basic.name in page and "承办法官" in page


def test_login_is_throttled_after_five_failures(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "u_judge", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "u_judge", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_password_change_is_audited(client_for, world):
    from fengqiao.audit.models import AuditEntry

    client = client_for(world.users["judge"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="修改密码", actor=world.users["judge"]).exists()


def test_security_headers(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_demo_command_loads_once_and_prints_accounts(db, capsys):
    from fengqiao.courts.models import Court, RecipientUnit, Role, User

    call_command("demo")
    out = capsys.readouterr().out
    assert "faguan" in out and "Fengqiao@2026" in out
    assert Court.objects.filter(level="high").count() == 1
    assert Court.objects.filter(level="intermediate").count() == 2
    assert Court.objects.filter(level="basic").count() >= 3
    assert RecipientUnit.objects.count() >= 12
    for role in Role.values:
        assert User.objects.filter(role_grants__role=role).exists(), role
    call_command("demo", "--if-empty")
    assert "未重复载入" in capsys.readouterr().out
    assert Court.objects.filter(level="high").count() == 1


def test_api_token_command_prints_a_working_token(client, world, capsys):
    call_command("api-token", "u_judge")
    token = capsys.readouterr().out.strip()
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["username"] == "u_judge"


def test_cli_entry_point_wraps_management_commands():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "fengqiao"), "help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0 and "No such file" in result.stderr:
        pytest.skip("fengqiao console script not installed in this environment")
    assert result.returncode == 0
    for command in ["demo", "audit", "api-token", "serve", "migrate"]:
        assert command in result.stdout


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/htmx/htmx.min.js",
        "vendor/echarts/echarts.min.js",
        "fengqiao/app.css",
    ],
)
def test_assets_are_served_locally_without_debug(client, path):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200, "run `make assets` (npm ci) first"
    assert b"".join(response.streaming_content if response.streaming else [response.content])
