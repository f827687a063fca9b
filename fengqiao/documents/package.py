"""Opening a .docx safely: size and zip-bomb limits, part lookup, hardened XML parsing.

The package is checked before any XML is parsed: it must be a zip, not a zip bomb (entry
count, total uncompressed size, per-entry compression ratio, and actual bytes read), and
contain the main document.  XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import BinaryIO

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_REL = R_NS + "/officeDocument"
STRICT_OFFICE_DOC_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # per entry, for entries over 1 MiB uncompressed
RATIO_FLOOR = 1024 * 1024


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


class UnreadableDocument(Exception):
    """The input is not a .docx that can be read safely; the message is Chinese."""


# ------------------------------------------------------------------ package


def _load_bytes(source: str | Path | bytes | BinaryIO) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | Path):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadableDocument(f"无法读取文件：{path}（{exc.strerror}）") from exc
        if size > MAX_INPUT_BYTES:
            raise UnreadableDocument(f"文件过大（{size // 1048576} MB），超过 50 MB 上限。")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableDocument(f"无法读取文件：{path}（{exc.strerror}）") from exc
    else:
        data = source.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableDocument("文件过大，超过 50 MB 上限。")
    return data


class Package:
    """The parts of a .docx zip, read lazily and with size limits."""

    def __init__(self, source: str | Path | bytes | BinaryIO) -> None:
        data = _load_bytes(source)
        if not data.startswith(b"PK"):
            raise UnreadableDocument(
                "不是 .docx 文件（不是 zip 格式）。请用 Word/WPS 另存为 .docx。"
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise UnreadableDocument(f"文件已损坏（zip 结构无法读取：{exc}）。") from exc
        self._check_bomb(infos)
        self._infos = {info.filename: info for info in infos}

    @staticmethod
    def _check_bomb(infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_ENTRIES:
            raise UnreadableDocument(f"文件包含 {len(infos)} 个部件，超过上限，拒绝读取。")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnreadableDocument(
                f"文件解压后共 {total // 1048576} MB，超过 200 MB 上限，疑似压缩炸弹，拒绝读取。"
            )
        for info in infos:
            if info.file_size > RATIO_FLOOR:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > MAX_RATIO:
                    raise UnreadableDocument(
                        f"部件 {info.filename} 压缩比 {ratio:.0f}:1 异常，疑似压缩炸弹，拒绝读取。"
                    )

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos[name]
        limit = min(MAX_PART_BYTES, info.file_size)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UnreadableDocument(f"部件 {name} 已损坏：{exc}") from exc
        if len(data) > limit:
            raise UnreadableDocument(f"部件 {name} 实际大小与声明不符，拒绝读取。")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: rId → (type, absolute part name)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out[rel.get("Id", "")] = (rel.get("Type", ""), name)
        return out

    def main_part(self) -> str:
        for rel_type, name in self.rels("").values():
            if rel_type in (OFFICE_DOC_REL, STRICT_OFFICE_DOC_REL) and self.has(name):
                return name
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise UnreadableDocument("文件中缺少 word/document.xml，不是有效的 Word 文档。")


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def parse_xml(data: bytes, name: str) -> etree._Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise UnreadableDocument(f"部件 {name} 含有 DTD/实体声明，拒绝读取。")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"部件 {name} 的 XML 已损坏：{exc.msg}") from exc
