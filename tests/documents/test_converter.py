"""The bounded converter pool: at most FENGQIAO_PDF_CONVERTERS conversions at once, each in its
own long-lived slot folder (LibreOffice profile and font cache reused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fengqiao.documents import converter


@pytest.fixture
def pool(settings, tmp_path):
    settings.FENGQIAO_SOFFICE_DIR = tmp_path / "soffice"
    settings.FENGQIAO_PDF_CONVERTERS = 2
    return settings


def test_slots_are_exclusive_and_bounded(pool):
    with converter.converter_slot() as first, converter.converter_slot() as second:
        assert first != second and {first.name, second.name} == {"slot-0", "slot-1"}
        with pytest.raises(TimeoutError, match="全部忙碌"), converter.converter_slot(wait_s=0.3):
            pass
    with converter.converter_slot() as again:  # released: taken again
        assert again.name == "slot-0"


def test_conversion_reuses_the_slot_folder(pool, tmp_path, monkeypatch):
    seen: list[Path] = []

    def fake(source, out_dir, *, timeout, home):
        seen.append(Path(home))
        target = Path(out_dir) / "x.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF-")
        return target

    monkeypatch.setattr(converter, "docx_to_pdf", fake)
    for _ in range(2):
        converter.convert_docx(tmp_path / "a.docx", tmp_path / "out")
    assert seen == [pool.FENGQIAO_SOFFICE_DIR / "slot-0"] * 2
