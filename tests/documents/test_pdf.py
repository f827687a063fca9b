"""PDF through LibreOffice: A4 pages, extractable text, the Fandol faces via our aliases."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fengqiao.documents import pdf
from fengqiao.documents.content import sample_suggestion_content
from fengqiao.documents.docx_writer import render_suggestion_docx, write_docx
from fengqiao.documents.pdf import DocumentConversionError, docx_to_pdf, pdf_fonts

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice（soffice）或 poppler-utils 未安装，跳过 PDF 转换测试",
)


@pytest.fixture(scope="module")
def suggestion_pdf(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice（soffice）未安装")
    folder = tmp_path_factory.mktemp("pdf")
    docx = write_docx(render_suggestion_docx(sample_suggestion_content()), folder / "建议书.docx")
    return docx_to_pdf(docx, folder / "out")


def _pdfinfo(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


@needs_soffice
def test_pdf_pages_are_a4(suggestion_pdf: Path) -> None:
    assert suggestion_pdf.name == "建议书.pdf"
    info = _pdfinfo(suggestion_pdf)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) >= 2


@needs_soffice
def test_pdf_text_contains_title(suggestion_pdf: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(suggestion_pdf), "-"], capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    content = sample_suggestion_content()
    assert content.title in flat
    assert "连开法建〔2025〕3号" in flat
    assert "2025年3月5日" in flat
    assert "—1—" in flat  # page number with 一字线


def _fandol_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return all(f in out for f in ("FandolFang", "FandolKai", "FandolHei", "FandolSong"))


needs_fandol = pytest.mark.skipif(
    not _fandol_installed(),
    reason="Fandol 字体未安装（bash scripts/install_fandol_fonts.sh），跳过字体嵌入测试",
)


@needs_soffice
@needs_fandol
def test_pdf_embeds_the_faces_of_the_right_style(suggestion_pdf: Path) -> None:
    fonts = set(pdf_fonts(suggestion_pdf))
    # 仿宋 body, 楷体 （一） headings, 黑体 一、 headings, 小标宋 title (FandolSong Bold),
    # 宋体 page numbers; no Noto Serif standing in for 仿宋 or 楷体
    for face in (
        "FandolFang-Regular",
        "FandolKai-Regular",
        "FandolHei-Regular",
        "FandolSong-Bold",
        "FandolSong-Regular",
    ):
        assert face in fonts, fonts
    assert not any("NotoSerifCJK" in f for f in fonts), fonts


@needs_soffice
def test_parallel_conversions_do_not_collide(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = render_suggestion_docx(sample_suggestion_content())
    sources = [write_docx(data, tmp_path / f"doc{i}.docx") for i in range(3)]
    with ThreadPoolExecutor(3) as pool:
        pdfs = list(pool.map(lambda s: docx_to_pdf(s, tmp_path / "out"), sources))
    assert all(p.stat().st_size > 10_000 for p in pdfs)


def test_missing_soffice_raises_chinese_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FENGQIAO_SOFFICE", str(tmp_path / "no-soffice"))
    source = write_docx(b"PK", tmp_path / "a.docx")
    with pytest.raises(DocumentConversionError, match="未找到 LibreOffice"):
        docx_to_pdf(source, tmp_path)


def test_missing_input_raises(tmp_path: Path) -> None:
    with pytest.raises(DocumentConversionError, match="找不到"):
        docx_to_pdf(tmp_path / "none.docx", tmp_path)


@needs_soffice
def test_failed_conversion_raises(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho boom >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("FENGQIAO_SOFFICE", str(fake))
    source = write_docx(b"PK", tmp_path / "a.docx")
    with pytest.raises(DocumentConversionError, match="退出码 3"):
        docx_to_pdf(source, tmp_path)


def test_fontconfig_file_includes_system_and_ours(tmp_path: Path) -> None:
    conf = pdf.fontconfig_file(tmp_path).read_text(encoding="utf-8")
    assert "/etc/fonts/fonts.conf" in conf
    assert str(pdf.FONTS_CONF) in conf
    aliases = pdf.FONTS_CONF.read_text(encoding="utf-8")
    for name in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体", "SimSun"):
        assert f"<string>{name}</string>" in aliases


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig 工具未安装")
def test_fontconfig_aliases_resolve(tmp_path: Path) -> None:
    env = pdf.conversion_env(tmp_path)

    def match(name: str) -> str:
        return subprocess.run(
            ["fc-match", name], capture_output=True, text=True, env=env, check=True
        ).stdout

    if not _fandol_installed():
        pytest.skip("Fandol 字体未安装（bash scripts/install_fandol_fonts.sh）")
    expected = {
        "仿宋_GB2312": '"FandolFang" "Regular"',
        "FangSong": '"FandolFang" "Regular"',
        "楷体_GB2312": '"FandolKai" "Regular"',
        "KaiTi": '"FandolKai" "Regular"',
        "黑体": '"FandolHei" "Regular"',
        "SimHei": '"FandolHei" "Regular"',
        "宋体": '"FandolSong" "Regular"',
        "方正小标宋简体": '"FandolSong" "Bold"',
    }
    for name, face in expected.items():
        assert face in match(name), (name, match(name))


RIGHT_EDGE_PT = (28 + 156) / 25.4 * 72  # left margin + 版心 width


@needs_soffice
def test_no_line_runs_past_the_text_block(suggestion_pdf: Path) -> None:
    """No punctuation hangs outside the 156 mm 版心 (LibreOffice would hang 、 and 。)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(suggestion_pdf), "-"], capture_output=True, text=True
    ).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    assert words
    beyond = [(text, float(x)) for y, x, text in words if float(x) > RIGHT_EDGE_PT + 1.5]
    assert beyond == []


def test_hanging_punctuation_is_turned_off_in_the_flat_odf() -> None:
    flat = '<style:paragraph-properties style:punctuation-wrap="hanging" fo:x="1"/>'
    assert pdf.no_hanging_punctuation(flat) == (
        '<style:paragraph-properties style:punctuation-wrap="simple" fo:x="1"/>'
    )
