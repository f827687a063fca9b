"""Read judgment texts from files and folders: txt, docx, json, jsonl, csv, xlsx (+ zip/tar archives).

``iter_records(path)`` yields one :class:`SourceRecord` per document. It never raises while
iterating: an unreadable file, line or row comes back as a record with ``error`` set (a broken
file yields one error record) and iteration continues with the next one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["SUPPORTED_SUFFIXES", "TEXT_FIELDS", "SourceRecord", "decode_bytes", "iter_records"]

# Candidate names of the full-text field (compared case-insensitively).
TEXT_FIELDS: tuple[str, ...] = (
    "qw", "fulltext", "full_text", "content", "text", "全文", "正文", "文书全文", "裁判文书全文", "文书内容",
    "文书正文", "body", "document", "doc",
)  # fmt: skip
SUPPORTED_SUFFIXES = (".txt", ".docx", ".json", ".jsonl", ".ndjson", ".csv", ".xlsx", ".xlsm")
_ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")
_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(slots=True)
class SourceRecord:
    source: str  # file path (archive members: "archive.tar.xz::member/path.json")
    locator: str  # "" for whole files, "line 3", "row 5", "Sheet1!row 2", "[4]" …
    text: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text trying utf-8 (with or without BOM), then gb18030. Returns (text, encoding).

    UTF-16 is recognised by its BOM. Raises ``UnicodeDecodeError`` if nothing fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    last: UnicodeDecodeError | None = None
    for enc in _ENCODINGS:
        try:
            return data.decode(enc), "utf-8" if enc == "utf-8-sig" else enc
        except UnicodeDecodeError as exc:
            last = exc
    assert last is not None
    raise last


def _suffix(name: str) -> str:
    low = name.lower()
    for s in _ARCHIVES:
        if low.endswith(s):
            return s
    return os.path.splitext(low)[1]


def _text_key(obj: dict[str, Any]) -> str | None:
    lower = {str(k).lower(): k for k in obj}
    for cand in TEXT_FIELDS:
        k = lower.get(cand)
        if k is not None and isinstance(obj[k], str) and obj[k].strip():
            return k
    return None


def _record_from_obj(source: str, locator: str, obj: Any) -> SourceRecord:
    if isinstance(obj, str):
        return SourceRecord(source, locator, obj, {})
    if not isinstance(obj, dict):
        return SourceRecord(source, locator, None, {"value": obj}, "不是 JSON 对象或字符串")
    k = _text_key(obj)
    fields = {kk: v for kk, v in obj.items() if kk != k}
    return SourceRecord(source, locator, obj[k] if k else None, fields)


def _iter_json(source: str, data: bytes) -> Iterator[SourceRecord]:
    text, _ = decode_bytes(data)
    obj = json.loads(text)
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield _record_from_obj(source, f"[{i}]", item)
        return
    if isinstance(obj, dict) and _text_key(obj) is None:
        for key in ("data", "records", "items", "docs", "documents", "dataset"):
            inner = obj.get(key)
            if isinstance(inner, list):
                for i, item in enumerate(inner):
                    yield _record_from_obj(source, f"{key}[{i}]", item)
                return
    yield _record_from_obj(source, "", obj)


def _iter_jsonl(source: str, data: bytes) -> Iterator[SourceRecord]:
    text, _ = decode_bytes(data)
    yield from _jsonl_lines(source, text.splitlines())


def _line_encoding(path: Path) -> str:
    """The encoding of a line-oriented file, judged line by line without loading it whole."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        handle.seek(0)
        for raw in handle:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return "gb18030"
    return "utf-8-sig"


def _stream_jsonl(path: Path) -> Iterator[SourceRecord]:
    """A large .jsonl is read one line at a time: memory stays flat whatever its size."""
    with open(path, encoding=_line_encoding(path), newline="") as handle:
        yield from _jsonl_lines(str(path), (line.rstrip("\r\n") for line in handle))


def _jsonl_lines(source: str, lines: Iterable[str]) -> Iterator[SourceRecord]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield SourceRecord(source, f"line {n}", None, {}, f"JSON 解析失败：{exc}")
            continue
        yield _record_from_obj(source, f"line {n}", obj)


def _iter_csv(source: str, data: bytes) -> Iterator[SourceRecord]:
    text, _ = decode_bytes(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] | None = None
    for n, row in enumerate(reader, 1):
        if header is None:
            header = [h.strip() for h in row]
            continue
        if not any(c.strip() for c in row):
            continue
        obj = {header[i] if i < len(header) else f"col{i + 1}": v for i, v in enumerate(row)}
        yield _record_from_obj(source, f"row {n}", obj)


def _iter_xlsx(source: str, data: bytes) -> Iterator[SourceRecord]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            header: list[str] | None = None
            for n, row in enumerate(ws.iter_rows(values_only=True), 1):
                if header is None:
                    header = [
                        str(h).strip() if h is not None else f"col{i + 1}"
                        for i, h in enumerate(row)
                    ]
                    continue
                if row is None or all(v is None or str(v).strip() == "" for v in row):
                    continue
                obj = {
                    (header[i] if i < len(header) else f"col{i + 1}"): (
                        v.isoformat() if hasattr(v, "isoformat") else v
                    )
                    for i, v in enumerate(row)
                }
                yield _record_from_obj(source, f"{ws.title}!row {n}", obj)
    finally:
        wb.close()


def _docx_text(data: bytes) -> tuple[str, dict[str, Any]]:
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            cells: list[str] = []
            for c in row.cells:
                if not cells or c.text != cells[-1]:  # merged cells repeat their text
                    cells.append(c.text)
            parts.append("\t".join(cells))
    props = d.core_properties
    fields = {k: v for k, v in {"title": props.title, "author": props.author}.items() if v}
    return "\n".join(parts), fields


def _iter_bytes(source: str, name: str, data: bytes) -> Iterator[SourceRecord]:
    suf = _suffix(name)
    if suf == ".txt":
        try:
            text, enc = decode_bytes(data)
        except UnicodeDecodeError:
            yield SourceRecord(source, "", None, {}, "无法识别文本编码（试过 utf-8、gb18030）")
            return
        yield SourceRecord(source, "", text, {"encoding": enc})
    elif suf == ".docx":
        text, fields = _docx_text(data)
        yield SourceRecord(source, "", text, fields)
    elif suf == ".json":
        yield from _iter_json(source, data)
    elif suf in (".jsonl", ".ndjson"):
        yield from _iter_jsonl(source, data)
    elif suf == ".csv":
        yield from _iter_csv(source, data)
    elif suf in (".xlsx", ".xlsm"):
        yield from _iter_xlsx(source, data)
    else:
        yield SourceRecord(source, "", None, {}, f"不支持的文件类型：{suf or name}")


def _guarded(source: str, it: Iterable[SourceRecord]) -> Iterator[SourceRecord]:
    """Yield from ``it``; an exception becomes one error record and ends this file."""
    last = ""
    try:
        for rec in it:
            last = rec.locator
            yield rec
    except Exception as exc:
        where = f"after {last}" if last else ""
        yield SourceRecord(source, where, None, {}, f"读取失败：{type(exc).__name__}: {exc}"[:500])


def _iter_archive(path: Path) -> Iterator[SourceRecord]:
    suf = _suffix(path.name)
    if suf == ".zip":
        with zipfile.ZipFile(path) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.is_dir() or _suffix(info.filename) not in SUPPORTED_SUFFIXES:
                    continue
                src = f"{path}::{info.filename}"
                yield from _guarded(src, _iter_bytes(src, info.filename, zf.read(info)))
        return
    with tarfile.open(path) as tf:
        for member in tf:
            if not member.isfile() or _suffix(member.name) not in SUPPORTED_SUFFIXES:
                continue
            src = f"{path}::{member.name}"
            fh = tf.extractfile(member)
            if fh is None:
                continue
            yield from _guarded(src, _iter_bytes(src, member.name, fh.read()))


def _iter_file(path: Path) -> Iterator[SourceRecord]:
    src = str(path)
    if _suffix(path.name) in _ARCHIVES:
        yield from _guarded(src, _iter_archive(path))
        return
    try:
        if _suffix(path.name) in (".jsonl", ".ndjson"):
            yield from _guarded(src, _stream_jsonl(path))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield SourceRecord(src, "", None, {}, f"无法读取文件：{exc}")
        return
    yield from _guarded(src, _iter_bytes(src, path.name, data))


def iter_records(path: str | os.PathLike[str]) -> Iterator[SourceRecord]:
    """Records from a file, an archive (zip/tar[.gz|.xz]) or a folder (recursively, sorted).

    Folders skip hidden files and unsupported types; an explicitly named unsupported file yields
    an error record. Never raises during iteration.
    """
    p = Path(path)
    if not p.exists():
        yield SourceRecord(str(p), "", None, {}, "路径不存在")
        return
    if p.is_file():
        yield from _iter_file(p)
        return
    for root, dirs, files in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            if _suffix(name) in SUPPORTED_SUFFIXES or _suffix(name) in _ARCHIVES:
                yield from _iter_file(Path(root) / name)
