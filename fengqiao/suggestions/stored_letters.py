"""Signed letters as immutable files: produced once, stored with their SHA-256, served as stored.

* ``store_signed_letter`` (inside the signing or correcting transaction): renders the .docx of
  the signed version ONCE, writes it under ``FENGQIAO_LETTERS_DIR`` (atomically, read-only,
  never overwritten), records a :class:`StoredLetter` row plus a pending PDF row, marks the
  previous revision superseded (its files stay), and queues the PDF for the background worker
  after the commit. The caller puts the SHA-256 in its own audit entry (signing, 更正).
* ``convert_pdf`` (the huey task's body; never inside a web request): converts the stored
  .docx through the LibreOffice pool, stores the PDF, audits ``letter.pdf`` with its SHA-256.
* ``ensure_pdfs`` (periodic job and ``fengqiao letters``): idempotent catch-up — stores the .docx
  of signed letters that have none, converts every pending or failed PDF.
* ``current_letter`` / ``letter_file_response``: what the pages, the portal and the API serve.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.suggestions import letters
from fengqiao.suggestions.models import State, StoredLetter, Suggestion, SuggestionVersion
from fengqiao.suggestions.selectors import signed_version
from fengqiao.suggestions.uploads import _download_headers

log = logging.getLogger(__name__)

UNSIGNED_STATES = frozenset({State.DRAFTING, State.IN_REVIEW, State.WITHDRAWN})
CONTENT_TYPES = {
    StoredLetter.Kind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    StoredLetter.Kind.PDF: "application/pdf",
}


def letters_dir() -> Path:
    return Path(settings.FENGQIAO_LETTERS_DIR)


def file_path(row: StoredLetter) -> Path:
    return letters_dir() / row.path


def _write_once(relative: str, data: bytes) -> None:
    """Write ``data`` to ``relative`` under the letters folder: to a temporary name first,
    flushed to disk, then linked into place (fails rather than overwrite), read-only."""
    target = letters_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    with temporary.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.chmod(temporary, 0o444)
        os.link(temporary, target)
    except FileExistsError:
        # the same name carries the same hash: left by a transaction that never committed
        # (same bytes, reused); anything else is refused, never overwritten
        if target.read_bytes() != data:
            raise
    finally:
        temporary.unlink(missing_ok=True)


def _relative(suggestion: Suggestion, revision: int, sha256: str, ext: str) -> str:
    return f"{suggestion.court_id}/{suggestion.pk}/r{revision}-{sha256[:16]}.{ext}"


def current_letter(suggestion: Suggestion, kind: str) -> StoredLetter | None:
    """The current (not superseded) stored file of ``kind`` of a signed letter, if any. While
    a signed letter is back in drafting or review for revision, the working document is the
    draft (rendered on demand), so nothing is returned."""
    if suggestion.state in UNSIGNED_STATES:
        return None
    return (
        StoredLetter.objects.filter(suggestion=suggestion, kind=kind, superseded_at__isnull=True)
        .order_by("-revision")
        .first()
    )


def _enqueue_pdf(pdf_id: int) -> None:
    if not settings.FENGQIAO_LETTER_PDF_ENQUEUE:
        return
    from fengqiao.suggestions.tasks import letter_pdf  # huey loads only where a job is queued

    try:
        letter_pdf(pdf_id)
    except Exception:  # the queue is down: the periodic catch-up converts it later
        log.exception("event=letter_pdf_enqueue_failed pdf=%s", pdf_id)


def store_signed_letter(
    *, suggestion: Suggestion, version: SuggestionVersion | None = None, reason: str
) -> StoredLetter:
    """Render and store the signed letter's .docx (a new revision) and a pending PDF row.

    Must run inside the transaction that signs or corrects the letter; the caller audits (the
    returned row carries ``sha256``). A crash before the commit leaves at most a file no row
    references, which the periodic clean-up removes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("store_signed_letter must run inside the signing transaction")
    if suggestion.signed_at is None or not suggestion.doc_number:
        raise ValueError("只有已签发并编号的司法建议书才能存档。")
    version = version or signed_version(suggestion)
    if version is None:
        raise ValueError("没有可存档的文稿版本。")
    now = timezone.now()
    last = (
        StoredLetter.objects.select_for_update()
        .filter(suggestion=suggestion)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    revision = (last or 0) + 1
    StoredLetter.objects.filter(suggestion=suggestion, superseded_at__isnull=True).update(
        superseded_at=now
    )
    data = letters.letter_docx(suggestion, version)  # 成文日期 = suggestion.issued_on
    digest = hashlib.sha256(data).hexdigest()
    relative = _relative(suggestion, revision, digest, "docx")
    _write_once(relative, data)
    common = {
        "suggestion": suggestion,
        "version": version,
        "revision": revision,
        "doc_number": suggestion.doc_number,
        "issued_on": suggestion.issued_on,
        "reason": reason[:100],
    }
    docx = StoredLetter.objects.create(
        **common,
        kind=StoredLetter.Kind.DOCX,
        status=StoredLetter.Status.READY,
        path=relative,
        sha256=digest,
        size=len(data),
        finished_at=now,
    )
    pdf = StoredLetter.objects.create(
        **common, kind=StoredLetter.Kind.PDF, status=StoredLetter.Status.PENDING, source=docx
    )
    transaction.on_commit(lambda: _enqueue_pdf(pdf.pk))
    return docx


def letter_audit_details(row: StoredLetter) -> dict:
    return {
        "letter_revision": row.revision,
        "letter_sha256": row.sha256,
        "letter_size": row.size,
        "letter_path": row.path,
    }


def _convert(docx_path: Path) -> bytes:
    from fengqiao.documents.converter import convert_docx_bytes

    return convert_docx_bytes(docx_path.read_bytes())


def convert_pdf(*, pdf_id: int) -> StoredLetter:
    """Make the PDF of a stored .docx (idempotent: a ready PDF is returned as it is)."""
    from fengqiao.documents.converter import check_stored_docx
    from fengqiao.documents.pdf import DocumentConversionError

    row = StoredLetter.objects.select_related("source", "suggestion").get(
        pk=pdf_id, kind=StoredLetter.Kind.PDF
    )
    if row.is_ready or row.superseded_at is not None:  # a superseded PDF is never made
        return row
    source = row.source
    docx_path = file_path(source)
    try:
        check_stored_docx(docx_path.read_bytes(), sha256=source.sha256, what=source.path)
        data = _convert(docx_path)  # outside any transaction: it takes seconds
    except (DocumentConversionError, OSError, TimeoutError) as exc:
        StoredLetter.objects.filter(pk=row.pk, status__in=["pending", "failed"]).update(
            status=StoredLetter.Status.FAILED,
            error=str(exc)[:2000],
            attempts=row.attempts + 1,
        )
        log.warning("event=letter_pdf_failed pdf=%s error=%s", row.pk, exc)
        raise
    digest = hashlib.sha256(data).hexdigest()
    relative = _relative(row.suggestion, row.revision, digest, "pdf")
    with transaction.atomic():
        row = StoredLetter.objects.select_for_update().get(pk=row.pk)
        if row.is_ready:  # converted meanwhile by another worker
            return row
        _write_once(relative, data)
        row.status, row.path, row.sha256, row.size = (
            StoredLetter.Status.READY,
            relative,
            digest,
            len(data),
        )
        row.error, row.attempts, row.finished_at = "", row.attempts + 1, timezone.now()
        row.save()
        audit_record(
            code="letter.pdf",
            actor=None,
            obj=row.suggestion,
            court=row.suggestion.court_id,
            after={
                "doc_number": row.doc_number,
                "source_sha256": source.sha256,
                **letter_audit_details(row),
            },
        )
    return row


def store_missing(*, suggestion: Suggestion) -> StoredLetter | None:
    """For a letter signed before letters were stored: store its .docx now (audited)."""
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.state in UNSIGNED_STATES or locked.signed_at is None or not locked.doc_number:
            return None
        if StoredLetter.objects.filter(suggestion=locked, kind=StoredLetter.Kind.DOCX).exists():
            return None
        row = store_signed_letter(suggestion=locked, reason="补存签发文书")
        audit_record(
            code="letter.store",
            actor=None,
            obj=locked,
            court=locked.court_id,
            after={"reason": row.reason, "doc_number": row.doc_number, **letter_audit_details(row)},
        )
        return row


def ensure_pdfs(*, convert: bool = True, max_attempts: int | None = None) -> dict[str, int]:
    """Catch up: store missing .docx of signed letters, then convert every current PDF that is
    pending or failed. Safe to run any number of times."""
    stored = 0
    signed = (
        Suggestion.objects.exclude(state__in=UNSIGNED_STATES)
        .exclude(doc_number="")
        .filter(signed_at__isnull=False)
        .exclude(stored_letters__kind=StoredLetter.Kind.DOCX)
    )
    for suggestion in signed.order_by("id").iterator():
        if store_missing(suggestion=suggestion) is not None:
            stored += 1
    converted = failed = 0
    if convert:
        todo = StoredLetter.objects.filter(
            kind=StoredLetter.Kind.PDF,
            superseded_at__isnull=True,
            status__in=[StoredLetter.Status.PENDING, StoredLetter.Status.FAILED],
        ).order_by("id")
        if max_attempts is not None:
            todo = todo.filter(attempts__lt=max_attempts)
        for pdf_id in list(todo.values_list("id", flat=True)):
            try:
                convert_pdf(pdf_id=pdf_id)
                converted += 1
            except Exception:
                failed += 1
    return {"stored_docx": stored, "converted_pdf": converted, "failed_pdf": failed}


def letter_file_response(row: StoredLetter, *, filename: str) -> FileResponse:
    """Serve a stored file as a download (no regeneration, no conversion)."""
    response = FileResponse(file_path(row).open("rb"), content_type=CONTENT_TYPES[row.kind])
    response["Content-Length"] = str(row.size)
    response["X-Letter-SHA256"] = row.sha256
    return _download_headers(response, filename)


def download_name(suggestion: Suggestion, kind: str) -> str:
    stem = (suggestion.doc_number or suggestion.title or f"司法建议{suggestion.pk}")[:100]
    return f"{stem}.{kind}".replace("/", "／")
