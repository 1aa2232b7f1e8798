"""Personal PDF reports: requested with the submission's code, made by Celery.

The pipeline, and why each step is safe to repeat:

1. `report_request` writes the Report row (status pending) in the caller's
   transaction and sends the task on commit. A broker outage at that moment
   is logged and swallowed: the request succeeds and the row stays pending.
2. `sweep_pending` (beat, every minute) re-sends rows pending or running for
   longer than REPORT_SWEEP_AFTER_MINUTES whose last send is as old, so an
   outage delays a report and never loses it, and a worker that died while
   rendering is replaced.
3. `report_render` (the task body) claims the row, marks it running in a
   short transaction (visible to the polling page), then renders while
   holding the row's lock. A second delivery of the same task waits on that
   lock and then finds the report done: two deliveries make one PDF and no
   error. A worker that dies mid-render loses its database connection, the
   lock goes with it, and the row is left running: the next delivery (the
   broker's redelivery or the sweeper's) takes it over.
4. Failures are retried by the task with backoff; after the last retry
   `report_mark_failed` makes the row failed, which the page shows with a
   "Try again" button (`report_retry`). Only the exception's class name is
   kept or logged, never a message that could hold personal content.
5. `purge_expired` (beat, daily) deletes the reports of submissions past
   their retention and empties their raw answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from assessments.errors import ErrorCode
from assessments.models import CallbackRequest, Report, ReportStatus, Submission
from assessments.presentation.report_pdf import report_context
from assessments.services.callbacks import callback_contacts_wipe
from core import clock
from core.errors import Conflict, NotFound
from core.i18n import content_language
from core.transactions import on_commit

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
# The render task, sent by its name: assessments.tasks imports this module to call
# report_render, so this module never imports the task module (no import cycle). The
# app's ready() imports the tasks, so the name is registered in every process.
RENDER_TASK = "assessments.render_report"


def _send(report_id: int) -> bool:
    """Send the render task now; if the broker is down, leave the row to the sweeper.

    Returns whether the task was sent. `sent_at` records the last successful
    send: the sweeper gives such a row its full time before sending it again.
    """
    try:
        current_app.tasks[RENDER_TASK].delay(report_id)
    except OperationalError as exc:
        logger.warning(
            "report %s: task not sent (%s); the sweeper will send it again",
            report_id,
            exc.__class__.__name__,
        )
        return False
    # Only a report still in flight: one made at once (eager tasks) keeps its day-only times.
    Report.objects.filter(
        pk=report_id, status__in=(ReportStatus.PENDING, ReportStatus.RUNNING)
    ).update(sent_at=timezone.now())
    return True


@transaction.atomic
def report_request(*, submission: Submission, language: str, link_base: str = "") -> Report:
    """Ask for the submission's report in `language`; returns the (possibly existing) row.

    `link_base` is the site's address as the worker reached it ("https://host"), used for
    the full links printed in the PDF when the SITE_URL setting is not set.

    Asking again returns the same row (one report per submission and language);
    the task is sent only when the row is new, after the caller's transaction
    commits. Raises NotFound once the submission's retention period is over.
    """
    if submission.expires_on <= clock.today():
        raise NotFound(code=ErrorCode.SUBMISSION_EXPIRED)
    report, created = Report.objects.get_or_create(
        submission=submission,
        language=content_language(language),
        defaults={"link_base": link_base[:200]},
    )
    if created:
        on_commit(lambda: _send(report.pk), what=f"report {report.pk}")
    return report


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """Send a failed report again (the worker's "Try again" button).

    Raises Conflict when the report is not failed (it is pending, being made or done).
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise Conflict(code=ErrorCode.REPORT_NOT_FAILED)
    report.status = ReportStatus.PENDING
    report.error_code = ""
    report.finished_at = None
    report.save(update_fields=["status", "error_code", "finished_at"])
    on_commit(lambda: _send(report.pk), what=f"report {report.pk}")
    return report


def report_ask(*, submission: Submission, language: str, link_base: str = "") -> Report:
    """Ask for the report, and retry it when its making failed (the partner API's one call).

    See report_request; a report pending, being made or done is returned as it is.
    """
    report = report_request(submission=submission, language=language, link_base=link_base)
    if report.status == ReportStatus.FAILED:
        report = report_retry(report=report)
    return report


# --- the task's work ----------------------------------------------------------------------


def _claim(report_id: int) -> bool:
    """Mark the report running (committed, so the page shows it); False when nothing to do.

    The row lock makes a second delivery wait here while the first one renders
    (see report_render), after which it finds the report done. A row already
    running whose lock is free was left by a worker that died: it is taken over.
    """
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("submission")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status in {ReportStatus.DONE, ReportStatus.FAILED}:
            return False
        if report.submission.expires_on <= clock.today():
            return False  # past retention: purge_expired deletes it
        report.status = ReportStatus.RUNNING
        report.attempts += 1
        report.save(update_fields=["status", "attempts"])
    return True


def report_render(report_id: int) -> bool:
    """Make the PDF of one report. Returns False when there was nothing to do.

    Idempotent and safe to run concurrently: a report done (or failed, until
    retried) is left alone; a stale running row is taken over; the rendering
    holds the row's lock, so a concurrent delivery waits and then finds the
    PDF made; the final write applies only to a report not yet done. Raises
    whatever rendering raises (the task retries).
    """
    from core import pdf

    if not _claim(report_id):
        return False
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("submission__instrument_version__instrument")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status != ReportStatus.RUNNING:
            return False
        context = report_context(report)
        with translation.override(report.language):
            content = pdf.render_pdf("pdf/assessment_report.html", context)
        written = (
            Report.objects.filter(pk=report_id)
            .exclude(status=ReportStatus.DONE)
            .update(pdf=content, status=ReportStatus.DONE, error_code="", **_finished_times())
        )
    return written == 1


def report_mark_failed(report_id: int, error_code: str) -> None:
    """End a report in the visible failed state (a report already done stays done)."""
    Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error_code=error_code[:64], **_finished_times()
    )


def _finished_times() -> dict[str, datetime]:
    """A finished report keeps its times at day precision only.

    While in flight the sweeper needs minutes (requested, sent); once done or failed no
    stored time tied to an anonymous submission may be finer than its day (DESIGN.md).
    """
    day = clock.now_local().replace(hour=0, minute=0, second=0, microsecond=0)
    return {"requested_at": day, "sent_at": day, "finished_at": day}


def sweep_pending(*, now: datetime | None = None) -> int:
    """Re-send reports left pending or running longer than REPORT_SWEEP_AFTER_MINUTES.

    A row qualifies when it was requested before the cut-off and not sent
    since (a row just sent, e.g. by a retry, gets its full time). Rendering
    is idempotent, so re-sending a report a live worker is still making only
    costs a wait. At most SWEEP_BATCH rows per run, oldest first; rows of
    expired submissions are left to purge_expired. Stops at the first send the
    broker refuses. Returns how many were sent.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.REPORT_SWEEP_AFTER_MINUTES)
    stale = list(
        Report.objects.filter(
            status__in=[ReportStatus.PENDING, ReportStatus.RUNNING],
            requested_at__lt=cutoff,
            submission__expires_on__gt=clock.local_date(now),
        )
        .exclude(sent_at__gte=cutoff)
        .order_by("requested_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    sent = 0
    for report_id in stale:
        if not _send(report_id):
            break  # the broker is down: the next sweep tries again
        sent += 1
    if stale:
        logger.info("report sweeper: %s of %s report(s) sent again", sent, len(stale))
    return sent


@dataclass(frozen=True)
class PurgeResult:
    reports_deleted: int
    answers_emptied: int
    callbacks_wiped: int = 0


@transaction.atomic
def purge_expired(*, now: datetime | None = None) -> PurgeResult:
    """Apply the retention period (ASSESSMENT_RETENTION_DAYS): submissions whose day has come.

    - Their reports (the PDFs, in any status) are deleted.
    - Their raw answers are emptied (`answers` set to NULL).
    - The submission row stays, with its total, band, subscale scores and
      optional demographics: anonymous aggregates (unit reports, KPIs,
      risk counts) keep counting it. Its retrieval code no longer opens it.
    - Call-back requests about them, or asked for longer ago than the
      retention period, lose their contact, risk flags and link to the score
      (services.callbacks.callback_contacts_wipe); handled ones lost them already.

    Idempotent (a second run finds nothing to do); run daily by beat as
    `assessments.purge_expired`. Logs counts only.
    """
    now = now or timezone.now()
    expired = Submission.objects.filter(expires_on__lte=clock.local_date(now))
    reports_deleted, _ = Report.objects.filter(submission__in=expired).delete()
    answers_emptied = expired.filter(answers__isnull=False).update(answers=None)
    oldest_kept = now - timedelta(days=settings.ASSESSMENT_RETENTION_DAYS)
    callbacks_wiped = callback_contacts_wipe(
        CallbackRequest.objects.filter(Q(submission__in=expired) | Q(created_at__lt=oldest_kept))
    )
    if reports_deleted or answers_emptied or callbacks_wiped:
        logger.info(
            "retention: %s report(s) deleted, answers of %s submission(s) emptied, "
            "%s call-back contact(s) removed",
            reports_deleted,
            answers_emptied,
            callbacks_wiped,
        )
    return PurgeResult(
        reports_deleted=reports_deleted,
        answers_emptied=answers_emptied,
        callbacks_wiped=callbacks_wiped,
    )
