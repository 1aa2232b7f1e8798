"""The xlsx and CSV files of an export table (kpis.selectors.export_table)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from kpis.indicators import Indicator
from kpis.selectors.exports import ExportTable
from kpis.selectors.rows import Cell

HIDDEN = "<{size}"


def _header() -> list[str]:
    return [
        _("Unit"),
        _("Indicator"),
        _("Actual"),
        _("Target"),
        "%",
        _("Expected %"),
        _("Status"),
    ]


def _number(value: Decimal | None) -> float | str:
    return "" if value is None else float(value)


def _cells(cell: Cell, hidden: str) -> list[float | str]:
    return [
        hidden if cell.suppressed else _number(cell.actual),
        _number(cell.target),
        _number(cell.percent),
        float(cell.expected_percent) if cell.target is not None else "",
        "" if cell.status is None else str(cell.status.label),
    ]


def rows(table: ExportTable, indicators: list[Indicator], hidden: str) -> list[list[object]]:
    """One line per unit and indicator: unit, indicator, actual, target, %, expected %."""
    found: list[list[object]] = []
    for row in table.rows:
        for item in indicators:
            found.append([row.unit.name, str(item.name), *_cells(row.cell(item.code), hidden)])
    return found


def stamp_lines(table: ExportTable) -> list[list[object]]:
    lines: list[list[object]] = [[_("Month"), _("Status"), _("Approved by"), _("Approved at"),
                                  _("Accepted by")]]  # fmt: skip
    for s in table.stamps:
        lines.append([s.month, s.status, s.approved_by, s.approved_at, s.accepted_by])
    if not table.stamps:
        lines.append([_("No period of this year has been approved yet.")])
    return lines


def xlsx_bytes(table: ExportTable, hidden: str) -> bytes:
    """One sheet per indicator group (the unit and its children as rows), and the stamps."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, indicators in table.groups():
        sheet = book.create_sheet(name[:31])
        sheet.append([table.unit.name, str(table.year), table.day.isoformat()])
        sheet.append(_header())
        for line in rows(table, indicators, hidden):
            sheet.append(line)
    stamp = book.create_sheet(_("Approval")[:31])
    for line in stamp_lines(table):
        stamp.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(table: ExportTable, hidden: str) -> str:
    """Every indicator's rows in one file, then the approval stamps."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Group"), *_header()])
    for name, indicators in table.groups():
        for line in rows(table, indicators, hidden):
            writer.writerow([name, *line])
    writer.writerow([])
    for line in stamp_lines(table):
        writer.writerow(line)
    return out.getvalue()
