"""The register of certified backbone staff as .xlsx (what the staff page shows)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from learning.selectors.certificates import RegisterRow


def register_export(rows: Iterable[RegisterRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Certified backbone staff")[:31]
    headers = [
        _("Name"),
        _("Unit"),
        _("Programme"),
        _("Certificate number"),
        _("Issued on"),
        _("Valid until"),
        _("Status"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cert = row.certificate
        sheet.append(
            [
                cert.holder_name,
                cert.enrolment.unit.name,
                cert.enrolment.programme.title,
                cert.number,
                cert.issued_on,
                cert.expires_on,
                str(row.status.label),
            ]
        )
    for letter, width in zip("ABCDEFG", (12, 24, 30, 18, 12, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
