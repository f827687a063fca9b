"""The package parts around the text of every generated .docx: font table, settings, theme
and document properties, so Word and WPS treat the file as a Chinese (zh-CN) document.

python-docx's default template is a Japanese Word 2010 file for the Mac: its font table lists
ＭＳ 明朝, the theme font language is ja-JP, the compatibility mode is Word 2010, and the
properties say "python-docx", 2013.  :func:`finish_parts` replaces all that:

* ``word/fontTable.xml`` declares the fonts the documents use, each with its alternative name
  (仿宋_GB2312 → 仿宋, 仿宋 → FangSong, 楷体_GB2312 → 楷体, 楷体 → KaiTi, 黑体 → SimHei,
  宋体 → SimSun) and its GB 2312 charset, PANOSE class and pitch, so Word and WPS on a
  machine without the GB2312 fonts substitute a face of the same style;
* ``w:themeFontLang`` eastAsia zh-CN, the theme's East Asian faces 宋体/黑体;
* current Word compatibility mode (15), punctuation compression (``compressPunctuation``);
* ``docProps/core.xml`` with the real creation time, ``docProps/app.xml`` naming the product.
"""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

APPLICATION = "枫桥司法建议平台"
COMPATIBILITY_MODE = "15"  # Word 2013 and later

# name, alternative name, PANOSE-1, family, pitch
_FONTS = (
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "modern", "fixed"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
    ("方正小标宋简体", "方正小标宋_GBK", "02000000000000000000", "auto", "variable"),
    ("Times New Roman", "", "02020603050405020304", "roman", "variable"),
)
# Unicode/code-page ranges of a GB 2312 face (Basic Latin, CJK, GB 2312 code page).
_CJK_SIG = {
    "usb0": "00000001",
    "usb1": "080E0000",
    "usb2": "00000010",
    "usb3": "00000000",
    "csb0": "00040000",
    "csb1": "00000000",
}
_LATIN_SIG = {
    "usb0": "E0002AFF",
    "usb1": "C0007841",
    "usb2": "00000009",
    "usb3": "00000000",
    "csb0": "000001FF",
    "csb1": "00000000",
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def font_table_xml() -> bytes:
    out = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
        f'<w:fonts xmlns:w="{W}">',
    ]
    for name, alt, panose, family, pitch in _FONTS:
        latin = name == "Times New Roman"
        sig = _LATIN_SIG if latin else _CJK_SIG
        out.append(f'<w:font w:name="{name}">')
        if alt:
            out.append(f'<w:altName w:val="{alt}"/>')
        out.append(f'<w:panose1 w:val="{panose}"/>')
        out.append(f'<w:charset w:val="{"00" if latin else "86"}"/>')
        out.append(f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/>')
        out.append("<w:sig " + " ".join(f'w:{k}="{v}"' for k, v in sig.items()) + "/>")
        out.append("</w:font>")
    out.append("</w:fonts>")
    return "".join(out).encode("utf-8")


def _related_part(doc: Document, reltype: str):
    for rel in doc.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _settings(doc: Document) -> None:
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    control = settings.find(qn("w:characterSpacingControl"))
    if control is not None:
        control.set(qn("w:val"), "compressPunctuation")
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), COMPATIBILITY_MODE)
            break
    else:
        setting = OxmlElement("w:compatSetting")
        setting.set(qn("w:name"), "compatibilityMode")
        setting.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
        setting.set(qn("w:val"), COMPATIBILITY_MODE)
        compat.append(setting)


def _theme(doc: Document) -> None:
    theme = _related_part(doc, RT.THEME)
    if theme is None:
        return
    xml = theme.blob.decode("utf-8")
    for japanese in ("ＭＳ 明朝", "ＭＳ ゴシック"):
        xml = xml.replace(f'<a:font script="Jpan" typeface="{japanese}"/>', "")
    xml = xml.replace('<a:ea typeface=""/>', '<a:ea typeface="宋体"/>', 2)
    theme._blob = xml.encode("utf-8")


def _app(doc: Document) -> None:
    package = doc.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            start, end = xml.find("<Application>"), xml.find("</Application>")
            if start >= 0 and end > start:
                xml = f"{xml[: start + 13]}{APPLICATION}{xml[end:]}"
            xml = xml.replace("<AppVersion>14.0000</AppVersion>", "")
            part._blob = xml.encode("utf-8")
            return


def finish_parts(doc: Document, *, now: datetime | None = None) -> None:
    """Font table, zh-CN settings and theme, compatibility mode, properties (see module)."""
    font_table = _related_part(doc, RT.FONT_TABLE)
    if font_table is not None:
        font_table._blob = font_table_xml()
    _settings(doc)
    _theme(doc)
    _app(doc)
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    props = doc.core_properties
    props.created = now
    props.modified = now
    props.author = APPLICATION
    props.last_modified_by = APPLICATION
    props.comments = ""
    props.revision = 1
    props.language = "zh-CN"
