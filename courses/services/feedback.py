"""Feedback by the lecture's QR code after the lecture, with an optional call-back.

One answer per phone and per client nonce (a retry counts once). A wish to be
contacted opens a call-back request in the queue hotline staff already handle
(assessments' `callback_request_create`, which validates the number and the consent);
the feedback row keeps only that a contact was asked for, never the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.services import callback_request_create
from core import clock
from courses.errors import ErrorCode
from courses.models import Category, Feedback, Lecture, LectureStatus, Usefulness
from courses.services.lecture_codes import Purpose, pass_check
from courses.services.signin import NONCE, SignInInvalid, SignInRefused
from network import audit
from network.models import PartnerApp

# Feedback opens shortly before the end (people fill it in as the lecture closes) and
# stays open for a week.
OPENS_BEFORE_END = timedelta(minutes=15)
CLOSES_AFTER_END = timedelta(days=7)
OPEN_STATUSES = (LectureStatus.PLANNED, LectureStatus.SCHEDULED, LectureStatus.HELD)
CALLBACK_SOURCE = "lecture_feedback"
COMMENT_MAX = 1000


class FeedbackInvalid(SignInInvalid):
    code = ErrorCode.FEEDBACK_INVALID


@dataclass(frozen=True)
class FeedbackData:
    rating: int | None
    usefulness: str
    nonce: str
    wants_next: str = ""
    comment: str = ""
    contact_requested: bool = False
    contact_phone: str = ""
    contact_name: str = ""
    consent: bool = False


@dataclass(frozen=True)
class FeedbackResult:
    feedback: Feedback
    created: bool


def feedback_window(lecture: Lecture) -> tuple[datetime, datetime]:
    return lecture.ends_at - OPENS_BEFORE_END, lecture.ends_at + CLOSES_AFTER_END


def feedback_is_open(lecture: Lecture) -> bool:
    opens, closes = feedback_window(lecture)
    return lecture.status in OPEN_STATUSES and opens <= timezone.now() <= closes


def feedback_check_open(lecture: Lecture) -> None:
    opens, closes = feedback_window(lecture)
    now = timezone.now()
    if lecture.status in OPEN_STATUSES and now < opens:
        at = date_format(clock.local(opens), "Y-m-d H:i")
        raise SignInRefused(
            _("Feedback opens at %(time)s, near the end of the lecture.") % {"time": at},
            code=ErrorCode.FEEDBACK_NOT_OPEN,
        )
    if lecture.status not in OPEN_STATUSES or now > closes:
        raise SignInRefused(
            _("Feedback for this lecture has closed. Thank you."), code=ErrorCode.FEEDBACK_CLOSED
        )


def _validate(data: FeedbackData) -> tuple[int, str]:
    errors: dict[str, list[str]] = {}
    if data.rating is None or not 1 <= data.rating <= 5:
        errors["rating"] = [_("Choose a rating from 1 to 5.")]
    if data.usefulness not in Usefulness.values:
        errors["usefulness"] = [_("Choose how useful the lecture was.")]
    if data.wants_next and data.wants_next not in Category.values:
        errors["wants_next"] = [_("Choose one of the listed subjects.")]
    comment = (data.comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most 1,000 characters, please.")]
    if not NONCE.match(data.nonce or ""):
        errors["nonce"] = [_("The form was incomplete; reload the page and try again.")]
    if errors or data.rating is None:
        raise FeedbackInvalid(fields=errors)
    return data.rating, comment


def feedback_create(
    *,
    lecture: Lecture,
    data: FeedbackData,
    code: str = "",
    ticket: str = "",
    device: str = "",
    partner_app: PartnerApp | None = None,
) -> FeedbackResult:
    """Record one attendee's feedback (and, when asked, a call-back request)."""
    rating, comment = _validate(data)
    earlier = Feedback.objects.filter(lecture=lecture, nonce=data.nonce).first()
    if earlier is not None:
        return FeedbackResult(earlier, created=False)
    pass_check(lecture, code=code, ticket=ticket, device=device, purpose=Purpose.FEEDBACK)
    feedback_check_open(lecture)
    earlier = _earlier(lecture, nonce=data.nonce, device=device)
    if earlier is not None:
        return FeedbackResult(earlier, created=False)
    row = Feedback(
        lecture=lecture,
        rating=rating,
        usefulness=data.usefulness,
        wants_next=data.wants_next,
        comment=comment,
        contact_requested=data.contact_requested,
        device_hash=device,
        nonce=data.nonce,
        partner_app=partner_app,
    )
    try:
        with transaction.atomic():
            row.save()
            if data.contact_requested:
                # Validates the number and the consent; a refusal undoes the feedback too.
                callback_request_create(
                    submission=None,
                    contact_phone=data.contact_phone,
                    consent=data.consent,
                    contact_name=data.contact_name,
                    source=CALLBACK_SOURCE,
                )
            audit.record(
                actor=None,
                action="courses.lecture.feedback_given",
                target=lecture,
                unit=lecture.unit,
                details={"contact_requested": data.contact_requested},
                partner_app=partner_app,
            )
    except IntegrityError:
        earlier = _earlier(lecture, nonce=data.nonce, device=device)
        if earlier is not None:
            return FeedbackResult(earlier, created=False)
        raise
    return FeedbackResult(row, created=True)


def _earlier(lecture: Lecture, *, nonce: str, device: str) -> Feedback | None:
    """This submission's feedback when a copy got there first; refuse a second answer from
    the same phone (None: neither)."""
    match = Q(nonce=nonce) | Q(device_hash=device) if device else Q(nonce=nonce)
    rows = list(Feedback.objects.filter(match, lecture=lecture))
    for row in rows:
        if row.nonce == nonce:
            return row
    if rows:
        raise SignInRefused(
            _("This phone has already given feedback on this lecture. Thank you!"),
            code=ErrorCode.FEEDBACK_DUPLICATE,
        )
    return None
