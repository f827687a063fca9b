from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import docx
import openpyxl

from fengqiao.textlaw.sources import decode_bytes, iter_records

TEXT = "某某人民法院\n民事判决书\n（2019）京0105民初1号\n原告：张三。"


def test_txt_encodings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(TEXT.encode("gb18030"))
    recs = list(iter_records(tmp_path))
    assert [r.text for r in recs] == [TEXT, TEXT, TEXT]
    assert [r.fields["encoding"] for r in recs] == ["utf-8", "utf-8", "gb18030"]
    assert decode_bytes("中文".encode("utf-16"))[1] == "utf-16"


def test_json_variants(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"qw": TEXT, "writId": "x1"}, ensure_ascii=False), "utf-8"
    )
    (tmp_path / "list.json").write_text(
        json.dumps([{"fullText": TEXT}, {"content": "b"}, 3]), "utf-8"
    )
    (tmp_path / "wrapped.json").write_text(
        json.dumps({"data": [{"text": "t1"}, {"text": "t2"}]}), "utf-8"
    )
    (tmp_path / "notext.json").write_text(json.dumps({"title": "x"}), "utf-8")
    by_src: dict[str, list] = {}
    for r in iter_records(tmp_path):
        by_src.setdefault(Path(r.source).name, []).append(r)
    one = by_src["one.json"][0]
    assert one.text == TEXT and one.fields == {"writId": "x1"} and one.error is None
    lst = by_src["list.json"]
    assert [r.locator for r in lst] == ["[0]", "[1]", "[2]"]
    assert lst[0].text == TEXT and lst[1].text == "b" and lst[2].error
    assert [r.text for r in by_src["wrapped.json"]] == ["t1", "t2"]
    nt = by_src["notext.json"][0]
    assert nt.text is None and nt.error is None and nt.fields == {"title": "x"}


def test_jsonl_bad_line_does_not_stop(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n{broken\n\n{"text": "c"}\n', "utf-8")
    recs = list(iter_records(p))
    assert [(r.locator, r.text, bool(r.error)) for r in recs] == [
        ("line 1", "a", False),
        ("line 2", None, True),
        ("line 4", "c", False),
    ]


def test_csv_gb18030_and_xlsx(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(
        "案号,全文\n（2019）京0105民初1号,正文一\n（2019）京0105民初2号,正文二\n".encode("gb18030")
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "文书"
    ws.append(["id", "content"])
    ws.append([1, "正文甲"])
    ws.append([None, None])
    ws.append([2, "正文乙"])
    wb.save(tmp_path / "b.xlsx")
    recs = list(iter_records(tmp_path))
    csv_recs = [r for r in recs if r.source.endswith(".csv")]
    assert [r.text for r in csv_recs] == ["正文一", "正文二"]
    assert csv_recs[0].fields["案号"] == "（2019）京0105民初1号" and csv_recs[0].locator == "row 2"
    x = [r for r in recs if r.source.endswith(".xlsx")]
    assert [(r.locator, r.text) for r in x] == [("文书!row 2", "正文甲"), ("文书!row 4", "正文乙")]


def test_docx_and_broken_files(tmp_path: Path) -> None:
    d = docx.Document()
    for line in TEXT.split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "a.docx")
    (tmp_path / "broken.docx").write_bytes(b"not a zip at all")
    (tmp_path / "broken.json").write_text("{oops", "utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    recs = {Path(r.source).name: r for r in iter_records(tmp_path)}
    assert recs["a.docx"].text == TEXT and recs["a.docx"].error is None
    for name in ("broken.docx", "broken.json", "broken.xlsx"):
        assert recs[name].error and recs[name].text is None
    assert "ignored.bin" not in recs
    unsupported = list(iter_records(tmp_path / "ignored.bin"))
    assert len(unsupported) == 1 and unsupported[0].error


def test_archives(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.json").write_text(json.dumps({"qw": "甲"}, ensure_ascii=False), "utf-8")
    (src / "b.txt").write_text("乙", "utf-8")
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as zf:
        zf.write(src / "a.json", "docs/a.json")
        zf.write(src / "b.txt", "docs/b.txt")
    with tarfile.open(tmp_path / "y.tar.xz", "w:xz") as tf:
        tf.add(src / "a.json", "docs/a.json")
    z = list(iter_records(tmp_path / "x.zip"))
    assert [r.text for r in z] == ["甲", "乙"] and z[0].source.endswith("x.zip::docs/a.json")
    assert [r.text for r in iter_records(tmp_path / "y.tar.xz")] == ["甲"]


def test_missing_path() -> None:
    recs = list(iter_records("/definitely/not/here"))
    assert len(recs) == 1 and recs[0].error
