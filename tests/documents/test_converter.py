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
    pool.FENGQIAO_PDF_BACKEND = "soffice"
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
    assert seen == [pool.FENGQIAO_SOFFICE_DIR / "slot-0" / "oneshot"] * 2


def _free_port_pair() -> int:
    """A port p with p and p + 1 free on 127.0.0.1 (the XML-RPC and the UNO port)."""
    import socket

    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free ports")


def test_unoserver_converts_and_is_reused(pool, tmp_path):
    """A long-running LibreOffice per slot: started once, reused by the next conversion."""
    pool.FENGQIAO_PDF_BACKEND = "auto"
    pool.FENGQIAO_PDF_CONVERTERS = 1
    pool.FENGQIAO_UNOSERVER_PORT = _free_port_pair()
    if not converter.unoserver_available():
        pytest.skip("需要 unoserver 与 LibreOffice 的 Python（python3-uno）")
    from fengqiao.documents.content import sample_suggestion_content
    from fengqiao.documents.docx_writer import render_suggestion_docx

    source = tmp_path / "letter.docx"
    source.write_bytes(render_suggestion_docx(sample_suggestion_content()))
    try:
        first = converter.convert_docx(source, tmp_path / "one").read_bytes()
        (slot,) = converter.slots()
        pid = converter._started[slot].pid
        second = converter.convert_docx(source, tmp_path / "two").read_bytes()
        assert converter._started[slot].pid == pid  # the same server
        assert first.startswith(b"%PDF-") and second.startswith(b"%PDF-")
        assert not (slot / "oneshot").exists()  # no one-shot soffice was needed
    finally:
        converter._stop_all()
    assert not (slot / "unoserver.pid").exists()
