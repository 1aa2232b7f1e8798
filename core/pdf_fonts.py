"""The PDF font: a compact copy of Noto Sans CJK SC, built once per machine.

WeasyPrint embeds a subset of each font face a PDF uses, keeping the glyph ids of the
source font (its content streams address glyphs by id). Noto Sans CJK is a 65,000-glyph
Pan-CJK font whose Chinese glyphs sit at ids 15,000–63,000, so every subset carried
~59,000 empty glyph slots: ~140 KiB per face, ~300 KiB for a one-page report in two
weights. The copy built here holds only the characters our PDFs print (ASCII, Latin-1,
punctuation, the 3,755 common hanzi of GB2312 level 1 and every character of the
zh-Hans catalogue and the shipped instruments), renumbered from 0: a face costs
~40 KiB in a PDF. A character outside it falls back to the system Noto font through
the CSS font-family list, so nothing is ever lost, only embedded at the old cost.

The copy's CFF is CID-keyed with CID = glyph id, as the PDF's Identity-H encoding
assumes (viewers map CIDs to glyphs through the CFF charset).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FAMILY = "Xinling Report Sans"
SOURCE_FAMILY = "Noto Sans CJK SC"
SOURCES = {
    "Regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "Bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
WEIGHTS = {"Regular": 400, "Bold": 700}
VERSION = 1  # of the build below: a change here builds the faces anew
RANGES = (
    (0x20, 0x7F),  # ASCII
    (0xA0, 0x100),  # Latin-1
    (0x2000, 0x2070),  # general punctuation (– — “ ” …)
    (0x2190, 0x2200),  # arrows (← in the band legend)
    (0x3000, 0x3040),  # CJK symbols and punctuation
    (0xFF00, 0xFFF0),  # full-width forms (，：（）)
)


def font_dir() -> Path:
    return Path(settings.PDF_FONT_DIR)


def font_path(style: str, characters: Iterable[int], directory: Path | None = None) -> Path:
    """The face's file, named by what it holds: a new catalogue or source font builds anew."""
    source = SOURCES[style]
    stamp = source.stat().st_size if source.exists() else 0
    key = hashlib.sha256(f"{sorted(characters)}{stamp}{VERSION}".encode()).hexdigest()[:12]
    return (directory or font_dir()) / f"XinlingReportSans-{style}-{key}.otf"


def default_characters() -> set[int]:
    """Everything our PDFs print: the fixed ranges, GB2312 level 1, catalogue, instruments."""
    chars = {code for low, high in RANGES for code in range(low, high)}
    for first in range(0xB0, 0xD8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    base = Path(settings.BASE_DIR)
    texts = [*base.glob("locale/*/LC_MESSAGES/*.po"), *base.glob("*/instruments/*.yaml")]
    for path in texts:
        chars.update(map(ord, path.read_text(encoding="utf-8")))
    return {code for code in chars if code >= 0x20}


def build_face(source: Path, target: Path, characters: Iterable[int], style: str) -> None:
    """Write the compact face of `source` (a TTC holding Noto Sans CJK SC) to `target`."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == SOURCE_FAMILY)
    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    _rename(font, style)
    font = _identity_cids(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".otf.tmp")
    os.close(handle)
    try:
        font.save(temporary)  # type: ignore[attr-defined]
        os.chmod(temporary, 0o644)  # the worker may run as another user than the builder
        os.replace(temporary, target)  # a concurrent builder never sees half a file
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _rename(font: object, style: str) -> None:
    names = font["name"]  # type: ignore[index]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} {style}", 4, 3, 1, 0x409)
    names.setName(f"XinlingReportSans-{style}", 6, 3, 1, 0x409)
    font["CFF "].cff.fontNames = [f"XinlingReportSans-{style}"]  # type: ignore[index]


def _identity_cids(font: object) -> object:
    """Reload `font` with glyph i named cid<i>, so its CFF charset maps CID i to glyph i."""
    import io

    from fontTools.ttLib import TTFont

    buffer = io.BytesIO()
    font.save(buffer)  # type: ignore[attr-defined]
    buffer.seek(0)
    renamed = TTFont(buffer)
    old_order = renamed.getGlyphOrder()
    new_order = [".notdef", *(f"cid{i:05d}" for i in range(1, len(old_order)))]
    top = renamed["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    renamed.setGlyphOrder(new_order)
    for tag in list(renamed.reader.keys()):
        if tag not in ("GlyphOrder", "CFF "):
            renamed[tag]  # decompiled now: binary glyph ids map to the new names
    # The charstrings (and FDSelect) stay in glyph order: only their names change.
    strings.charStrings = {name: index for index, name in enumerate(new_order)}
    top.charset = new_order
    return renamed


def ensure_fonts() -> dict[int, Path]:
    """The compact faces by CSS weight, built on first use; {} when Noto is not installed."""
    faces = {}
    characters = default_characters()
    for style, source in SOURCES.items():
        target = font_path(style, characters)
        if not target.exists():
            if not source.exists():
                logger.warning("PDF font source %s missing: PDFs embed the system font", source)
                return {}
            logger.info("building the PDF font %s (once per machine)", target.name)
            build_face(source, target, characters, style)
        faces[WEIGHTS[style]] = target
    return faces


def font_face_css(faces: dict[int, Path]) -> str:
    return "".join(
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; }}\n"
        for weight, path in faces.items()
    )
