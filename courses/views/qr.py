"""QR codes as inline SVG markup for the lecture pages (nothing sent anywhere)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"


def qr_svg(text: str, *, label: str) -> SafeString:
    """An accessible inline <svg> of `text`, sized by CSS (class "qr")."""
    ET.register_namespace("", SVG_NS)
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    root = image.get_image()
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "qr")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    for element in root.iter():
        element.attrib.pop("id", None)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 - our own markup
