"""A real OpenLDAP server (Debian's slapd) for the unified identity login tests.

``start_slapd`` writes a slapd.conf (mdb backend) into a temporary directory, loads a base DN,
a read-only service account and a few people with slapadd (passwords hashed by slappasswd), and
runs slapd in the foreground on a free loopback port, with StartTLS from a throw-away CA where
openssl is available. ``Slapd.stop`` ends it. Where slapd is not installed or does not start,
``start_slapd`` skips the test with the reason.
"""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BASE_DN = "dc=court,dc=test"
PEOPLE_DN = f"ou=people,{BASE_DN}"
READER_DN = f"cn=reader,{BASE_DN}"
READER_PASSWORD = "reader-secret-2026"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")


@dataclass(frozen=True)
class Person:
    uid: str
    password: str
    cn: str
    display_name: str = ""
    mail: str = ""


# zhangsan and wangwu get local accounts in the tests; lisi exists only in the directory.
PEOPLE = [
    Person(
        "zhangsan", "Ldap-Zhang-2026", "张三", display_name="张三（立案庭）", mail="zs@court.test"
    ),
    Person("lisi", "Ldap-Li-2026", "李四", mail="lisi@court.test"),
    Person("wangwu", "Ldap-Wang-2026", "王五"),
]


@dataclass
class Slapd:
    url: str
    directory: Path
    process: subprocess.Popen
    ca_file: Path | None = None
    people: dict[str, Person] = field(default_factory=dict)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def env(self, **extra: str) -> dict[str, str]:
        """FENGQIAO_LDAP_* variables for searching users through the service account."""
        return {
            "FENGQIAO_LDAP_URL": self.url,
            "FENGQIAO_LDAP_BIND_DN": READER_DN,
            "FENGQIAO_LDAP_BIND_PASSWORD": READER_PASSWORD,
            "FENGQIAO_LDAP_USER_SEARCH_BASE": PEOPLE_DN,
            "FENGQIAO_LDAP_USER_FILTER": "(&(objectClass=inetOrgPerson)(uid=%(user)s))",
            "FENGQIAO_LDAP_TIMEOUT": "5",
            **extra,
        }


def needs_ldap_library() -> None:
    pytest.importorskip(
        "django_auth_ldap",
        reason=(
            "未安装 django-auth-ldap/python-ldap（需 apt-get install libldap2-dev libsasl2-dev，"
            "再 pip install -e '.[ldap]'），跳过统一身份登录测试"
        ),
    )


def enable_ldap(settings, env: dict[str, str]) -> None:
    """Turn unified identity login on for one test, from FENGQIAO_LDAP_* variables, exactly as
    settings.py does at start-up (``settings`` is pytest-django's fixture)."""
    from fengqiao.courts.ldap_settings import ldap_settings, with_ldap_backend

    values = ldap_settings(env)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = with_ldap_backend(
        settings.AUTHENTICATION_BACKENDS, enabled=values["FENGQIAO_LDAP_ENABLED"]
    )


def _binary(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _hash(slappasswd: str, password: str) -> str:
    return subprocess.run(
        [slappasswd, "-s", password], check=True, capture_output=True, text=True
    ).stdout.strip()


def _ldif(slappasswd: str) -> str:
    entries = [
        f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: court\ndc: court\n",
        f"dn: {PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people\n",
        (
            f"dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
            f"cn: reader\nuserPassword: {_hash(slappasswd, READER_PASSWORD)}\n"
        ),
    ]
    for person in PEOPLE:
        lines = [
            f"dn: uid={person.uid},{PEOPLE_DN}",
            "objectClass: inetOrgPerson",
            f"uid: {person.uid}",
            f"cn:: {_b64(person.cn)}",
            f"sn:: {_b64(person.cn[0])}",
            f"userPassword: {_hash(slappasswd, person.password)}",
        ]
        if person.display_name:
            lines.append(f"displayName:: {_b64(person.display_name)}")
        if person.mail:
            lines.append(f"mail: {person.mail}")
        entries.append("\n".join(lines) + "\n")
    return "\n".join(entries)


def _make_certificates(directory: Path) -> tuple[Path, Path, Path] | None:
    """A throw-away CA and a server certificate for 127.0.0.1; None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    ca_key, ca, key, csr, cert = (
        directory / n for n in ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem")
    )
    ext = directory / "server.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    ca_subject, server_subject = "/CN=Fengqiao Test CA", "/CN=127.0.0.1"
    steps = [
        [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            ca_key,
            "-out",
            ca,
            "-days",
            "2",
            "-subj",
            ca_subject,
        ],
        [
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            csr,
            "-subj",
            server_subject,
        ],
        [
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            ca,
            "-CAkey",
            ca_key,
            "-CAcreateserial",
            "-out",
            cert,
            "-days",
            "2",
            "-extfile",
            ext,
        ],
    ]
    for step in steps:
        done = subprocess.run([openssl, *map(str, step)], capture_output=True, text=True)
        if done.returncode != 0:
            return None
    return ca, cert, key


def _config(directory: Path, tls: tuple[Path, Path, Path] | None) -> Path:
    lines = [f"include {SCHEMA_DIR / n}.schema" for n in ("core", "cosine", "inetorgperson")]
    lines += [
        f"pidfile {directory / 'slapd.pid'}",
        f"argsfile {directory / 'slapd.args'}",
        f"modulepath {MODULE_DIR}",
        "moduleload back_mdb",
    ]
    if tls:
        ca, cert, key = tls
        lines += [
            f"TLSCACertificateFile {ca}",
            f"TLSCertificateFile {cert}",
            f"TLSCertificateKeyFile {key}",
        ]
    (directory / "db").mkdir()
    lines += [
        "database mdb",
        "maxsize 10485760",
        f'suffix "{BASE_DN}"',
        f"directory {directory / 'db'}",
        # Passwords can only be used to bind; only bound users (the service account, a person
        # after binding) may read or search: an anonymous search finds nothing.
        "access to attrs=userPassword by self read by anonymous auth by * none",
        "access to * by users read by * none",
    ]
    conf = directory / "slapd.conf"
    conf.write_text("\n".join(lines) + "\n")
    return conf


def _wait_listening(process: subprocess.Popen, port: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start_slapd(directory: Path) -> Slapd:
    slapd, slapadd, slappasswd = (_binary(n) for n in ("slapd", "slapadd", "slappasswd"))
    if not (slapd and slapadd and slappasswd):
        pytest.skip(
            "未安装 OpenLDAP 服务器（apt-get install slapd ldap-utils），跳过统一身份登录测试"
        )
    if not (SCHEMA_DIR / "inetorgperson.schema").exists() or not MODULE_DIR.is_dir():
        pytest.skip(f"slapd 的 schema（{SCHEMA_DIR}）或模块目录（{MODULE_DIR}）缺失，跳过")
    tls = _make_certificates(directory)
    conf = _config(directory, tls)
    data = directory / "people.ldif"
    data.write_text(_ldif(slappasswd))
    loaded = subprocess.run(
        [slapadd, "-f", str(conf), "-l", str(data)], capture_output=True, text=True
    )
    if loaded.returncode != 0:
        pytest.skip(f"slapadd 无法载入测试目录，跳过：{loaded.stderr.strip()[-400:]}")
    log = directory / "slapd.log"
    for _ in range(3):  # another process may take the free port between choosing and binding
        port = _free_port()
        url = f"ldap://127.0.0.1:{port}/"
        with log.open("w") as out:
            process = subprocess.Popen(
                [slapd, "-d", "0", "-f", str(conf), "-h", url],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        if _wait_listening(process, port):
            return Slapd(
                url=url,
                directory=directory,
                process=process,
                ca_file=tls[0] if tls else None,
                people={p.uid: p for p in PEOPLE},
            )
        Slapd(url, directory, process).stop()
    pytest.skip(f"slapd 未能启动，跳过：{log.read_text()[-400:]}")
