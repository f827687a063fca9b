"""Uploaded files: checked by their real content, stored under random names, served only as
downloads.

* ``check_upload`` reads a file and says whether we accept it (type by extension AND by
  content, size, zip bombs, file name), without writing anything.
* ``save_upload`` checks permission, checks the file, stores it and records an Attachment,
  audited. Files written inside ``discard_files_on_error()`` are deleted again when the block
  raises, so a failed transaction leaves no orphan on disk.
* ``attachment_response`` / ``download_response`` serve bytes as a download that a browser
  never renders inline or sniffs into HTML/script.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.db import transaction
from django.http import FileResponse, HttpResponse

from fengqiao.audit.services import audit_record
from fengqiao.courts.permissions import require_permission
from fengqiao.suggestions.models import Attachment, Suggestion
from fengqiao.suggestions.policy import REPLY_STATES

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MB
ZIP_MAX_UNCOMPRESSED = 50 * MB
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 5000
NAME_MAX_CHARS = 200  # Attachment.original_name


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    magic: tuple[bytes, ...]
    zip_member: str | None = None  # zip formats: a member that must be present


PDF = FileType("PDF 文件", "application/pdf", (b"%PDF-",))
DOCX = FileType(
    "Word 文档（.docx）",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (b"PK\x03\x04",),
    zip_member="word/document.xml",
)
DOC = FileType(
    "Word 97-2003 文档（.doc）", "application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
)
JPEG = FileType("JPEG 图片", "image/jpeg", (b"\xff\xd8\xff",))
PNG = FileType("PNG 图片", "image/png", (b"\x89PNG\r\n\x1a\n",))
OFD = FileType("OFD 版式文件", "application/ofd", (b"PK\x03\x04",), zip_member="OFD.xml")
# not among the letters' attachments; other uploads pass their own ``allowed`` table
XLSX = FileType(
    "Excel 工作簿（.xlsx）",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (b"PK\x03\x04",),
    zip_member="xl/workbook.xml",
)

ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".doc": DOC,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".ofd": OFD,
}
ALLOWED_CONTENT_TYPES = frozenset(t.content_type for t in ALLOWED_TYPES.values())
ALLOWED_LABEL = "PDF、Word（.docx/.doc）、OFD、JPG、PNG"

# Recognised only to say what a refused file really is.
_OTHER_MAGIC: list[tuple[bytes, str]] = [
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"#!", "脚本文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"GIF8", "GIF 图片"),
    (b"<", "网页或 XML 文件"),
]


def max_upload_bytes() -> int:
    return int(getattr(settings, "FENGQIAO_UPLOAD_MAX_BYTES", MAX_UPLOAD_BYTES))


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # sanitised, for display and the download file name
    extension: str
    file_type: FileType
    size: int
    sha256: str


# ---- file names ----------------------------------------------------------------------------

_WINDOWS_RESERVED = re.compile(r'[<>:"|?*]')
_STRIP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def clean_filename(raw: str) -> str:
    """The name to show and offer on download: no folders, no control or direction-override
    characters, Chinese kept. A name that tries to climb folders ("..") is refused."""
    name = unicodedata.normalize("NFC", raw or "")
    parts = [p.strip() for p in re.split(r"[\\/]+", name)]
    if any(p == ".." for p in parts):
        raise ValidationError(
            f"文件名“{_shown(raw)}”含有上级目录（..），不能上传。请重命名文件后再上传。"
        )
    name = parts[-1] if parts else ""
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _STRIP_CATEGORIES)
    name = _WINDOWS_RESERVED.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if len(name) > NAME_MAX_CHARS:
        stem, dot, ext = name.rpartition(".")
        ext = f".{ext}" if dot and len(ext) <= 10 else ""
        name = (stem if ext else name)[: NAME_MAX_CHARS - len(ext)] + ext
    return name


def _shown(raw: str) -> str:
    """A refused name made safe to echo back in a message."""
    text = "".join(ch for ch in (raw or "") if unicodedata.category(ch) not in _STRIP_CATEGORIES)
    return text[:80]


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


# ---- content checks ------------------------------------------------------------------------


def _what_is(head: bytes) -> str | None:
    for file_type in ALLOWED_TYPES.values():
        if file_type.zip_member is None and head.startswith(file_type.magic):
            return file_type.label
    for magic, label in _OTHER_MAGIC:
        if head.startswith(magic):
            return label
    if head.startswith(b"PK\x03\x04"):
        return "ZIP 压缩包"
    return None


def _check_zip(handle, *, name: str, file_type: FileType, archive_size: int) -> None:
    """Open the zip without extracting to disk; decompress every member in a bounded way, so
    neither lying headers nor overlapping entries get past the limits."""
    broken = ValidationError(f"“{name}”已损坏或无法读取，请确认能在本机正常打开后重新上传。")
    bomb = ValidationError(
        f"“{name}”解压后过大（超过 {ZIP_MAX_UNCOMPRESSED // MB} MB 或压缩比超过"
        f" {ZIP_MAX_RATIO} 倍），疑似“压缩炸弹”，不能上传。"
    )
    budget = min(ZIP_MAX_UNCOMPRESSED, ZIP_MAX_RATIO * max(archive_size, 1))
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise bomb
            declared = sum(m.file_size for m in members)
            if declared > budget:
                raise bomb
            if file_type.zip_member not in {m.filename for m in members}:
                raise ValidationError(
                    f"“{name}”不是有效的{file_type.label}（缺少 {file_type.zip_member}）。"
                    f"请用 Word/WPS 或版式软件另存后重新上传。"
                )
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise ValidationError(f"“{name}”已加密，请取消密码保护后重新上传。")
                with archive.open(member) as stream:
                    while chunk := stream.read(MB):
                        total += len(chunk)
                        if total > budget:
                            raise bomb
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        OSError,
        ValueError,
    ) as exc:
        raise broken from exc


def check_upload(
    uploaded_file, *, allowed: dict[str, FileType] | None = None, allowed_label: str = ""
) -> CheckedUpload:
    """Validate type (extension AND content), size and name. Writes nothing. ``allowed``
    (extension → type) narrows or changes the accepted types for other kinds of upload."""
    raw_name = getattr(uploaded_file, "name", "") or ""
    name = clean_filename(raw_name)
    extension = _extension(name)
    file_type = (allowed if allowed is not None else ALLOWED_TYPES).get(extension)
    if file_type is None:
        shown = extension or "（无扩展名）"
        label = allowed_label or ALLOWED_LABEL
        raise ValidationError(
            f"“{name or _shown(raw_name)}”的类型 {shown} 不允许上传。可以上传：{label}。"
        )
    limit = max_upload_bytes()
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(
            f"“{name}”大小为 {declared / MB:.1f} MB，超过单个文件 {limit / MB:.0f} MB 的上限。"
            "请压缩或拆分后再上传。"
        )
    uploaded_file.seek(0)
    digest, size, head = hashlib.sha256(), 0, b""
    for chunk in iter(lambda: uploaded_file.read(MB), b""):
        if not head:
            head = chunk[:16]
        digest.update(chunk)
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                f"“{name}”超过单个文件 {limit / MB:.0f} MB 的上限。请压缩或拆分后再上传。"
            )
    if size == 0:
        raise ValidationError(f"“{name}”是空文件，请选择正确的文件。")
    if not head.startswith(file_type.magic):
        actual = _what_is(head)
        detail = f"内容实际是{actual}" if actual else f"内容不是{file_type.label}"
        raise ValidationError(
            f"“{name}”的扩展名为 {extension}，但{detail}，扩展名与文件内容不符，不能上传。"
            "请上传原始文件，不要修改扩展名。"
        )
    if file_type.zip_member is not None:
        uploaded_file.seek(0)
        _check_zip(uploaded_file, name=name, file_type=file_type, archive_size=size)
    uploaded_file.seek(0)
    return CheckedUpload(name, extension, file_type, size, digest.hexdigest())


# ---- storing -------------------------------------------------------------------------------

_written: contextvars.ContextVar[list[tuple[Storage, str]] | None] = contextvars.ContextVar(
    "fengqiao_upload_batch", default=None
)


@contextlib.contextmanager
def discard_files_on_error() -> Iterator[None]:
    """Wrap a transaction that calls ``save_upload``: if the block raises, the files it wrote
    are deleted (the database rolls back by itself; the disk does not)."""
    batch: list[tuple[Storage, str]] = []
    token = _written.set(batch)
    try:
        yield
    except BaseException:
        for storage, stored in batch:
            with contextlib.suppress(OSError):
                storage.delete(stored)
        raise
    finally:
        _written.reset(token)


RECIPIENT_KINDS = frozenset({Attachment.Kind.REPLY})
RECIPIENT_STATES = frozenset(REPLY_STATES)  # reply attachments: while a reply may be filed


def _check_actor(actor, suggestion: Suggestion, kind: str) -> None:
    if kind not in Attachment.Kind.values:
        raise ValidationError(f"未知的附件类型：{kind}")
    if getattr(actor, "is_recipient", False):
        if actor.recipient_unit_id != suggestion.recipient_id:
            raise PermissionDenied("只能为发给本单位的司法建议上传材料。")
        if kind not in RECIPIENT_KINDS:
            raise PermissionDenied("被建议单位只能上传回函附件。")
        if suggestion.state not in RECIPIENT_STATES:
            raise ValidationError("该司法建议当前不接受回函材料。")
        return
    require_permission(actor, "suggestion.register")
    if actor.court_id != suggestion.court_id:
        raise PermissionDenied("只能处理本院的司法建议工作。")


def store_upload(row, *, uploaded_file, checked: CheckedUpload, audit: Callable[[], None]):
    """Store a checked upload on ``row`` (a model with ``file``, ``original_name``,
    ``content_type``, ``size`` and ``sha256``): write the file under a random name, save the row,
    then ``audit()``. If the save or the audit fails, the file is deleted at once — or, inside
    ``discard_files_on_error``, with the rest of that block's files."""
    row.original_name = checked.name
    row.content_type = checked.file_type.content_type
    row.size, row.sha256 = checked.size, checked.sha256
    uploaded_file.seek(0)
    row.file.save(f"{secrets.token_hex(16)}{checked.extension}", uploaded_file, save=False)
    storage, stored = row.file.storage, row.file.name
    batch = _written.get()
    if batch is not None:
        batch.append((storage, stored))
    try:
        row.save()
        audit()
    except BaseException:
        if batch is None:
            with contextlib.suppress(OSError):
                storage.delete(stored)
        raise
    return row


@transaction.atomic
def save_upload(*, suggestion: Suggestion, uploaded_file, kind: str, actor) -> Attachment:
    """Check and store one uploaded file for a suggestion; returns the saved Attachment."""
    _check_actor(actor, suggestion, kind)
    checked = check_upload(uploaded_file)
    attachment = Attachment(suggestion=suggestion, kind=kind, uploaded_by=actor)
    return store_upload(
        attachment,
        uploaded_file=uploaded_file,
        checked=checked,
        audit=lambda: audit_record(
            code="attachment.upload",
            actor=actor,
            action=f"上传附件：{attachment.get_kind_display()}",
            obj=attachment,
            court=suggestion.court_id,
            after={
                "suggestion": suggestion.pk,
                "name": checked.name,
                "size": checked.size,
                "sha256": checked.sha256,
                "content_type": attachment.content_type,
            },
        ),
    )


# ---- serving -------------------------------------------------------------------------------


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the RFC 5987 UTF-8 ``filename*``."""
    safe = clean_filename(filename.replace("/", "_").replace("\\", "_")) or "file"
    extension = _extension(safe)
    ascii_name = safe.encode("ascii", "ignore").decode().replace('"', "").strip()
    ascii_stem = ascii_name[: len(ascii_name) - len(extension)] if extension else ascii_name
    if not ascii_stem.strip(" ._-"):
        ascii_name = f"file{extension}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


def _download_headers(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    """Serve a stored attachment as a download with its whitelisted content type."""
    content_type = (
        attachment.content_type
        if attachment.content_type in ALLOWED_CONTENT_TYPES
        else "application/octet-stream"
    )
    response = FileResponse(attachment.file.open("rb"), content_type=content_type)
    return _download_headers(response, attachment.original_name)


def stored_file_response(file, *, filename: str, content_type: str) -> FileResponse:
    """Serve another app's stored upload (already checked on the way in) as a download."""
    return _download_headers(FileResponse(file.open("rb"), content_type=content_type), filename)


GENERATED_CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


def download_response(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """Serve generated bytes (a letter, a PDF) the same way as an attachment."""
    if content_type not in ALLOWED_CONTENT_TYPES:
        content_type = "application/octet-stream"
    return _download_headers(HttpResponse(data, content_type=content_type), filename)


def generated_download(data: bytes | str, filename: str) -> HttpResponse:
    """A document the product generated (letter, report, register export), as a download;
    the content type follows the file's extension (docx, pdf, xlsx, txt)."""
    extension = filename.rsplit(".", 1)[-1].lower()
    content_type = GENERATED_CONTENT_TYPES.get(extension, "application/octet-stream")
    return _download_headers(HttpResponse(data, content_type=content_type), filename)
