"""Call-backs: a worker at risk asks the hotline to call back (the crisis path)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.errors import ErrorCode
from assessments.models import (
    CallbackRequest,
    CallbackStatus,
    Submission,
)
from assessments.notifications.callbacks import callback_request_alert
from assessments.selectors.callbacks import CALLBACK_SOURCES, callback_screening_words
from core import crypto
from core.errors import DomainError
from core.phone import phone_normalise_or_none
from hotline.services import request_contact
from network import audit
from network.models import OrgUnit

# The hotline queue's sources (hotline.models.ContactSource values, passed as plain data).
CONTACT_SOURCE_ASSESSMENT = "assessment"
CONTACT_SOURCE_LECTURE = "lecture"


class CallbackInvalid(DomainError):
    code = ErrorCode.CALLBACK_INVALID


def duty_unit() -> OrgUnit:
    """The hotline's duty unit: the city centre, which runs the 12351 line."""
    return OrgUnit.objects.get(parent__isnull=True)


@transaction.atomic
def callback_request_create(
    *,
    submission: Submission | None,
    contact_phone: str,
    consent: bool,
    contact_name: str = "",
    preferred_time: str = "",
    source: str = "",
) -> CallbackRequest:
    """Open an urgent call-back item for the hotline (consumed by the hotline app).

    Only the contact the worker gives, with consent, is stored. Other apps open one with
    `submission=None` and a `source` from `CALLBACK_SOURCES` (a lecture's feedback form),
    which the queue shows where an assessment's instrument would be.
    """
    errors: dict[str, list[Any]] = {}
    # A mobile or a landline, stored in E.164 (core.phone).
    phone = phone_normalise_or_none(contact_phone or "")
    if phone is None:
        errors["contact_phone"] = [_("Give a mobile number (11 digits) or a landline number.")]
    if not consent:
        errors["consent"] = [_("We can only call you back with your consent.")]
    if errors or phone is None:
        raise CallbackInvalid(_("Please check the highlighted fields."), fields=errors)
    repeat = callback_request_open_for(submission)
    if repeat is not None:  # one open request per submission: a repeat updates it, no alert
        return _callback_request_refresh(
            repeat, phone=phone, contact_name=contact_name, preferred_time=preferred_time
        )
    version = submission.instrument_version if submission is not None else None
    request = CallbackRequest.objects.create(
        submission=submission,
        instrument_code=version.instrument.code if version is not None else source[:32],
        band_code=submission.band_code if submission is not None else "",
        risk_reasons=list(submission.risk_reasons) if submission is not None else [],
        contact_phone_token=crypto.encrypt(phone),
        contact_name=(contact_name or "").strip()[:40],
        preferred_time=(preferred_time or "").strip()[:80],
        consent=True,
        duty_unit=duty_unit(),
    )
    audit.record(
        actor=None,
        action="assessments.callback.requested",
        target=request,
        unit=request.duty_unit,
        details={"instrument": request.instrument_code, "band": request.band_code},
    )
    callback_request_alert(request=request)
    _hand_to_hotline(request, phone)
    return request


def _hand_to_hotline(request: CallbackRequest, phone: str) -> None:
    """Put the request into the hotline's contact queue (plain text: DESIGN.md, one way).

    The summary names the instrument, band and risk signs in words, in the staff's
    language (settings.LANGUAGE_CODE), since the queue shows it as it was handed in; a
    lecture's "please contact me" goes in as lecture feedback. The hotline keeps the
    number in its encrypted caller profile; a repeat updates the queued one.
    """
    lecture = request.submission_id is None and request.instrument_code in CALLBACK_SOURCES
    with translation.override(settings.LANGUAGE_CODE):
        summary = _summary(request, lecture=lecture)
    request_contact(
        source=CONTACT_SOURCE_LECTURE if lecture else CONTACT_SOURCE_ASSESSMENT,
        summary=summary,
        phone=phone,
        risk="high" if request.risk_reasons else "medium",
        unit=request.duty_unit,
        reference=str(request.public_id),
        contact_name=request.contact_name,
        preferred_time=request.preferred_time,
    )


def _summary(request: CallbackRequest, *, lecture: bool) -> str:
    if lecture:
        return gettext("Lecture feedback: asks to be contacted.")
    words = callback_screening_words([request])[request.pk]
    summary = gettext("Self-assessment %(instrument)s, result: %(band)s.") % {
        "instrument": words.instrument or "—",
        "band": words.band or "—",
    }
    if words.risks:
        summary += " " + gettext("Risk signs: %(reasons)s") % {"reasons": " ".join(words.risks)}
    return summary


def callback_request_open_for(submission: Submission | None) -> CallbackRequest | None:
    """The submission's call-back request not closed yet (locked for update), if any."""
    if submission is None:
        return None
    # Locking the submission serialises two requests for it arriving at once.
    list(Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk"))
    return (
        CallbackRequest.objects.filter(submission=submission)
        .exclude(status=CallbackStatus.CLOSED)
        .order_by("-created_at")
        .first()
    )


def _callback_request_refresh(
    request: CallbackRequest, *, phone: str, contact_name: str, preferred_time: str
) -> CallbackRequest:
    """A repeat of an open request: the latest contact details win; the hotline was alerted."""
    request.contact_phone = phone
    request.contact_name = (contact_name or "").strip()[:40]
    request.preferred_time = (preferred_time or "").strip()[:80]
    request.save(update_fields=["contact_phone_token", "contact_name", "preferred_time"])
    _hand_to_hotline(request, phone)
    audit.record(
        actor=None,
        action="assessments.callback.updated",
        target=request,
        unit=request.duty_unit,
        details={"instrument": request.instrument_code, "band": request.band_code},
    )
    return request


def callback_contacts_wipe(requests: QuerySet[CallbackRequest]) -> int:
    """Remove the contact, the risk flags and the link to the score; returns how many.

    What stays is a count-only trace: the duty unit, the status, the day asked
    and who handled it. Called when staff mark a request handled (closed) and
    by the retention job for whatever is left. Idempotent.
    """
    return requests.exclude(contact_phone_token="", submission__isnull=True).update(
        contact_phone_token="",
        contact_name="",
        preferred_time="",
        band_code="",
        risk_reasons=[],
        submission=None,
        status=CallbackStatus.CLOSED,
    )


@transaction.atomic
def callback_request_followed(*, reference: str, status: str, actor: User) -> None:
    """The hotline's queue took or closed the request handed in as `reference`: the
    call-back follows (being handled, or closed with its contact wiped), so the queue is
    the one place it is handled. The hotline checked that `actor` may handle it."""
    mapped = {"assigned": CallbackStatus.IN_PROGRESS, "closed": CallbackStatus.CLOSED}.get(status)
    request = (
        CallbackRequest.objects.select_for_update().filter(public_id=reference).first()
        if mapped is not None
        else None
    )
    if mapped is None or request is None or request.status == CallbackStatus.CLOSED:
        return
    request.status, request.handled_by, request.handled_at = mapped, actor, timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    if mapped == CallbackStatus.CLOSED:
        callback_contacts_wipe(CallbackRequest.objects.filter(pk=request.pk))
    audit.record(
        actor=actor,
        action=f"assessments.callback.{mapped}",
        target=request,
        unit=request.duty_unit,
        details={"from": "hotline"},
    )
