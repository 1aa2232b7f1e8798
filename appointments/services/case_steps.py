"""The closed-loop rule: an open case always has a next step.

Below both the case workflow (services.cases) and the booking services
(services.bookings), which both call it: cancelling or missing a session gives
the case a follow-up here, so services never imports cases.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.cases import Case, CaseStatus, FollowUp, FollowUpKind
from core import clock
from network import audit


def future_session(case: Case) -> Booking | None:
    return (
        case.sessions.filter(status=BookingStatus.BOOKED, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def has_next_step(case: Case) -> bool:
    """A future booked session or an open follow-up."""
    return future_session(case) is not None or case.followups.filter(done_at__isnull=True).exists()


def add_followup(
    *,
    case: Case,
    kind: str,
    due_on: date,
    created_by: User | None,
    assigned_to_id: int | None = None,
) -> FollowUp:
    return FollowUp.objects.create(
        case=case,
        kind=kind,
        due_on=due_on,
        assigned_to_id=assigned_to_id or case.counsellor_id,
        created_by=created_by,
    )


@transaction.atomic
def case_ensure_next_step(*, case_id: int, actor: User | None = None) -> None:
    """Give an open case a next step when it has lost its last one.

    Called when a session is cancelled (services.booking_cancel) or has passed;
    adds an "agree the next session" follow-up for the counsellor, due in
    CASE_NEXT_STEP_DAYS days.
    """
    case = Case.objects.select_for_update().select_related("station").filter(pk=case_id).first()
    if case is None or case.status == CaseStatus.CLOSED or has_next_step(case):
        return
    followup = add_followup(
        case=case,
        kind=FollowUpKind.BOOK_SESSION,
        due_on=clock.today() + timedelta(days=settings.CASE_NEXT_STEP_DAYS),
        # Added by the rule, not by the person whose action triggered it (often the worker).
        created_by=None,
    )
    audit.record(
        actor=actor,
        action="appointments.case.next_step_added",
        target=case,
        unit=case.station,
        details={"followup": followup.pk, "due_on": followup.due_on.isoformat()},
    )
