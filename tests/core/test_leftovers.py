"""Nothing left behind by a crash: files no row references (an upload or a signed letter whose
transaction never committed, a half-written temporary file) and stale temporary uploads are
removed by the periodic clean-up; referenced and recent files are kept."""

from __future__ import annotations

import json
import os
import tempfile
import time
from io import StringIO

import pytest
from django.core.management import call_command

from fengqiao.audit.models import AuditEntry
from fengqiao.core.leftovers import sweep_leftovers
from fengqiao.suggestions.models import Attachment, StoredLetter
from fengqiao.suggestions.uploads import save_upload
from tests.portal.conftest import build_suggestion, pdf_file

HOUR = 3600


def _age(path, seconds: int = 2 * HOUR) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def folders(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "systmp"))
    (tmp_path / "systmp").mkdir()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings


def test_sweep_removes_unreferenced_old_files_only(world, folders, tmp_path):
    s = build_suggestion(world)
    kept = save_upload(
        suggestion=s,
        uploaded_file=pdf_file(),
        kind=Attachment.Kind.LETTER,
        actor=world.users["research"],
    )
    media = folders.MEDIA_ROOT
    kept_path = media / kept.file.name
    # what a worker killed mid-transaction leaves: the file, no row
    orphan = kept_path.with_name("0123456789abcdef0123456789abcdef.pdf")
    orphan.write_bytes(b"%PDF-1.4 orphan")
    recent_orphan = kept_path.with_name("fedcba9876543210fedcba9876543210.pdf")
    recent_orphan.write_bytes(b"%PDF-1.4 in flight")  # a transaction may still commit it
    letter = StoredLetter.objects.get(suggestion=s, kind="docx")
    letters = folders.FENGQIAO_LETTERS_DIR
    letter_path = letters / letter.path
    orphan_letter = letter_path.with_name("r9-0000000000000000.docx")
    orphan_letter.write_bytes(b"PK")
    half_written = letter_path.with_name(".r9-0000000000000000.docx.abcd1234.tmp")
    half_written.write_bytes(b"PK")
    spooled = folders.FILE_UPLOAD_TEMP_DIR / "tmpabc123.upload.pdf"
    spooled.write_bytes(b"x" * 1000)
    fresh_spool = folders.FILE_UPLOAD_TEMP_DIR / "tmpdef456.upload.pdf"
    fresh_spool.write_bytes(b"x")
    scratch = tmp_path / "systmp" / "fengqiao-soffice-abc"  # a killed conversion's profile
    (scratch / "profile").mkdir(parents=True)
    other_scratch = tmp_path / "systmp" / "not-ours-abc"
    other_scratch.mkdir()
    outside = media / "someone-elses-folder" / "keep.txt"  # not a folder we write to
    outside.parent.mkdir(parents=True)
    outside.write_bytes(b"keep")
    for path in (kept_path, orphan, orphan_letter, half_written, spooled, letter_path, outside):
        _age(path)
    _age(scratch)
    _age(other_scratch)

    dry = sweep_leftovers(dry_run=True)
    assert set(dry.removed) == {
        str(p) for p in (orphan, orphan_letter, half_written, spooled, scratch)
    }
    assert orphan.exists()

    out = StringIO()
    call_command("leftovers", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["removed"] == 5
    for gone in (orphan, orphan_letter, half_written, spooled, scratch):
        assert not gone.exists(), gone
    for still in (kept_path, recent_orphan, letter_path, fresh_spool, outside, other_scratch):
        assert still.exists(), still
    entry = AuditEntry.objects.get(code="files.sweep")
    assert entry.after["removed"] == 5
    # run again: nothing more to do, no new audit entry
    assert sweep_leftovers().removed == []
    assert AuditEntry.objects.filter(code="files.sweep").count() == 1


def test_uploads_spool_into_the_swept_folder():
    from django.conf import settings

    assert settings.FILE_UPLOAD_TEMP_DIR.is_relative_to(settings.DATA_DIR)
