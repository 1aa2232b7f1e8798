"""The certificate as a one-page PDF in Chinese, with a QR code of its verification page.

Rendered by core.pdf (the project's one font set-up) from templates/pdf/learning_certificate.html,
always in zh-Hans: the certificate is shown to Chinese employers whatever the holder's
page language.
"""

from __future__ import annotations

from django.utils import translation

from core import pdf
from core.qr import qr_svg
from learning.models import Certificate


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
