from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.court_setup import STANDARD_DIVISIONS, propose_short_name
from fengqiao.courts.models import Court, Role, User
from fengqiao.courts.registry_load import load_registry

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Chaoyang#2026setup"


def _setup(**options) -> str:
    out = StringIO()
    call_command("setup", stdout=out, **options)
    return out.getvalue()


def test_setup_with_flags_and_password_from_environment(db, monkeypatch):
    monkeypatch.setenv("FENGQIAO_SETUP_PASSWORD", PASSWORD)
    out = _setup(court="京0105", short_name="朝", admin_username="cyadmin", admin_name="张三")
    court = Court.objects.get(code="京0105")
    assert court.short_name == "朝"
    assert Court.objects.count() > 3000  # the registry was loaded
    assert sorted(court.divisions.values_list("name", flat=True)) == sorted(STANDARD_DIVISIONS)
    admin = User.objects.get(username="cyadmin")
    assert admin.court == court and admin.has_role(Role.ADMIN) and admin.is_staff
    assert admin.check_password(PASSWORD) and admin.full_name == "张三"
    assert "http://" in out and "cyadmin" in out
    assert AuditEntry.objects.filter(action="初始化法院").count() == 1
    assert AuditEntry.objects.filter(action="创建用户", object_id=str(admin.pk)).count() == 1

    # re-running changes nothing and says so
    again = _setup(court="京0105", short_name="朝", admin_username="cyadmin")
    assert "没有改动" in again
    assert AuditEntry.objects.filter(action="初始化法院").count() == 1
    assert court.divisions.count() == len(STANDARD_DIVISIONS)


def test_setup_refuses_missing_or_weak_passwords_and_unknown_courts(db, monkeypatch):
    monkeypatch.delenv("FENGQIAO_SETUP_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="FENGQIAO_SETUP_PASSWORD"):
        _setup(court="京0105", admin_username="a1")
    monkeypatch.setenv("FENGQIAO_SETUP_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="不合要求"):
        _setup(court="京0105", admin_username="a1")
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="京9999"):
        _setup(court="京9999", admin_username="a1")
    with pytest.raises(CommandError):  # there is no way to give a password on the command line
        call_command("setup", "--court", "京0105", "--password", "x")


def test_setup_finds_a_court_by_name_and_proposes_a_short_name(db, monkeypatch):
    monkeypatch.setenv("FENGQIAO_SETUP_PASSWORD", PASSWORD)
    _setup(court="连云港市海州区法院", admin_username="lhadmin")
    court = Court.objects.get(code="苏0706")
    assert court.short_name == "连海"


def test_short_name_proposals(db):
    load_registry()
    expected = {
        "京0105": "京朝",
        "苏07": "连中",
        "苏0706": "连海",
        "苏0791": "连开",
        "苏": "苏高",
        "粤0781": "台山",
        "京01": "京一中",
        "沪72": "沪海",
        "最高法": "",
    }
    for code, short in expected.items():
        assert propose_short_name(Court.objects.get(code=code)) == short, code


def _expect(fd: int, text: str, buffer: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while text not in "".join(buffer):
        if time.monotonic() > deadline:
            raise AssertionError(f"没有等到“{text}”：{''.join(buffer)[-500:]}")
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                buffer.append(os.read(fd, 4096).decode("utf-8", "replace"))
            except OSError:
                break


@pytest.mark.skipif(sys.platform != "linux", reason="pty test needs Linux")
def test_setup_interactively_in_a_terminal(tmp_path):
    """A person at a terminal: answers the prompts, types the password twice (getpass)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FENGQIAO_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'setup.sqlite3'}",
    }
    env.pop("FENGQIAO_SETUP_PASSWORD", None)
    cli = [sys.executable, "-m", "fengqiao.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=600)

    master, slave = os.openpty()

    def controlling_tty() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [*cli, "setup"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        preexec_fn=controlling_tty,  # the child needs the pty as its controlling terminal
    )
    os.close(slave)
    seen: list[str] = []
    try:
        for prompt, answer in [
            ("法院代字或名称", "京0105"),
            ("是 北京市朝阳区人民法院", ""),
            ("地名简称", "朝"),
            ("用户名", "cyadmin"),
            ("姓名", "李四"),
            ("系统管理员密码", PASSWORD),
            ("再输入一次", "different#Pass1"),
            ("系统管理员密码", PASSWORD),
            ("再输入一次", PASSWORD),
            ("完成", None),
        ]:
            _expect(master, prompt, seen)
            if answer is not None:
                seen.clear()
                os.write(master, (answer + "\n").encode())
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    check = subprocess.run(
        [*cli, "courts", "list", "--json", "--under", "京0105"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "京0105" in check.stdout and '"short_name": "朝"' in check.stdout
