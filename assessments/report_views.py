"""Portal views of personal reports: request, progress (htmx), retry, download."""

from __future__ import annotations

import contextlib
import io

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from assessments import access, reports
from assessments.models import Report, ReportStatus, Submission
from core.errors import Conflict


def _submission(request: HttpRequest, public_id: str) -> Submission:
    submission = get_object_or_404(Submission, public_id=public_id)
    if not access.may_open(request, submission):
        raise Http404
    return submission


def _report(request: HttpRequest, public_id: str) -> Report:
    report = get_object_or_404(Report.objects.select_related("submission"), public_id=public_id)
    if not access.may_open(request, report.submission):
        raise Http404
    return report


def _status(request: HttpRequest, report: Report) -> HttpResponse:
    return render(
        request,
        "assessments/_report_status.html",
        {"report": report, "submission": report.submission},
    )


@require_POST
def report_request(request: HttpRequest, public_id: str) -> HttpResponse:
    submission = _submission(request, public_id)
    report = reports.report_request(
        submission=submission, language=translation.get_language() or "zh-hans"
    )
    if request.htmx:  # type: ignore[attr-defined]
        return _status(request, report)
    return redirect("assessments:result", public_id=submission.public_id)


@require_GET
def report_status(request: HttpRequest, public_id: str) -> HttpResponse:
    return _status(request, _report(request, public_id))


@require_POST
def report_retry(request: HttpRequest, public_id: str) -> HttpResponse:
    report = _report(request, public_id)
    # A report already being made or done is simply shown as it is now.
    with contextlib.suppress(Conflict):
        report = reports.report_retry(report=report)
    if request.htmx:  # type: ignore[attr-defined]
        return _status(request, report)
    return redirect("assessments:result", public_id=report.submission.public_id)


@require_GET
def report_download(request: HttpRequest, public_id: str) -> HttpResponse:
    report = _report(request, public_id)
    if report.status != ReportStatus.DONE or report.pdf is None:
        raise Http404
    response = FileResponse(
        io.BytesIO(bytes(report.pdf)),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"report-{report.submission.submitted_on:%Y%m%d}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
