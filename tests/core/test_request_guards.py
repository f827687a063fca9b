"""Request size limits, no-store for signed-in pages, one-line 403 logs, the API docs, serve."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fengqiao.core.management.commands.serve import gunicorn_command
from fengqiao.courts.models import Role

ROOT = Path(__file__).resolve().parents[2]


# --- request size -------------------------------------------------------------------------


@pytest.fixture
def spooled(monkeypatch, settings, tmp_path):
    """Small limits, a private temp dir, and a record of every upload spooled to disk."""
    settings.FENGQIAO_REQUEST_MAX_BYTES = 100_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    calls: list[str] = []
    original = uploadedfile.TemporaryUploadedFile.__init__

    def spy(self, name, *args, **kwargs):
        calls.append(name)
        original(self, name, *args, **kwargs)

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", spy)
    return calls, tmp_path


def _post_file(client: Client, size: int):
    # A CSRF cookie without the matching form field: the CSRF check reads the whole body.
    client.cookies["csrftoken"] = "a" * 32
    upload = SimpleUploadedFile("大附件.pdf", b"x" * size, "application/pdf")
    return client.post("/login/", {"username": "a", "file": upload})


@pytest.mark.django_db
def test_oversized_post_gets_413_before_anything_is_spooled(spooled):
    calls, tmp = spooled
    client = Client(enforce_csrf_checks=True)  # the CSRF check would parse the body
    response = _post_file(client, 200_000)
    assert response.status_code == 413
    assert "过大" in response.content.decode()
    assert calls == [] and list(tmp.iterdir()) == []


@pytest.mark.django_db
def test_post_under_the_limit_is_parsed_as_usual(spooled):
    calls, _tmp = spooled
    response = _post_file(Client(enforce_csrf_checks=True), 50_000)
    assert response.status_code == 403  # CSRF failure, after the body was read
    assert calls == ["大附件.pdf"]  # …and spooled: this is what the limit prevents above


@pytest.mark.django_db
def test_chunked_body_without_length_is_refused(client, spooled):
    calls, _tmp = spooled
    response = client.post(
        "/login/",
        data=b"x" * 5000,
        content_type="application/octet-stream",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert calls == []


@pytest.mark.django_db
def test_default_limit_is_above_a_full_reply(settings):
    assert settings.FENGQIAO_REQUEST_MAX_BYTES > 10 * settings.FENGQIAO_UPLOAD_MAX_BYTES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_gunicorn_refuses_a_large_upload_without_writing_it(tmp_path):
    """Through gunicorn (gthread), as `fengqiao serve` runs it: 5 MB against a 1 MB limit."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "fengqiao.settings",
        "FENGQIAO_DATA_DIR": str(tmp_path / "data"),
        "FENGQIAO_REQUEST_MAX_BYTES": str(1024 * 1024),
        "TMPDIR": str(temp),
    }
    command = gunicorn_command(f"127.0.0.1:{port}", 1, 2)
    server = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=1)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        boundary = "fqboundary"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        size = 5 * 1024 * 1024
        request = (
            f"POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(head) + size + len(tail)}\r\n\r\n"
        ).encode()
        conn.sendall(request + head)
        conn.settimeout(30)
        reply = conn.recv(4096).decode("utf-8", "replace")  # answered before the body is sent
        conn.close()
        assert reply.startswith("HTTP/1.1 413"), reply[:200]
        assert list(temp.iterdir()) == []
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_uses_threaded_workers(monkeypatch):
    command = gunicorn_command("127.0.0.1:8000", "2", "4")
    assert command[command.index("--worker-class") + 1] == "gthread"
    assert command[command.index("--workers") + 1] == "2"
    assert command[command.index("--threads") + 1] == "4"


# --- caching, logging, docs ---------------------------------------------------------------


def test_signed_in_pages_are_not_stored(client_for, world):
    client = client_for(world.users[Role.RESEARCH])
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_signed_in_api_and_downloads_are_not_stored_either(client_for, world):
    client = client_for(world.users[Role.RESEARCH])
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_responses_are_left_alone(client):
    response = client.get("/api/docs")  # a redirect to the login page
    assert "Cache-Control" not in response


def _console_handler() -> logging.Handler:
    for handler in logging.getLogger().handlers:
        if any(type(f).__name__ == "ClientErrorsOnOneLine" for f in handler.filters):
            return handler
    raise AssertionError("settings.LOGGING's console handler is not installed")


def test_403_is_logged_as_one_line(client_for, world):
    handler = _console_handler()
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        response = client_for(world.users[Role.JUDGE]).get("/admin-console/")
    finally:
        handler.setStream(old)
    assert response.status_code == 403
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    forbidden = [line for line in lines if "Forbidden" in line]
    assert len(forbidden) == 1, lines
    assert "/admin-console/" in forbidden[0] and "PermissionDenied" in forbidden[0]
    assert "Traceback" not in stream.getvalue()


@pytest.mark.django_db
def test_api_docs_need_login_in_production(client, settings):
    settings.DEBUG = False
    response = client.get("/api/docs")
    assert response.status_code == 302 and "/login/" in response["Location"]
    # the schema itself stays public (token clients generate code from it)
    assert client.get("/api/openapi.json").status_code == 200


def test_api_docs_load_their_assets_locally(client_for, world):
    response = client_for(world.users[Role.RESEARCH]).get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(asset), asset
    assert client_for(world.users[Role.RESEARCH]).get("/api/openapi.json").status_code == 200


@pytest.mark.django_db
def test_api_docs_open_without_login_in_debug(client, settings):
    settings.DEBUG = True
    assert client.get("/api/docs").status_code == 200
