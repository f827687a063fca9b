"""Inputs that must be refused before (or instead of) parsing."""

from __future__ import annotations

import io
import zipfile

import pytest

from fengqiao.documents import package
from fengqiao.documents.checker import check_docx
from fengqiao.documents.content import sample_suggestion_content
from fengqiao.documents.docx_writer import render_suggestion_docx
from fengqiao.documents.reader import UnreadableDocument, read_docx


@pytest.fixture(scope="module")
def good() -> bytes:
    return render_suggestion_docx(sample_suggestion_content())


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _replace(docx: bytes, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    entries[name] = data
    return _zip(entries)


def _assert_unreadable(data: bytes, fragment: str) -> None:
    result = check_docx(data)
    assert result.unreadable and not result.ok
    assert [e.code for e in result.errors] == ["unreadable"]
    assert fragment in result.errors[0].message
    with pytest.raises(UnreadableDocument):
        read_docx(data)


def test_text_file(tmp_path) -> None:
    path = tmp_path / "letter.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    result = check_docx(path)
    assert result.unreadable
    assert "不是 zip" in result.errors[0].message


def test_missing_file(tmp_path) -> None:
    assert check_docx(tmp_path / "nope.docx").unreadable


def test_truncated_zip(good: bytes) -> None:
    _assert_unreadable(good[: len(good) // 2], "损坏")


def test_zip_bomb_by_ratio() -> None:
    bomb = _zip({"word/document.xml": b"<a/>", "word/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    _assert_unreadable(bomb, "压缩炸弹")


def test_zip_bomb_by_total_size(monkeypatch) -> None:
    monkeypatch.setattr(package, "MAX_TOTAL_UNCOMPRESSED", 1024 * 1024)
    data = _zip({"word/document.xml": b"<a/>", "big.txt": bytes(range(256)) * 8192})
    _assert_unreadable(data, "超过")


def test_too_many_entries(monkeypatch) -> None:
    monkeypatch.setattr(package, "MAX_ENTRIES", 10)
    data = _zip({f"part{i}.xml": b"<a/>" for i in range(11)})
    _assert_unreadable(data, "部件")


def test_zip_without_document_xml() -> None:
    _assert_unreadable(_zip({"[Content_Types].xml": b"<Types/>"}), "word/document.xml")


def test_corrupted_xml(good: bytes) -> None:
    _assert_unreadable(_replace(good, "word/document.xml", b"<w:document><w:body>"), "XML")


def test_entity_expansion_refused(good: bytes) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<lolz>&lol2;</lolz>"
    )
    _assert_unreadable(_replace(good, "word/document.xml", laughs), "DTD")


def test_document_without_body(good: bytes) -> None:
    xml = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    _assert_unreadable(_replace(good, "word/document.xml", xml), "正文")


def test_file_object_input(good: bytes) -> None:
    assert check_docx(io.BytesIO(good)).ok
