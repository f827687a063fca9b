"""The package parts of every generated .docx: font table with alternative names, zh-CN,
compatibility mode 15, no hanging punctuation, real creation date and the product's name."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from fengqiao.documents.content import (
    sample_delivery_receipt_content,
    sample_notice_content,
    sample_register_extract_content,
    sample_suggestion_content,
)
from fengqiao.documents.docx_parts import APPLICATION
from fengqiao.documents.docx_writer import (
    render_delivery_receipt_docx,
    render_notice_docx,
    render_register_extract_docx,
    render_suggestion_docx,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RENDERERS = {
    "suggestion": lambda: render_suggestion_docx(sample_suggestion_content(), cover=True),
    "notice": lambda: render_notice_docx(sample_notice_content()),
    "receipt": lambda: render_delivery_receipt_docx(sample_delivery_receipt_content()),
    "register": lambda: render_register_extract_docx(sample_register_extract_content()),
}


def _parts(kind: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(RENDERERS[kind]())) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_font_table_declares_the_fonts_used_with_alternative_names(kind):
    parts = _parts(kind)
    table = etree.fromstring(parts["word/fontTable.xml"])
    declared = {
        f.get(f"{W}name"): (
            f.find(f"{W}altName").get(f"{W}val") if f.find(f"{W}altName") is not None else ""
        )
        for f in table.findall(f"{W}font")
    }
    assert declared["仿宋_GB2312"] == "仿宋" and declared["仿宋"] == "FangSong"
    assert declared["楷体_GB2312"] == "楷体" and declared["楷体"] == "KaiTi"
    assert declared["黑体"] == "SimHei" and declared["宋体"] == "SimSun"
    assert "方正小标宋简体" in declared
    assert not any("ＭＳ" in name for name in declared)
    # every East Asian font the document names is declared
    used = set()
    for name in ("word/document.xml", "word/styles.xml"):
        root = etree.fromstring(parts[name])
        used |= {el.get(f"{W}eastAsia") for el in root.iter(f"{W}rFonts")} - {None}
    assert used <= set(declared), used - set(declared)


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_zh_cn_compatibility_mode_and_punctuation(kind):
    parts = _parts(kind)
    settings = etree.fromstring(parts["word/settings.xml"])
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    modes = [
        s.get(f"{W}val")
        for s in settings.iter(f"{W}compatSetting")
        if s.get(f"{W}name") == "compatibilityMode"
    ]
    assert modes == ["15"]
    assert settings.find(f"{W}characterSpacingControl").get(f"{W}val") == "compressPunctuation"
    assert b"ja-JP" not in b"".join(parts.values())
    assert b"Jpan" not in parts["word/theme/theme1.xml"]
    styles = etree.fromstring(parts["word/styles.xml"])
    langs = {el.get(f"{W}eastAsia") for el in styles.iter(f"{W}lang")}
    assert langs == {"zh-CN"}
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    assert normal.find(f"{W}pPr/{W}overflowPunct").get(f"{W}val") == "0"


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_properties_name_the_product_and_the_real_creation_date(kind):
    parts = _parts(kind)
    core = parts["docProps/core.xml"].decode()
    created = core.split("<dcterms:created", 1)[1].split(">", 1)[1].split("<", 1)[0]
    when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    assert abs(datetime.now(UTC) - when) < timedelta(minutes=5)
    assert "python-docx" not in core
    app = parts["docProps/app.xml"].decode()
    assert f"<Application>{APPLICATION}</Application>" in app
    assert "Macintosh" not in app
