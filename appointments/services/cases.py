"""Counselling cases and the closed loop (发现—疏导—跟进): cases and follow-ups.
Each function is one use case (session notes are in `notes`, referrals in
`referrals`, the next-step rule in `case_steps`).

The rule every function here keeps: a case that is not closed always has a next
step, a future booked session or an open follow-up with a due date. Functions
that could take the last one away either add one, refuse, or close the case.

Follow-up results are confidential: never logged, never put in an audit entry and
hidden from error reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.errors import (
    BookingCancelled,
    BookingHasCase,
    CaseError,
    ErrorCode,
    invalid_choice,
)
from appointments.models.bookings import Booking, BookingStatus, ReasonCategory
from appointments.models.cases import (
    Case,
    CaseOutcome,
    CaseStatus,
    FollowUpKind,
    RiskLevel,
)
from appointments.models.schedule import Mode, Slot
from appointments.notifications.alerts import ALERT_LEVELS
from appointments.selectors import cases as sel
from appointments.services.case_steps import (
    add_followup,
    case_ensure_next_step,
    future_session,
)
from core import clock, closed_loop, outbox
from core.errors import Conflict, NotFound, PermissionDenied
from network import audit

NEXT_STEP_REQUIRED = _(
    "A case always needs a next step: give the date of the next follow-up, "
    "book the next session first, or close the case."
)


def lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("station").get(pk=case.pk)


def require_case_counsellor(actor: User, case: Case) -> None:
    """Only the case's counsellor changes it; a supervisor is told so, anyone else gets 404."""
    if sel.is_case_counsellor(actor, case):
        return
    if sel.can_supervise(actor, case):
        raise PermissionDenied(_("Only the case's counsellor can do this."))
    raise NotFound()


def require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise Conflict(_("This case is closed."), code=ErrorCode.CASE_CLOSED)


def check_due_on(due_on: date, field_name: str = "due_on") -> None:
    closed_loop.check_due_on(due_on, field_name, error=CaseError)


def check_choice(value: str, choices: Any, field_name: str) -> None:
    if value not in choices.values:
        raise invalid_choice(field_name)


def close_case_row(*, actor: User, case: Case, outcome: str) -> Case:
    if not outcome or outcome not in CaseOutcome.values:
        message = gettext("Choose the outcome to close the case.")
        raise CaseError(message, code=ErrorCode.OUTCOME_REQUIRED, fields={"outcome": [message]})
    session = future_session(case)
    if session is not None:
        raise Conflict(
            _(
                "The case still has a session booked for %(when)s. Cancel it first, "
                "or keep the case open."
            )
            % {"when": formats.date_format(clock.local(session.starts_at), "Y-m-d H:i")},
            code=ErrorCode.SESSION_STILL_BOOKED,
        )
    now = timezone.now()
    closed_followups = case.followups.filter(done_at__isnull=True).update(done_at=now)
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_at = now
    case.save(update_fields=["status", "outcome", "closed_at"])
    audit.record(
        actor=actor,
        action="appointments.case.closed",
        target=case,
        unit=case.station,
        details={"outcome": outcome, "followups_closed": closed_followups},
    )
    return case


RISK_ORDER: list[str] = [RiskLevel.LOW, RiskLevel.MODERATE, RiskLevel.HIGH, RiskLevel.CRISIS]


def _risk_rose_to_alert(old: str | None, new: str) -> bool:
    """True when the level is high or crisis and higher than before."""
    return new in ALERT_LEVELS and (old is None or RISK_ORDER.index(new) > RISK_ORDER.index(old))


def _alert_on_commit(case: Case) -> None:
    """The supervisors' alert is an outbox row written with the risk change."""
    outbox.enqueue_task(
        "appointments.notifications.supervisors_alert",
        kwargs={"case_id": case.pk},
        purpose="appointments.supervisor_alert",
    )


def _check_openable(
    *, actor: User, booking: Booking, choices: dict[str, str], next_due_on: date | None
) -> None:
    """Refuse a case from a booking that has one, was cancelled, or leaves no next step."""
    if booking.case_id is not None:
        raise BookingHasCase()
    if booking.status == BookingStatus.CANCELLED:
        raise BookingCancelled()
    check_choice(choices["concern"], ReasonCategory, "concern")
    check_choice(choices["risk_level"], RiskLevel, "risk_level")
    check_choice(choices["next_kind"], FollowUpKind, "next_kind")
    upcoming = booking.status == BookingStatus.BOOKED and booking.starts_at > timezone.now()
    if next_due_on is None and not upcoming:
        message = gettext(
            "This session is not ahead any more, so the case needs another next step: "
            "give the date of the first follow-up."
        )
        raise closed_loop.next_step_required(error=CaseError, message=message)
    if next_due_on is not None:
        check_due_on(next_due_on, "next_due_on")
    if sel.open_case_of(worker_id=booking.worker_id, counsellor_id=actor.pk) is not None:
        raise Conflict(
            _("This worker already has an open case with you: add the session to that case."),
            code=ErrorCode.CASE_EXISTS,
        )


@transaction.atomic
def case_open(
    *,
    actor: User,
    booking: Booking,
    concern: str,
    risk_level: str = RiskLevel.LOW,
    next_due_on: date | None = None,
    next_kind: str = FollowUpKind.BOOK_SESSION,
) -> Case:
    """Open a case from one of the counsellor's bookings (worker and station from it).

    The case must start with a next step: the booking itself when it is still
    booked and in the future, else a follow-up due on `next_due_on`.
    """
    booking = Booking.objects.select_for_update().select_related("slot__station").get(pk=booking.pk)
    if booking.counsellor_id != getattr(actor, "pk", None) or not sel.is_counsellor(actor):
        raise NotFound()
    _check_openable(
        actor=actor,
        booking=booking,
        choices={"concern": concern, "risk_level": risk_level, "next_kind": next_kind},
        next_due_on=next_due_on,
    )
    case = Case.objects.create(
        worker_id=booking.worker_id,
        counsellor=actor,
        station=booking.slot.station,
        concern=concern,
        risk_level=risk_level,
    )
    booking.case = case
    booking.save(update_fields=["case"])
    followup = None
    if next_due_on is not None:
        followup = add_followup(case=case, kind=next_kind, due_on=next_due_on, created_by=actor)
    audit.record(
        actor=actor,
        action="appointments.case.opened",
        target=case,
        unit=case.station,
        details={
            "case": str(case.public_id),
            "booking": str(booking.public_id),
            "followup": followup.pk if followup else None,
        },
    )
    if _risk_rose_to_alert(None, risk_level):
        _alert_on_commit(case)
    return case


@transaction.atomic
def case_link_booking(*, actor: User, case: Case, booking: Booking) -> Case:
    """Add another of the worker's sessions with this counsellor to the open case."""
    case = lock_case(case)
    require_case_counsellor(actor, case)
    require_open(case)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.counsellor_id != actor.pk or booking.worker_id != case.worker_id:
        raise NotFound()
    if booking.case_id is not None:
        raise BookingHasCase()
    if booking.status == BookingStatus.CANCELLED:
        raise BookingCancelled()
    booking.case = case
    booking.save(update_fields=["case"])
    audit.record(
        actor=actor,
        action="appointments.case.session_linked",
        target=case,
        unit=case.station,
        details={"booking": str(booking.public_id)},
    )
    return case


@transaction.atomic
def case_update(*, actor: User, case: Case, concern: str, risk_level: str, status: str) -> Case:
    """Change the presenting concern, the risk level, or open ↔ in follow-up."""
    case = lock_case(case)
    require_case_counsellor(actor, case)
    require_open(case)
    check_choice(concern, ReasonCategory, "concern")
    check_choice(risk_level, RiskLevel, "risk_level")
    if status not in (CaseStatus.OPEN, CaseStatus.FOLLOW_UP):
        raise invalid_choice("status")
    changed = [
        name
        for name, value in (("concern", concern), ("risk_level", risk_level), ("status", status))
        if getattr(case, name) != value
    ]
    if changed:
        if _risk_rose_to_alert(case.risk_level, risk_level):
            _alert_on_commit(case)
        case.concern, case.risk_level, case.status = concern, risk_level, status
        case.save(update_fields=changed)
        # Field names only: a risk level tied to a case is health data.
        audit.record(
            actor=actor,
            action="appointments.case.updated",
            target=case,
            unit=case.station,
            details={"fields": changed},
        )
    return case


@transaction.atomic
def case_book_session(*, actor: User, case: Case, slot: Slot, link_base: str = "") -> Booking:
    """The counsellor books the case's next session for the worker in one of their free slots.

    Through the public services.booking_create, with the counsellor as actor and
    the case's worker as the one booked: the booking's audit entry names both,
    and the worker's limit of open bookings holds here too. Open "agree the
    next session" follow-ups are done by it. The worker gets the usual
    confirmation (SMS, e-mail, manage link) on commit.
    """
    from appointments.services import bookings

    case = lock_case(case)
    require_case_counsellor(actor, case)
    require_open(case)
    if slot.counsellor_id != actor.pk:
        message = gettext("Choose one of your own free times.")
        raise CaseError(message, code=ErrorCode.NOT_YOUR_SLOT, fields={"slot": [message]})
    if slot.mode == Mode.PHONE and not bookings.phone_session_allowed(case.worker):
        message = gettext(
            "This worker has no verified mobile number: choose an in-person or online time."
        )
        raise CaseError(message, code=ErrorCode.PHONE_NOT_VERIFIED, fields={"slot": [message]})
    booking = bookings.booking_create(
        actor=actor, worker=case.worker, slot=slot, reason=case.concern, link_base=link_base
    )
    booking.case = case
    booking.save(update_fields=["case"])
    done = case.followups.filter(done_at__isnull=True, kind=FollowUpKind.BOOK_SESSION).update(
        done_at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="appointments.case.session_booked",
        target=case,
        unit=case.station,
        details={"booking": str(booking.public_id), "followups_done": done},
    )
    return booking


@transaction.atomic
def case_close(*, actor: User, case: Case, outcome: str) -> Case:
    """Close the case with an outcome; open follow-ups are closed with it.

    Refused without an outcome, and while a session is still booked ahead.
    """
    case = lock_case(case)
    require_case_counsellor(actor, case)
    require_open(case)
    return close_case_row(actor=actor, case=case, outcome=outcome)


def cases_sweep_next_steps() -> int:
    """Give a next step to every open case that lost it (e.g. its last session has passed)."""
    ids = list(sel.cases_without_next_step().values_list("pk", flat=True))
    for case_id in ids:
        case_ensure_next_step(case_id=case_id)
    return len(ids)
