"""A bounded pool of LibreOffice converters for the background worker.

LibreOffice cannot run two conversions in one profile at once, and starting it with a fresh
profile costs seconds (the profile and the fontconfig cache are built first). The pool keeps
``FENGQIAO_PDF_CONVERTERS`` long-lived slots under ``FENGQIAO_SOFFICE_DIR``; a conversion takes
a free slot (an exclusive ``flock`` on the slot's lock file, so huey worker threads and several
consumer processes share the same bound) and reuses its profile and font cache.

Never called from a web request: signed letters are converted by the huey task in
``suggestions/tasks.py``; pages serve the stored file.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from fengqiao.documents.pdf import DEFAULT_TIMEOUT_S, docx_to_pdf

POLL_S = 0.2


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


def convert_docx(
    docx_path: str | Path, out_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT_S
) -> Path:
    """Convert in a pooled slot; same contract as :func:`fengqiao.documents.pdf.docx_to_pdf`."""
    with converter_slot() as folder:
        return docx_to_pdf(docx_path, out_dir, timeout=timeout, home=folder)
