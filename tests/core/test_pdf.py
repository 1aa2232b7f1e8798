"""Chinese PDFs render with HarfBuzz subsetting, not the slow fontTools path."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont
from pdfminer.high_level import extract_text

from core import pdf, pdf_fonts
from core.pdf import render_pdf

FALLBACK_HELP = (
    "WeasyPrint fell back to fontTools subsetting (measured: 5 s per Chinese page instead "
    "of 0.08 s). Install libharfbuzz-subset0: run scripts/install-system-deps.sh as root."
)


def test_chinese_pdf_uses_harfbuzz_subsetting(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = render_pdf("pdf/sample.html", {"title": "心理健康评估报告", "text": "轻度焦虑"})
    fallbacks = [r for r in caplog.records if "fontTools" in r.getMessage()]
    assert not fallbacks, FALLBACK_HELP
    text = extract_text(io.BytesIO(pdf))
    assert "心理健康评估报告" in text
    assert "轻度焦虑" in text


def test_the_font_config_and_stylesheet_are_built_once_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.text import fonts

    built = []
    original = fonts.FontConfiguration

    def counting() -> object:
        built.append(1)
        return original()

    monkeypatch.setattr(fonts, "FontConfiguration", counting)
    pdf._resources.cache_clear()
    try:
        first = render_pdf("pdf/sample.html", {"title": "报告", "text": "一"})
        second = render_pdf("pdf/sample.html", {"title": "报告", "text": "二"})
        assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
        assert len(built) == 1
        assert pdf._resources() is pdf._resources()
    finally:
        pdf._resources.cache_clear()  # the next render builds one from the real class


def test_a_pdf_never_fetches_from_the_network() -> None:
    fetcher = pdf.local_url_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.com/tracker.png")
    response = fetcher.fetch("data:text/plain,ok")
    assert response.read() == b"ok"


def test_the_compact_face_maps_each_cid_to_its_glyph_id(tmp_path: Path) -> None:
    source = pdf_fonts.SOURCES["Regular"]
    if not source.exists():
        pytest.skip("fonts-noto-cjk is not installed")
    target = tmp_path / "face.otf"
    pdf_fonts.build_face(source, target, set(map(ord, "心理健康AB")), "Regular")
    font = TTFont(target)
    top = font["CFF "].cff.topDictIndex[0]
    assert top.ROS == ("Adobe", "Identity", 0)
    # Identity-H in the PDF: code = CID; the charset must give CID i to glyph i.
    assert top.charset == [".notdef", *(f"cid{i:05d}" for i in range(1, len(top.charset)))]
    cmap = font.getBestCmap()
    assert {ord(c) for c in "心理健康AB"} <= set(cmap)
    assert font["name"].getDebugName(1) == pdf_fonts.FAMILY
    assert font["maxp"].numGlyphs < 100  # a handful of glyphs, not 65,000


def test_the_build_command_makes_the_faces_before_any_render(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make run`, `make test` and `make worker` build the font first, so the first report
    # never waits a minute for it.
    built: list[str] = []

    def fake_build(source: Path, target: Path, characters: Any, style: str) -> None:
        built.append(style)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"font")

    sources = {style: tmp_path / f"{style}.ttc" for style in ("Regular", "Bold")}
    for source in sources.values():
        source.write_bytes(b"source")
    settings.PDF_FONT_DIR = tmp_path / "faces"
    monkeypatch.setattr(pdf_fonts, "SOURCES", sources)
    monkeypatch.setattr(pdf_fonts, "build_face", fake_build)
    out = io.StringIO()
    call_command("build_pdf_fonts", stdout=out)
    assert built == ["Regular", "Bold"]
    assert out.getvalue().count("PDF font (") == 2
    call_command("build_pdf_fonts", stdout=io.StringIO())
    assert built == ["Regular", "Bold"]  # built once
