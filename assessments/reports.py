"""Personal PDF reports: requested with the submission's code, made by Celery.

The Report row is written in the caller's transaction (status pending) and
the task is sent on commit; `sweep_pending` re-sends rows left pending, so a
broker outage at request time delays a report and never loses it. Rendering
is idempotent: a report already done is not made again, and the unique
(submission, language) constraint keeps one PDF however often it is asked for.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from assessments.models import Report, ReportStatus, Submission
from core.errors import Conflict

logger = logging.getLogger(__name__)


def _send(report_id: int) -> None:
    from assessments.tasks import render_report

    Report.objects.filter(pk=report_id).update(sent_at=timezone.now())
    try:
        render_report.delay(report_id)
    except Exception:  # broker down: the sweeper sends it again later
        logger.warning("report %s: task not sent; the sweeper will retry", report_id)


@transaction.atomic
def report_request(*, submission: Submission, language: str) -> Report:
    """Ask for the submission's report in `language`; returns the (possibly existing) row."""
    language = language if language in {"zh-hans", "en"} else "zh-hans"
    report, created = Report.objects.get_or_create(submission=submission, language=language)
    if created:
        transaction.on_commit(lambda: _send(report.pk))
    return report


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """Send a failed report again (the worker's retry button)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise Conflict(code="report_not_failed")
    report.status = ReportStatus.PENDING
    report.error_code = ""
    report.save(update_fields=["status", "error_code"])
    transaction.on_commit(lambda: _send(report.pk))
    return report


def report_context(report: Report) -> dict[str, Any]:
    submission = report.submission
    version = submission.instrument_version
    definition = version.parsed
    band = definition.band(submission.band_code)
    return {
        "report": report,
        "submission": submission,
        "definition": definition,
        "band": band,
        "language": report.language,
        "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
    }


def report_render(report_id: int) -> bool:
    """Make the PDF of one report. Returns False when there was nothing to do."""
    from core.pdf import render_pdf

    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .select_related("submission__instrument_version__instrument")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status == ReportStatus.DONE:
            return False
        report.status = ReportStatus.RUNNING
        report.attempts += 1
        report.save(update_fields=["status", "attempts"])
        context = report_context(report)
    with translation.override(report.language):
        pdf = render_pdf("pdf/assessment_report.html", context)
    Report.objects.filter(pk=report_id).update(
        pdf=pdf, status=ReportStatus.DONE, finished_at=timezone.now(), error_code=""
    )
    return True


def report_mark_failed(report_id: int, error_code: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error_code=error_code[:64], finished_at=timezone.now()
    )


def sweep_pending() -> int:
    """Re-send reports left pending (or running) longer than REPORT_SWEEP_AFTER_MINUTES."""
    cutoff = timezone.now() - timedelta(minutes=settings.REPORT_SWEEP_AFTER_MINUTES)
    stale = list(
        Report.objects.filter(
            status__in=[ReportStatus.PENDING, ReportStatus.RUNNING], requested_at__lt=cutoff
        )
        .exclude(sent_at__gte=cutoff)
        .values_list("pk", flat=True)
    )
    for report_id in stale:
        _send(report_id)
    return len(stale)
