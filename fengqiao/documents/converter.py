"""A bounded pool of LibreOffice converters for the background worker.

``FENGQIAO_PDF_CONVERTERS`` slots live under ``FENGQIAO_SOFFICE_DIR``; a conversion takes a
free slot (an exclusive ``flock`` on the slot's lock file, so huey worker threads and several
consumer processes share the same bound) and, in it:

* **unoserver** (when the ``unoserver`` package and LibreOffice's own Python — Debian
  ``python3-uno``, run as ``FENGQIAO_UNO_PYTHON`` — are there): one long-running LibreOffice
  per slot, started on first use and kept (a conversion then takes about a second instead of
  a LibreOffice start-up). The server of slot n listens on 127.0.0.1, port
  ``FENGQIAO_UNOSERVER_PORT + 2n``; its pid is kept in the slot folder, so a later worker
  process reuses a server that is still running and replaces one that is not.
* **soffice** otherwise (or when the server fails twice): one ``soffice --convert-to`` per
  conversion, reusing the slot's profile and font cache.

Never called from a web request: signed letters are converted by the huey task in
``suggestions/tasks.py``; pages serve the stored file.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import importlib.util
import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from xmlrpc.client import ServerProxy

from django.conf import settings

from fengqiao.documents.pdf import (
    DEFAULT_TIMEOUT_S,
    DocumentConversionError,
    conversion_env,
    docx_to_pdf,
    find_soffice,
    no_hanging_punctuation,
)

log = logging.getLogger(__name__)
POLL_S = 0.2
SERVER_START_S = 90.0
# Run unoserver's server with LibreOffice's Python; our environment's packages come last on
# its path, so only ``unoserver`` (pure Python) is taken from there.
SERVER_BOOT = (
    "import sys; sys.path.append(sys.argv.pop(1)); "
    "from unoserver.server import main; sys.exit(main())"
)
_started: dict[Path, subprocess.Popen] = {}


def slots() -> list[Path]:
    base = Path(settings.FENGQIAO_SOFFICE_DIR)
    return [base / f"slot-{n}" for n in range(max(1, settings.FENGQIAO_PDF_CONVERTERS))]


@contextlib.contextmanager
def converter_slot(wait_s: float = 600.0) -> Iterator[Path]:
    """Hold one converter slot (its folder) until the block ends."""
    deadline = time.monotonic() + wait_s
    while True:
        for folder in slots():
            folder.mkdir(parents=True, exist_ok=True)
            handle = (folder / ".lock").open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield folder
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise TimeoutError("PDF 转换组件全部忙碌，请稍后重试。")
        time.sleep(POLL_S)


# ---- unoserver -----------------------------------------------------------------------------


@functools.cache
def _uno_python_ok(python: str) -> bool:
    try:
        probe = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def unoserver_available() -> bool:
    backend = settings.FENGQIAO_PDF_BACKEND
    if backend == "soffice":
        return False
    found = (
        importlib.util.find_spec("unoserver") is not None
        and find_soffice() is not None
        and _uno_python_ok(settings.FENGQIAO_UNO_PYTHON)
    )
    if backend == "unoserver" and not found:
        raise DocumentConversionError(
            "FENGQIAO_PDF_BACKEND=unoserver，但找不到 unoserver 或 LibreOffice 的 Python（uno 模块）。"
            "请安装：pip install unoserver；apt-get install -y python3-uno"
        )
    return found


def _ports(folder: Path) -> tuple[int, int]:
    n = int(folder.name.rsplit("-", 1)[-1])
    base = settings.FENGQIAO_UNOSERVER_PORT + 2 * n
    return base, base + 1


def _ready(port: int) -> bool:
    try:
        with ServerProxy(f"http://127.0.0.1:{port}", allow_none=True) as proxy:
            return bool(proxy.info())
    except Exception:  # refused, reset, not an unoserver: not ready
        return False


def _stop_server(folder: Path) -> None:
    """Stop the slot's server (ours, or one a dead worker left: its pid file says which)."""
    proc = _started.pop(folder, None)
    pid_file = folder / "unoserver.pid"
    pid = proc.pid if proc else None
    if pid is None and pid_file.exists():
        with contextlib.suppress(ValueError, OSError):
            pid = int(pid_file.read_text().strip())
    if pid:
        for sig in (signal.SIGTERM, signal.SIGKILL):  # the server and its LibreOffice
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, sig)
            if proc is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)
                    break
            else:
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and _alive(pid):
                    time.sleep(0.2)
                if not _alive(pid):
                    break
    pid_file.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _start_server(folder: Path) -> int:
    port, uno_port = _ports(folder)
    if _ready(port):  # still running from an earlier worker process
        return port
    _stop_server(folder)
    site = str(Path(importlib.util.find_spec("unoserver").origin).parent.parent)
    command = [
        settings.FENGQIAO_UNO_PYTHON,
        "-c",
        SERVER_BOOT,
        site,
        "--port",
        str(port),
        "--uno-port",
        str(uno_port),
        "--user-installation",
        str(folder / "uno-profile"),
        "--conversion-timeout",
        str(int(DEFAULT_TIMEOUT_S)),
    ]
    env = conversion_env(folder)
    env.pop("PYTHONPATH", None)
    with (folder / "unoserver.log").open("ab") as logfile:
        proc = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=logfile,
            stderr=logfile,
            start_new_session=True,  # its own process group: stopped together with soffice
        )
    _started[folder] = proc
    (folder / "unoserver.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if _ready(port):
            log.info("event=unoserver_started slot=%s pid=%s port=%s", folder.name, proc.pid, port)
            return port
        time.sleep(0.5)
    _stop_server(folder)
    raise DocumentConversionError(
        f"无法启动 PDF 转换服务（unoserver，端口 {port}）；详见 {folder / 'unoserver.log'}"
    )


@atexit.register
def _stop_all() -> None:
    for folder in list(_started):
        _stop_server(folder)


def _unoserver_convert(folder: Path, data: bytes) -> bytes:
    from unoserver.client import UnoClient

    port = _start_server(folder)
    client = UnoClient(port=str(port))
    # through flat ODF, as docx_to_pdf does: hanging punctuation switched off (LibreOffice
    # ignores the .docx's overflowPunct), so no line-end mark stands outside the 版心
    flat = client.convert(indata=data, convert_to="fodt")
    if not flat:
        raise DocumentConversionError("PDF 转换服务没有返回文档。")
    fixed = no_hanging_punctuation(bytes(flat).decode("utf-8")).encode("utf-8")
    result = client.convert(indata=fixed, convert_to="pdf", filtername="writer_pdf_Export")
    if not result or not bytes(result).startswith(b"%PDF-"):
        raise DocumentConversionError("PDF 转换服务没有返回 PDF。")
    return bytes(result)


# ---- one conversion ------------------------------------------------------------------------


def convert_docx(
    docx_path: str | Path, out_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT_S
) -> Path:
    """Convert in a pooled slot; same contract as :func:`fengqiao.documents.pdf.docx_to_pdf`."""
    source = Path(docx_path)
    with converter_slot() as folder:
        if unoserver_available():
            data = source.read_bytes()
            for attempt in (1, 2):
                try:
                    pdf = _unoserver_convert(folder, data)
                except Exception as exc:  # a crashed or hung server: replace it once
                    log.warning(
                        "event=unoserver_failed slot=%s attempt=%s error=%s", folder, attempt, exc
                    )
                    _stop_server(folder)
                    continue
                target = Path(out_dir) / f"{source.stem}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pdf)
                return target
        # one soffice per conversion, with the slot's own profile (not the server's)
        return docx_to_pdf(source, out_dir, timeout=timeout, home=folder / "oneshot")


def check_stored_docx(data: bytes, *, sha256: str, what: str) -> None:
    """An archived .docx (a signed letter, a report) must still be the file recorded when it
    was stored, before it is converted."""
    import hashlib

    if hashlib.sha256(data).hexdigest() != sha256:
        raise DocumentConversionError(f"存档的 Word 文件与登记的 SHA-256 不符：{what}")


def convert_docx_bytes(data: bytes) -> bytes:
    """The PDF of a .docx held in memory, converted in a pooled slot through a scratch folder
    (``fengqiao-soffice-*``, which the leftovers sweep knows)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fengqiao-soffice-") as tmp:
        source = Path(tmp) / "source.docx"
        source.write_bytes(data)
        return convert_docx(source, Path(tmp) / "out").read_bytes()
