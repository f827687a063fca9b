"""Documents not made by Fengqiao: direct formatting, theme fonts, Word numbering, LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from fengqiao.documents.checker import check_docx
from fengqiao.documents.content import sample_suggestion_content
from fengqiao.documents.docx_writer import document_bytes, render_suggestion_docx
from fengqiao.documents.reader import Numbering, parse_xml, read_docx

from .handmade import build_handmade, set_theme_hans_font


def test_handmade_letter_in_songti_theme_is_flagged_through_the_theme() -> None:
    result = check_docx(document_bytes(build_handmade()))
    assert result.codes == {"body_font"}
    assert "宋体" in result.errors[0].message  # the theme's 正文中文 font


def test_handmade_letter_leaving_punctuation_to_hang_is_flagged() -> None:
    data = set_theme_hans_font(document_bytes(build_handmade(overflow_punct=True)), "仿宋_GB2312")
    assert check_docx(data).codes == {"hanging_punctuation"}


def test_handmade_letter_with_fangsong_theme_passes() -> None:
    data = set_theme_hans_font(document_bytes(build_handmade()), "仿宋_GB2312")
    result = check_docx(data)
    assert result.ok, [(e.code, e.where, e.message) for e in result.errors]


def test_word_numbering_labels_are_rebuilt() -> None:
    model = read_docx(document_bytes(build_handmade()))
    labelled = [p.text for p in model.paragraphs if p.label]
    assert labelled == ["一、存在的问题", "二、司法建议"]


def test_numbering_formats() -> None:
    xml = (
        b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:abstractNum w:abstractNumId="1">'
        b'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        b'<w:lvlText w:val="%1\xe3\x80\x81"/></w:lvl>'
        b'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        b'<w:lvlText w:val="\xef\xbc\x88%2\xef\xbc\x89"/></w:lvl>'
        b'<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        b'<w:lvlText w:val="%3."/></w:lvl>'
        b'</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>'
        b"</w:numbering>"
    )
    numbering = Numbering(parse_xml(xml, "numbering.xml"))
    labels = [numbering.label("7", lvl) for lvl in (0, 1, 1, 2, 2, 0, 1)]
    assert labels == ["一、", "（一）", "（二）", "1.", "2.", "二、", "（一）"]
    assert numbering.label("8", 0) == ""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_letter_resaved_by_libreoffice_still_passes(tmp_path) -> None:
    source = tmp_path / "in" / "letter.docx"
    source.parent.mkdir()
    source.write_bytes(render_suggestion_docx(sample_suggestion_content(), cover=True))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = check_docx(out / "letter.docx")
    # LibreOffice 7.4 does not import w:overflowPunct="0", so its re-saved file lets
    # punctuation hang again (fengqiao.documents.pdf works around it for PDFs)
    assert result.codes <= {"hanging_punctuation"}, [
        (e.code, e.where, e.message) for e in result.errors
    ]


def test_checker_survives_random_deletions() -> None:
    import random

    from fengqiao.documents.docx_writer import build_suggestion_document

    rng = random.Random(20250305)
    for _ in range(40):
        doc = build_suggestion_document(sample_suggestion_content(), cover=rng.random() < 0.3)
        paragraphs = doc.paragraphs
        for p in rng.sample(paragraphs, rng.randint(1, len(paragraphs) - 1)):
            p._element.getparent().remove(p._element)
        result = check_docx(document_bytes(doc))
        assert not result.unreadable
        assert all(e.where and e.message for e in result.errors)


def test_empty_word_document_lists_what_is_missing() -> None:
    from docx import Document

    codes = check_docx(document_bytes(Document())).codes
    assert {"missing_title", "missing_doc_number", "missing_recipient", "missing_date"} <= codes
    assert {"missing_contact", "page_number_missing", "page_size"} <= codes
