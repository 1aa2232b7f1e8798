"""Background work of the assessments app. Tasks take primary keys and are idempotent."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from assessments.models import CallbackRequest
from assessments.notifications.callbacks import callback_request_alert
from assessments.services import reports

logger = logging.getLogger(__name__)


@shared_task(name="assessments.alert_callback_request")
def alert_callback_request(request_id: int) -> int:
    """Kept for messages queued by an older release: writes the alert into the outbox."""
    request = CallbackRequest.objects.select_related("duty_unit").filter(pk=request_id).first()
    if request is None:
        return 0
    return callback_request_alert(request=request)


class ReportRenderError(Exception):
    """What a failed render is retried with: the original's class name, never its message."""


# Backoff between render attempts: 5, 10, 20, 40 s; then the report is marked failed.
RENDER_MAX_RETRIES = 4
RENDER_BACKOFF_SECONDS = 5
RENDER_BACKOFF_MAX_SECONDS = 300


def render_backoff(retries: int) -> int:
    """Seconds to wait before retry number `retries + 1`."""
    return int(min(RENDER_BACKOFF_MAX_SECONDS, RENDER_BACKOFF_SECONDS * 2**retries))


@shared_task(
    name="assessments.render_report",
    bind=True,
    # The outcome is on the Report row. Without a result to wait for, sending
    # does not touch the result backend either: with Redis down, .delay() fails
    # fast with the broker's OperationalError instead of retrying the result
    # store for 20 s and raising RuntimeError.
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RENDER_MAX_RETRIES,
)
def render_report(self: Any, report_id: int) -> bool:
    """Render one report; retries with backoff, then marks it failed (visible, retryable).

    Idempotent (see assessments.services.reports.report_render): delivered twice, it
    makes one PDF. A worker lost mid-task has the message redelivered
    (acks_late, reject_on_worker_lost) and the beat sweeper re-sends rows
    left behind. Exception messages may quote what was being rendered, so
    only the exception's class name is logged, kept on the row or handed to
    Celery (whose retry log line prints the exception). Run in-process (no
    broker: the embedded default), the attempts follow each other at once, and
    the caller (a web request) never sees the exception.
    """
    retries = self.request.retries
    while True:
        try:
            return reports.report_render(report_id)
        except Exception as exc:
            error = exc.__class__.__name__
            if retries >= self.max_retries:
                reports.report_mark_failed(report_id, error)
                logger.warning(
                    "report %s failed after %s attempts: %s", report_id, retries + 1, error
                )
                return False
            logger.warning(
                "report %s: attempt %s failed (%s); retrying", report_id, retries + 1, error
            )
            if not self.request.is_eager:
                raise self.retry(
                    exc=ReportRenderError(error), countdown=render_backoff(retries)
                ) from None
            retries += 1


@shared_task(name="assessments.sweep_pending_reports", ignore_result=True)
def sweep_pending_reports() -> int:
    """Re-send reports left pending or running (beat, every minute)."""
    return reports.sweep_pending()


@shared_task(name="assessments.purge_expired", ignore_result=True)
def purge_expired() -> dict[str, int]:
    """Retention (beat, daily): reports, raw answers and call-back contacts of expired results.

    See assessments.services.reports.purge_expired for what is kept and why.
    """
    result = reports.purge_expired()
    return {
        "reports_deleted": result.reports_deleted,
        "answers_emptied": result.answers_emptied,
        "callbacks_wiped": result.callbacks_wiped,
    }
