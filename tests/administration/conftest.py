from __future__ import annotations

import io
import struct
import zlib

import pytest

from fengqiao.courts import services
from fengqiao.courts.models import Role


@pytest.fixture
def admin(world):
    return world.users[Role.ADMIN]


@pytest.fixture
def admin_other(world):
    """The system administrator of another court (南京市玄武区人民法院)."""
    return services.user_create(
        username="u_admin_other",
        password="Test-pass-2026",
        full_name="玄武管理员",
        court=world.basic_other,
        roles=[Role.ADMIN],
    )


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A real, minimal PNG (grey square), built without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def xlsx_bytes(rows: list[list], title: str = "Sheet") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
