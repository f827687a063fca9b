"""工作指引: rules searchable in full text, FAQ, and the format check on upload."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as open_docx
from docx.shared import Mm

from fengqiao.courts.models import Role
from fengqiao.documents.cli import DEMO_DOCX
from fengqiao.guide.rules import passages, search


def test_rules_are_split_into_articles_and_searchable():
    labels = [p.label for p in passages() if p.source == "法释〔2023〕11号"]
    assert "第一条" in labels and "第十三条" in labels
    hits = search("人民代表大会")
    assert [h.label for h in hits] == ["第十一条"]
    assert search("答复期限 两个月")[0].label == "第八条"
    assert search("不存在的词语") == []


def _docx(top_margin_mm: float | None = None) -> bytes:
    data = DEMO_DOCX["司法建议书.docx"]()
    if top_margin_mm is None:
        return data
    doc = open_docx(io.BytesIO(data))
    for section in doc.sections:
        section.top_margin = Mm(top_margin_mm)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def research_client(world, client):
    client.force_login(world.users[Role.RESEARCH])
    return client


def test_guide_page_search_and_faq(research_client):
    page = research_client.get("/guide/", {"q": "人民代表大会"}).content.decode()
    assert "第十一条" in page and "1 处" in page
    assert "司法建议书怎样编号" in page
    assert research_client.get("/guide/", {"q": "x" * 500}).status_code == 200


def test_upload_check_finds_a_planted_format_error(research_client):
    clean = research_client.post(
        "/guide/format-check/", {"document": SimpleUploadedFile("好.docx", _docx())}
    )
    assert "格式检查通过" in clean.content.decode()
    planted = research_client.post(
        "/guide/format-check/", {"document": SimpleUploadedFile("错.docx", _docx(20))}
    )
    text = planted.content.decode()
    assert planted.status_code == 200 and "page_margin" in text and "错.docx" in text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"hello", "只能检查 .docx"),
        ("a.docx", b"not a zip at all", "不是 .docx"),
        ("a.docx", b"PK\x03\x04broken", "无法读取"),
    ],
)
def test_bad_uploads_get_a_clear_error(research_client, name, data, message):
    response = research_client.post(
        "/guide/format-check/", {"document": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200 and message in response.content.decode()


def test_guide_needs_login(client):
    assert client.get("/guide/").status_code == 302
    assert client.post("/guide/format-check/").status_code == 302
