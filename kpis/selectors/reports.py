"""Reads of the annual report PDFs: the latest of a unit and year, one by id."""

from __future__ import annotations

from uuid import UUID

from core.errors import NotFound
from kpis import permissions
from kpis.models import AnnualReport
from network import access
from network.access import Viewer
from network.models import OrgUnit


def latest_report(viewer: Viewer, unit: OrgUnit, year: int) -> AnnualReport | None:
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    return (
        AnnualReport.objects.filter(unit=unit, year=year)
        .defer("pdf")
        .order_by("-requested_at", "-pk")
        .first()
    )


def report_of(viewer: Viewer, unit: OrgUnit, public_id: UUID) -> AnnualReport:
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    report = AnnualReport.objects.filter(unit=unit, public_id=public_id).first()
    if report is None:
        raise NotFound
    return report
