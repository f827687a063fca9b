from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document as open_docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from fengqiao.documents.content import SuggestionContent, sample_suggestion_content
from fengqiao.documents.docx_writer import build_suggestion_document, document_bytes


def find(doc: Document, prefix: str) -> Paragraph:
    """The first top-level paragraph whose text starts with ``prefix``."""
    for p in doc.paragraphs:
        if p.text.startswith(prefix):
            return p
    raise AssertionError(f"no paragraph starts with {prefix!r}")


def set_text(p: Paragraph, text: str) -> None:
    """Replace a paragraph's text, keeping the first run's formatting."""
    runs = p.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def remove(p: Paragraph) -> None:
    p._element.getparent().remove(p._element)


def set_east_asia(p: Paragraph, font: str) -> None:
    for run in p.runs:
        rpr = run._r.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, rfonts)
        rfonts.set(qn("w:eastAsia"), font)


def reopen(data: bytes) -> Document:
    return open_docx(io.BytesIO(data))


@pytest.fixture
def content() -> SuggestionContent:
    return sample_suggestion_content()


@pytest.fixture
def build() -> Callable[..., Document]:
    def _build(content: SuggestionContent | None = None, **kwargs) -> Document:
        return build_suggestion_document(content or sample_suggestion_content(), **kwargs)

    return _build


@pytest.fixture
def as_bytes() -> Callable[[Document], bytes]:
    return document_bytes
