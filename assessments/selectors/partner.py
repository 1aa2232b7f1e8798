"""Reads behind the partner API: offered instruments, a scored result, a submission's reports.

The API views parse input, call one of these (or a service) and render; what a
result holds and when a PDF may be handed out are decided here, once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.errors import ErrorCode
from assessments.models import InstrumentVersion, Report, ReportStatus, Submission
from assessments.presentation.report_pdf import EMERGENCY_NUMBERS
from assessments.selectors.results import crisis_resources
from core.errors import Conflict, NotFound


def offered_versions() -> QuerySet[InstrumentVersion]:
    """The current version of every active instrument, by instrument code."""
    return (
        InstrumentVersion.objects.filter(is_current=True, instrument__is_active=True)
        .select_related("instrument")
        .order_by("instrument__code")
    )


def offered_version(code: str) -> InstrumentVersion:
    """The current version of one offered instrument; retired or unknown codes: NotFound."""
    version = offered_versions().filter(instrument__code=code).first()
    if version is None:
        raise NotFound()
    return version


def _emergency_name(number: str) -> str:
    names = {"120": _("Medical emergency (ambulance)"), "110": _("Police")}
    return names.get(number, _("Emergency"))


def crisis_panel(submission: Submission) -> dict[str, Any]:
    """What a worker at risk sees first: hotline, emergency numbers, stations open now.

    The stations are the portal's (crisis_resources): nearest the submission's
    district when it has one, else open anywhere, 24-hour ones first. Help is never
    limited by a partner app's unit: stations are public data.
    """
    resources = crisis_resources(submission)
    return {
        "hotline": settings.HOTLINE_NUMBER,
        "emergency": [
            {"number": number, "name": _emergency_name(number)} for number in EMERGENCY_NUMBERS
        ],
        "message": _(
            "You do not have to face this alone. Call the %(hotline)s workers' hotline now, "
            "any hour of the day; if you are in danger of harming yourself, call 120 or 110 "
            "at once."
        )
        % {"hotline": settings.HOTLINE_NUMBER},
        "stations": resources.stations,
        "district": resources.district,  # what the panel is the same for (not rendered)
    }


def submission_result(
    submission: Submission, *, retrieval_code: str, language: str
) -> dict[str, Any]:
    """A scored submission as the partner shows it, in `language`; `crisis` when at risk."""
    version = submission.instrument_version
    band = version.parsed.band(submission.band_code)
    with translation.override(language):
        result: dict[str, Any] = {
            "submission_id": submission.public_id,
            "retrieval_code": retrieval_code,
            "instrument": version.instrument.code,
            "version": version.number,
            "language": language,
            "score": submission.total,
            "percentage": submission.percentage,
            "band": band.code,
            "band_label": band.label.get(language),
            "meaning": band.meaning.get(language),
            "recommendation": band.recommendation.get(language),
            "risk": submission.risk,
            "risk_reasons": list(submission.risk_reasons),
        }
        if submission.risk:
            result["crisis"] = crisis_panel(submission)
    return result


def reports_of(submission: Submission) -> QuerySet[Report]:
    """The reports asked for so far for a submission, oldest first."""
    return Report.objects.filter(submission=submission).order_by("requested_at", "pk")


def report_ready(submission: Submission, *, language: str) -> Report:
    """The submission's finished report in `language`.

    NotFound when none was asked for; Conflict `report_failed` when its making
    failed (asking again retries it), `report_not_ready` while it is being made.
    """
    report = Report.objects.filter(submission=submission, language=language).first()
    if report is None:
        raise NotFound(_("No report was asked for in this language."))
    if report.status == ReportStatus.FAILED:
        raise Conflict(
            _("The report could not be made. Ask for it again to retry."),
            code=ErrorCode.REPORT_FAILED,
        )
    if report.status != ReportStatus.DONE or report.pdf is None:
        raise Conflict(
            _("The report is not ready yet. Try again in a moment."),
            code=ErrorCode.REPORT_NOT_READY,
        )
    return report
