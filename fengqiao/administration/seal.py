"""院印 images: PNG only, recognised by content (signature, IHDR with a valid CRC, IEND), and
of a bounded size — so nothing but a picture can be stored and later served."""

from __future__ import annotations

import struct
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 4000


def seal_max_bytes() -> int:
    return int(getattr(settings, "FENGQIAO_SEAL_MAX_BYTES", 2 * 1024 * 1024))


def check_seal_png(uploaded_file) -> bytes:
    """Return the file's bytes when it is a sound PNG within the limits; else a Chinese error."""
    limit = seal_max_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            f"院印图片为 {size / 1024:.0f} KB，超过 {limit // 1024} KB 的上限，请压缩后再上传。"
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"院印图片超过 {limit // 1024} KB 的上限，请压缩后再上传。")
    if not data.startswith(PNG_SIGNATURE):
        raise ValidationError("院印图片须为 PNG 格式（透明背景），所选文件不是 PNG 图片。")
    if len(data) < 8 + 25 + 12 or data[12:16] != b"IHDR":
        raise ValidationError("院印图片已损坏（缺少 PNG 文件头），请重新导出后上传。")
    length = struct.unpack(">I", data[8:12])[0]
    if length != 13:
        raise ValidationError("院印图片已损坏（PNG 文件头长度不对），请重新导出后上传。")
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(data[12:29]) & 0xFFFFFFFF != crc:
        raise ValidationError("院印图片已损坏（PNG 文件头校验失败），请重新导出后上传。")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ValidationError(f"院印图片尺寸为 {width}×{height}，应在 1–{MAX_SIDE} 像素之间。")
    if b"IEND" not in data[-12:]:
        raise ValidationError("院印图片不完整（缺少 PNG 结尾），请重新导出后上传。")
    return data
