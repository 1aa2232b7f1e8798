"""Exports of a unit's figures (xlsx, CSV) and the annual report PDF made in the background.

Each view finds the unit in the viewer's reach (else 404); the selectors and services
log every export.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST, require_safe

from core import disclosure
from core.web import render, signed_in_user
from kpis import exports, selectors, services
from kpis.models import AnnualReportStatus
from kpis.views.staff.pages import year_param as year_of


def _hidden() -> str:
    return f"<{disclosure.min_group_size()}"


def _name(table: selectors.ExportTable, ext: str) -> str:
    return f"kpis-{table.unit.public_id}-{table.year}.{ext}"


@require_safe
@staff_member_required
def export_xlsx(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    table = selectors.export_table(viewer, unit, year_of(request), kind="xlsx")
    response = HttpResponse(
        exports.xlsx_bytes(table, _hidden()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_name(table, "xlsx")}"'
    return response


@require_safe
@staff_member_required
def export_csv(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    table = selectors.export_table(viewer, unit, year_of(request), kind="csv")
    # A byte-order mark, so spreadsheet programs read the Chinese names as UTF-8.
    body = "\ufeff" + exports.csv_text(table, _hidden())
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_name(table, "csv")}"'
    return response


@require_POST
@staff_member_required
def report_request(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    year = year_of(request)
    services.annual_report_request(
        actor=viewer, unit=unit, year=year, language=get_language() or ""
    )
    status_url = reverse("staff:kpis:report_status", args=[unit.public_id]) + f"?year={year}"
    if request.headers.get("HX-Request"):
        return HttpResponseRedirect(status_url)
    return HttpResponseRedirect(
        reverse("staff:kpis:progress", args=[unit.public_id]) + f"?year={year}"
    )


@require_safe
@staff_member_required
def report_status(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    """The report box (htmx polls it while the report is being made)."""
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    year = year_of(request)
    context = {"unit": unit, "year": year, "report": selectors.latest_report(viewer, unit, year)}
    return render(request, "kpis/staff/_report.html", context)


@require_safe
@staff_member_required
def report_download(request: HttpRequest, unit_id: UUID, report_id: UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    report = selectors.report_of(viewer, unit, report_id)
    if report.status != AnnualReportStatus.DONE or report.pdf is None:
        raise Http404
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    name = f"kpis-{unit.public_id}-{report.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
