"""HTML → PDF with WeasyPrint. Templates live under templates/pdf/.

One font configuration and one stylesheet (the compact CJK font's @font-face rules,
core/pdf_fonts.py) per process: building them loads and registers the fonts with
fontconfig, and a fresh FontConfiguration per render both costs time and leaves its
fontconfig and Pango caches behind (a worker's memory grew ~1 MiB per render). The
documents never fetch anything from the network: only file: and data: URLs load.
"""

from __future__ import annotations

import functools
import gc
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from core import pdf_fonts

# Only files and data: URLs ever load; anything else fails the render's lookup.
LOCAL_PROTOCOLS = ("file", "data")


@functools.cache
def local_url_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=LOCAL_PROTOCOLS)


@functools.cache
def _resources() -> tuple[Any, Any]:
    """The process's FontConfiguration and stylesheet (built on the first render)."""
    from weasyprint import CSS  # imported here: loading Pango costs ~0.3 s
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    faces = pdf_fonts.ensure_fonts()
    # templates/pdf/base.html names the family first, the system Noto font second.
    stylesheet = CSS(
        string=pdf_fonts.font_face_css(faces),
        font_config=font_config,
        url_fetcher=local_url_fetcher(),
    )
    return font_config, stylesheet


@functools.cache
def _freeze_once() -> None:
    """After the first render, move the process's long-lived heap out of the collector's way.

    A render allocates ~100,000 objects, which triggers full collections; each one walked
    the whole worker heap (Django, WeasyPrint, the caches): ~170 ms, in one render out of
    a few (the p95). Frozen, a full collection walks only what was made since.
    """
    gc.collect()
    gc.freeze()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    font_config, stylesheet = _resources()
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=local_url_fetcher())
    content: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
    _freeze_once()
    return content
