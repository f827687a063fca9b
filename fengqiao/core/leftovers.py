"""Nothing left behind by a crash: remove files that no row references.

A worker killed with SIGKILL in the middle of a request can leave

* an uploaded file already written under ``MEDIA_ROOT`` whose transaction never committed
  (``uploads.discard_files_on_error`` cleans up on an exception, not on a kill),
* a signed-letter file under ``FENGQIAO_LETTERS_DIR`` whose signing never committed, or a
  half-written ``.tmp`` beside it,
* Django's temporary upload files (``FILE_UPLOAD_TEMP_DIR``) and LibreOffice scratch folders.

``sweep_leftovers`` removes those older than the grace period (an hour by default, so a
transaction in flight is never raced), and only inside the folders the product writes: the
static part of each ``FileField``'s ``upload_to`` under ``MEDIA_ROOT``, the letters folder, the
upload temp folder and ``fengqiao-*`` scratch folders in the system temp folder. It runs from
the background worker every hour (``core/tasks.py``) and as ``fengqiao leftovers``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)

SCRATCH_PREFIXES = ("fengqiao-soffice-", "fengqiao-letter-", "fengqiao-portal-")


@dataclass
class SweepResult:
    removed: list[str] = field(default_factory=list)
    kept_referenced: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {
            "removed": len(self.removed),
            "files": self.removed[:200],
            "kept_referenced": self.kept_referenced,
            "dry_run": self.dry_run,
        }


def _file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, f)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField)
    ]


def _media_roots() -> tuple[set[str], list[Path]]:
    """Names referenced by FileFields, and the folders under MEDIA_ROOT they write to."""
    referenced: set[str] = set()
    roots: list[Path] = []
    media = Path(settings.MEDIA_ROOT)
    for model, f in _file_fields():
        referenced.update(
            name
            for name in model._default_manager.exclude(**{f.name: ""})
            .values_list(f.name, flat=True)
            .iterator()
            if name
        )
        upload_to = f.upload_to if isinstance(f.upload_to, str) else ""
        static = upload_to.split("%", 1)[0].rstrip("/")
        if static:  # never sweep MEDIA_ROOT itself
            roots.append(media / static)
    return referenced, roots


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.lstat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def _remove(path: Path, result: SweepResult) -> None:
    result.removed.append(str(path))
    if result.dry_run:
        return
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("event=leftover_remove_failed path=%s error=%s", path, exc)


def sweep_leftovers(*, grace_s: int | None = None, dry_run: bool = False) -> SweepResult:
    from fengqiao.suggestions.models import StoredLetter

    grace = settings.FENGQIAO_LEFTOVER_GRACE_S if grace_s is None else grace_s
    cutoff = time.time() - grace
    result = SweepResult(dry_run=dry_run)
    media = Path(settings.MEDIA_ROOT)

    referenced, roots = _media_roots()
    for root in roots:
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if not path.is_file() or not _old(path, cutoff):
                continue
            if path.relative_to(media).as_posix() in referenced:
                result.kept_referenced += 1
            else:
                _remove(path, result)

    letters = Path(settings.FENGQIAO_LETTERS_DIR)
    if letters.is_dir():
        stored = set(StoredLetter.objects.exclude(path="").values_list("path", flat=True))
        for path in letters.rglob("*"):
            if not path.is_file() or not _old(path, cutoff):
                continue
            if path.relative_to(letters).as_posix() in stored:
                result.kept_referenced += 1
            else:
                _remove(path, result)

    upload_tmp = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if upload_tmp and Path(upload_tmp).is_dir():
        for path in Path(upload_tmp).iterdir():
            if _old(path, cutoff):
                _remove(path, result)

    for path in Path(tempfile.gettempdir()).glob("fengqiao-*"):
        if path.name.startswith(SCRATCH_PREFIXES) and _old(path, cutoff):
            _remove(path, result)

    if result.removed and not dry_run:
        from fengqiao.audit.services import audit_record

        audit_record(
            code="files.sweep",
            actor=None,
            after={"removed": len(result.removed), "files": result.removed[:50]},
        )
        log.info("event=leftovers_removed count=%s", len(result.removed))
    return result
