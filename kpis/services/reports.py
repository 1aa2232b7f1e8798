"""The annual report PDF: requested from the progress page, made by a Celery task.

The row is written (pending) in the request's transaction and the task sent on commit;
the task is idempotent (a report done is left alone) and a beat sweeper re-sends rows
left pending, so a broker outage only delays the report.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from accounts.models import User
from core import clock
from core.errors import NotFound
from core.i18n import content_language
from core.transactions import on_commit
from kpis import permissions
from kpis.models import AnnualReport, AnnualReportStatus
from kpis.selectors.exports import bars, report_context
from network import access, audit
from network.models import OrgUnit

logger = logging.getLogger(__name__)

RENDER_TASK = "kpis.render_annual_report"
# A row pending or running longer than this is sent again by the sweeper.
STALE_AFTER = timedelta(minutes=5)


def _send(report_id: int) -> None:
    try:
        current_app.tasks[RENDER_TASK].delay(report_id)
    except OperationalError as exc:
        logger.warning("kpi report %s not sent (%s)", report_id, exc.__class__.__name__)


@transaction.atomic
def annual_report_request(*, actor: User, unit: OrgUnit, year: int, language: str) -> AnnualReport:
    """Ask for `unit`'s report of `year` (a unit out of the actor's reach: not found)."""
    if not access.can(actor, permissions.VIEW, unit):
        raise NotFound
    report = AnnualReport.objects.create(
        unit=unit, year=year, language=content_language(language), requested_by=actor
    )
    audit.record(
        actor=actor,
        action="kpis.export.pdf",
        target=report,
        unit=unit,
        details={"year": year, "kind": "pdf"},
    )
    on_commit(lambda: _send(report.pk), what=f"kpi report {report.pk}")
    return report


def _claim(report_id: int) -> AnnualReport | None:
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status in (AnnualReportStatus.DONE, AnnualReportStatus.FAILED):
            return None
        report.status = AnnualReportStatus.RUNNING
        report.save(update_fields=["status"])
    return report


def annual_report_render(report_id: int) -> bool:
    """Make the PDF of one report; False when there was nothing to do (idempotent)."""
    from core import pdf

    report = _claim(report_id)
    if report is None:
        return False
    with translation.override(report.language):
        context: dict[str, Any] = report_context(report.unit, report.year)
        context["bars"] = bars(context["figures"])
        content = pdf.render_pdf("pdf/kpi_annual_report.html", context)
    written = (
        AnnualReport.objects.filter(pk=report_id)
        .exclude(status=AnnualReportStatus.DONE)
        .update(
            pdf=content, status=AnnualReportStatus.DONE, error_code="", finished_at=timezone.now()
        )
    )
    return written == 1


def annual_report_mark_failed(report_id: int, error_code: str) -> None:
    AnnualReport.objects.filter(pk=report_id).exclude(status=AnnualReportStatus.DONE).update(
        status=AnnualReportStatus.FAILED, error_code=error_code[:64], finished_at=timezone.now()
    )


def annual_report_sweep() -> int:
    """Send again the reports left pending or running for a while (beat)."""
    before = clock.now_local() - STALE_AFTER
    ids = list(
        AnnualReport.objects.filter(
            status__in=(AnnualReportStatus.PENDING, AnnualReportStatus.RUNNING),
            requested_at__lt=before,
        ).values_list("pk", flat=True)[:200]
    )
    for report_id in ids:
        _send(report_id)
    return len(ids)
