"""Booking counselling for a caller from a hotline case, with the caller's consent.

The booking is made through `appointments.services.booking_create_referred` (plain
data both ways: appointments never imports the hotline). It becomes the case's next
step (the closed loop, core.closed_loop), due at the end of the session's day; the
case learns only whether the session is booked, attended, missed or cancelled
(`case_booking_statuses`), never the counsellor's notes.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from appointments.services import (
    ReferralSlot,
    booking_create_referred,
    referral_free_slots,
    referred_bookings_status,
)
from core import clock
from core.errors import Conflict
from hotline.errors import ErrorCode
from hotline.models import CaseStatus, HotlineCase, NextStep, StepKind
from hotline.selectors.cases import require_operator
from hotline.services.case_steps import end_of_day
from network import audit


def counselling_times(*, actor: User) -> list[ReferralSlot]:
    """The free counselling times an operator may book for a caller."""
    return referral_free_slots(actor=actor)


@sensitive_variables("phone", "handover")
@transaction.atomic
def case_book_counselling(
    *,
    actor: User,
    case: HotlineCase,
    slot_id: uuid.UUID,
    phone: str,
    handover: str,
    consented: bool,
    link_base: str = "",
) -> NextStep:
    """Book a counselling session for the case's caller, who agreed to it and to the
    hand-over the counsellor will read; the booking is the case's next step.

    Refused with nothing written without consent (appointments checks it first), for a
    closed case, or when the time was just taken (SlotTaken with alternatives).
    """
    require_operator(actor, case)
    case = HotlineCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise Conflict(_("This case is closed."), code=ErrorCode.CASE_CLOSED)
    booked = booking_create_referred(
        actor=actor,
        slot_id=slot_id,
        phone=phone,
        handover=handover,
        consented=consented,
        link_base=link_base,
    )
    step = NextStep.objects.create(
        case=case,
        kind=StepKind.COUNSELLING_BOOKING,
        due_at=end_of_day(clock.local_date(booked.starts_at)),
        booking_id=booked.public_id,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="hotline.case.counselling_booked",
        target=case,
        unit=case.line.unit,
        details={"booking": str(booked.public_id), "step": step.pk},
    )
    return step


SESSION_STATUS = {
    "booked": _("booked"),
    "attended": _("attended"),
    "no_show": _("did not come"),
    "cancelled": _("cancelled"),
}


def case_sessions(case: HotlineCase) -> list[tuple[NextStep, str]]:
    """The case's counselling-booking steps with their session's status label (booked,
    attended, did not come, cancelled): all the case knows of a session."""
    steps = list(case.steps.filter(booking_id__isnull=False).order_by("due_at", "pk"))
    if not steps:
        return []
    found = referred_bookings_status(
        public_ids=[s.booking_id for s in steps if s.booking_id is not None]
    )
    return [
        (step, str(SESSION_STATUS.get(found.get(step.booking_id, ""), "—")))  # type: ignore[arg-type]
        for step in steps
    ]
