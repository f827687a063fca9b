"""save_upload / attachment_response: real-content checks, names, limits, rollback, headers."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from fengqiao.audit.models import AuditEntry
from fengqiao.suggestions.models import Attachment
from fengqiao.suggestions.uploads import (
    MAX_UPLOAD_BYTES,
    attachment_response,
    clean_filename,
    content_disposition,
    discard_files_on_error,
    save_upload,
)
from tests.portal.conftest import MINIMAL_PDF, build_suggestion, docx_bytes, zip_bytes

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
OFD_BYTES = zip_bytes({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>"})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def letter(world, media_root):
    return build_suggestion(world)


def upload(name: str, data: bytes, client_type: str = "text/html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=client_type)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def save(letter, world, uploaded, kind=Attachment.Kind.REPLY, who="recipient") -> Attachment:
    return save_upload(suggestion=letter, uploaded_file=uploaded, kind=kind, actor=world.users[who])


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("报告.pdf", MINIMAL_PDF, "application/pdf"),
        ("回函.docx", None, DOCX),
        ("旧版回函.doc", OLE, "application/msword"),
        ("现场照片.jpg", JPEG, "image/jpeg"),
        ("现场照片.JPEG", JPEG, "image/jpeg"),
        ("截图.png", PNG, "image/png"),
        ("电子公文.ofd", OFD_BYTES, "application/ofd"),
    ],
)
def test_accepted_types_get_whitelisted_content_type(
    world, letter, media_root, name, data, content_type
):
    data = data if data is not None else docx_bytes()
    attachment = save(letter, world, upload(name, data))  # the client claims text/html
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == world.users["recipient"]
    stored = attachment.file.name
    assert re.fullmatch(r"suggestions/\d{4}/\d{2}/[0-9a-f]{32}\.\w+", stored), stored
    assert attachment.file.read() == data
    entry = AuditEntry.objects.get(action="上传附件：回函附件")
    assert entry.object_id == str(attachment.pk) and entry.after["sha256"] == attachment.sha256


def _zip_bomb(total_mb: int) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/media/padding.bin": b"\x00" * (total_mb * 1024 * 1024),
        }
    )


REJECTED = {
    "wrong magic (.png holding a PDF)": ("截图.png", MINIMAL_PDF, "扩展名与文件内容不符"),
    ".exe renamed .pdf": ("说明.pdf", b"MZ\x90\x00\x03" + b"\x00" * 300, "可执行程序"),
    ".exe itself": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 300, "不允许上传"),
    "html renamed .jpg": ("photo.jpg", b"<html><script>alert(1)</script>", "扩展名与文件内容不符"),
    "no extension": ("README", MINIMAL_PDF, "不允许上传"),
    "double extension": ("回函.pdf.exe", MINIMAL_PDF, "不允许上传"),
    "empty": ("空.pdf", b"", "空文件"),
    ".doc holding a .docx": ("回函.doc", None, "扩展名与文件内容不符"),
    "zip without document.xml": ("回函.docx", zip_bytes({"a.txt": b"x"}), "缺少 word/document.xml"),
    "ofd without OFD.xml": ("公文.ofd", zip_bytes({"Doc_0/Document.xml": b"x"}), "缺少 OFD.xml"),
    "corrupt zip": ("回函.docx", b"PK\x03\x04" + b"\x00" * 200, "已损坏"),
    "traversal (backslash)": ("..\\..\\windows\\win.pdf", MINIMAL_PDF, "上级目录"),
    "traversal (mixed)": ("a/..\\..\\etc\\passwd.pdf", MINIMAL_PDF, "上级目录"),
}


@pytest.mark.parametrize("case", list(REJECTED), ids=list(REJECTED))
def test_rejected_uploads_save_nothing(world, letter, media_root, case):
    name, data, message = REJECTED[case]
    data = data if data is not None else docx_bytes()
    uploaded = upload(name, data)
    uploaded.name = name  # bypass Django's own basename(), as a hand-made request could
    uploaded._name = name
    with pytest.raises(ValidationError) as excinfo:
        save(letter, world, uploaded)
    assert message in " ".join(excinfo.value.messages)
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
    assert not AuditEntry.objects.filter(action__startswith="上传附件").exists()


def test_oversize_is_rejected(world, letter, media_root):
    big = upload("大文件.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError, match="20 MB"):
        save(letter, world, big)
    assert not Attachment.objects.exists() and stored_files(media_root) == []


def test_oversize_is_caught_even_if_the_declared_size_lies(world, letter, media_root, settings):
    settings.FENGQIAO_UPLOAD_MAX_BYTES = 1000
    lying = upload("小.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    lying.size = 10
    with pytest.raises(ValidationError, match="上限"):
        save(letter, world, lying)
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("megabytes", "reason"), [(60, "over 50 MB in total"), (8, "ratio over 100")]
)
def test_zip_bomb_docx_is_rejected(world, letter, media_root, megabytes, reason):
    bomb = _zip_bomb(megabytes)
    assert len(bomb) < MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError, match="压缩炸弹"):
        save(letter, world, upload("回函.docx", bomb))
    assert not Attachment.objects.exists() and stored_files(media_root) == []


def test_zip_bomb_with_lying_headers_is_caught_while_decompressing(world, letter, media_root):
    bomb = bytearray(_zip_bomb(8))
    # Rewrite every "uncompressed size" field to 1 byte: the headers now lie.
    import struct
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(bytes(bomb)))
    for info in archive.infolist():
        if info.filename == "word/media/padding.bin":
            local = info.header_offset
            struct.pack_into("<I", bomb, local + 22, 1)
    central = bytes(bomb).rfind(b"PK\x01\x02")
    struct.pack_into("<I", bomb, central + 24, 1)
    with pytest.raises(ValidationError):
        save(letter, world, upload("回函.docx", bytes(bomb)))
    assert stored_files(media_root) == []


def test_filename_is_sanitised(world, letter, media_root):
    raw = "C:\\Documents\\回函\u202e\x07说明\x00（定稿）.pdf"
    uploaded = upload(raw, MINIMAL_PDF)
    uploaded._name = raw
    attachment = save(letter, world, uploaded)
    assert attachment.original_name == "回函说明（定稿）.pdf"
    assert "回函" not in attachment.file.name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("回函.pdf", "回函.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("C:\\fakepath\\整改报告.docx", "整改报告.docx"),
        ("  ..hidden.pdf ", "hidden.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("line\nbreak\r.pdf", "linebreak.pdf"),
        ("右到左\u202efdp.exe", "右到左fdp.exe"),
        ("长" * 300 + ".pdf", "长" * 196 + ".pdf"),
    ],
)
def test_clean_filename(raw, clean):
    assert clean_filename(raw) == clean


def test_who_may_upload(world, letter, media_root):
    with pytest.raises(PermissionDenied):
        save(letter, world, upload("a.pdf", MINIMAL_PDF), who="recipient_other")
    with pytest.raises(PermissionDenied):
        save(letter, world, upload("a.pdf", MINIMAL_PDF), who="judge")
    with pytest.raises(PermissionDenied):
        save(letter, world, upload("a.pdf", MINIMAL_PDF), who="judge_other")
    with pytest.raises(PermissionDenied):  # recipients upload replies only
        save(letter, world, upload("a.pdf", MINIMAL_PDF), kind=Attachment.Kind.OTHER)
    with pytest.raises(ValidationError):
        save(letter, world, upload("a.pdf", MINIMAL_PDF), kind="nonsense", who="research")
    receipt = save(
        letter, world, upload("送达回证.pdf", MINIMAL_PDF), kind="receipt", who="research"
    )
    assert receipt.uploaded_by == world.users["research"]
    assert len(stored_files(media_root)) == 1


def test_recipient_cannot_upload_before_delivery(world, media_root):
    pre = build_suggestion(world, until="pre_communication")
    with pytest.raises(ValidationError, match="不接受"):
        save(pre, world, upload("a.pdf", MINIMAL_PDF))


def test_discard_files_on_error_removes_written_files(world, letter, media_root):
    with pytest.raises(RuntimeError), discard_files_on_error(), transaction.atomic():
        save(letter, world, upload("一.pdf", MINIMAL_PDF))
        save(letter, world, upload("二.pdf", MINIMAL_PDF))
        assert len(stored_files(media_root)) == 2
        raise RuntimeError("later step failed")
    assert stored_files(media_root) == []
    assert not Attachment.objects.exists()


def test_attachment_response_headers(world, letter, media_root):
    attachment = save(letter, world, upload("整改 报告.pdf", MINIMAL_PDF))
    response = attachment_response(attachment)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"file.pdf\"; filename*=UTF-8''"
        "%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A.pdf"
    )
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_attachment_response_never_trusts_a_stored_type(world, letter, media_root):
    attachment = save(letter, world, upload("a.pdf", MINIMAL_PDF))
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    attachment.refresh_from_db()
    response = attachment_response(attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


@pytest.mark.parametrize(
    ("name", "ascii_part"),
    [
        ("reply.pdf", 'filename="reply.pdf"'),
        ("回函.docx", 'filename="file.docx"'),
        ('a"b.pdf', 'filename="a_b.pdf"'),
        ("../../x.pdf", 'filename="_.._x.pdf"'),
    ],
)
def test_content_disposition(name, ascii_part):
    header = content_disposition(name)
    assert header.startswith("attachment; ")
    assert ascii_part in header
    assert "filename*=UTF-8''" in header
    assert "/" not in header.split("filename*=")[1]
