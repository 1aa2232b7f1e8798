"""The certificate as a one-page PDF in Chinese, with a QR code of its verification page.

Rendered by core.pdf (the project's one font set-up) from templates/pdf/learning_certificate.html,
always in zh-Hans: the certificate is shown to Chinese employers whatever the holder's
page language.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import qrcode
import qrcode.image.svg
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core import pdf
from learning.models import Certificate

SVG_NS = "http://www.w3.org/2000/svg"


def qr_svg(text: str, *, label: str) -> SafeString:
    """Inline <svg> of `text` (as courses.views.qr draws the sign-in codes)."""
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
    for element in root.iter():
        element.attrib.pop("id", None)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 - our own markup


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The PDF bytes; `certificate` with its enrolment, programme and units loaded."""
    with translation.override("zh-hans"):
        context = {
            "certificate": certificate,
            "programme": certificate.enrolment.programme,
            "unit": certificate.enrolment.unit,
            "verify_url": verify_url,
            "qr": qr_svg(verify_url, label=translation.gettext("Verification QR code")),
            "LANGUAGE_CODE": "zh-hans",
        }
        return pdf.render_pdf("pdf/learning_certificate.html", context)
