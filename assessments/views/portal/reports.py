"""Portal views of personal reports: request, progress (htmx), retry, download.

Only the holder of the retrieval code (its submission in the browser's result
pass, assessments.access) or the archive's owner reaches a report; anyone else, and anyone
after the retention period, gets 404. Every response is `no-store`: a report
and even its status are personal.

With JavaScript, htmx swaps the status partial in place and polls it every
2 s while the report is being made. Without it, the forms post and redirect to
the status page, which shows the same partial with a "Refresh" link.
"""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments import access
from assessments.models import Report, ReportStatus, Submission
from assessments.services import reports
from core import clock
from core.i18n import active_content_language
from core.web import attempt, render


def _submission(request: HttpRequest, public_id: str) -> Submission:
    submission = get_object_or_404(Submission, public_id=public_id, expires_on__gt=clock.today())
    if not access.may_open(request, submission):
        raise Http404
    return submission


def _report(request: HttpRequest, public_id: str, *, pdf: bool = True) -> Report:
    """The report, if this browser may open it; without its PDF (up to 120 KiB) unless
    `pdf`: the status, polled every 2 s while a report is made, never shows it."""
    found = Report.objects.select_related("submission")
    report = get_object_or_404(
        found if pdf else found.defer("pdf"),
        public_id=public_id,
        submission__expires_on__gt=clock.today(),
    )
    if not access.may_open(request, report.submission):
        raise Http404
    return report


def _status(request: HttpRequest, report: Report) -> HttpResponse:
    """The partial for htmx; the status page (the same partial in the layout) otherwise."""
    context = {"report": report, "submission": report.submission}
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "assessments/_report_status.html", context)
    else:
        response = render(request, "assessments/report_status_page.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _after_post(request: HttpRequest, report: Report) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # Without a broker the report was made on commit already: show it as it is now.
        report.refresh_from_db(fields=["status"])
        return _status(request, report)
    return redirect("assessments:report_status", public_id=report.public_id)


@never_cache
@require_POST
def report_request(request: HttpRequest, public_id: str) -> HttpResponse:
    submission = _submission(request, public_id)
    # Past retention the service raises NotFound: a 404, as for an unknown result.
    report = reports.report_request(
        submission=submission,
        language=active_content_language(),
        link_base=request.build_absolute_uri("/"),
    )
    return _after_post(request, report)


@never_cache
@require_GET
def report_status(request: HttpRequest, public_id: str) -> HttpResponse:
    return _status(request, _report(request, public_id, pdf=False))


@never_cache
@require_POST
def report_retry(request: HttpRequest, public_id: str) -> HttpResponse:
    report = _report(request, public_id)
    # A report already waiting, being made or done is simply shown as it is now.
    retried = attempt(lambda: reports.report_retry(report=report)).value
    return _after_post(request, retried or report)


@never_cache
@require_GET
def report_download(request: HttpRequest, public_id: str) -> FileResponse:
    report = _report(request, public_id)
    if report.status != ReportStatus.DONE or report.pdf is None:
        raise Http404
    return FileResponse(
        io.BytesIO(bytes(report.pdf)),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"report-{report.submission.submitted_on:%Y%m%d}.pdf",
    )
