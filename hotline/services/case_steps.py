"""Next steps of hotline cases: the closed-loop rule (core.closed_loop) and the crisis
follow-ups (24 h, 72 h and 7 days after a crisis call)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import clock, closed_loop
from core.errors import DomainError
from hotline.errors import ErrorCode
from hotline.models import (
    CaseStatus,
    HotlineCase,
    NextStep,
    Referral,
    ReferralBody,
    StepKind,
)
from hotline.selectors.cases import require_supervisor
from network import audit

CRISIS_FOLLOWUPS = (timedelta(hours=24), timedelta(hours=72), timedelta(days=7))


class CaseInvalid(DomainError):
    code = ErrorCode.CASE_INVALID


def invalid(field_name: str, message: object) -> CaseInvalid:
    return CaseInvalid(message, fields={field_name: [str(message)]})


def end_of_day(day: date) -> datetime:
    """A step due on `day` is due until the end of that day (network time)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=clock.network_tz())


def has_next_step(case: HotlineCase) -> bool:
    return case.steps.filter(done_at__isnull=True).exists()


def require_next_step(case: HotlineCase) -> None:
    """The closed loop: refuse to leave a case open without a next step."""
    if case.status != CaseStatus.CLOSED:
        closed_loop.require_next_step(has_next_step(case), error=CaseInvalid)


def step_add_row(
    *,
    case: HotlineCase,
    kind: str,
    due_on: date | None,
    actor: User | None,
    referral_to: str = "",
) -> NextStep:
    """Check and add one next step (a referral step also creates the referral)."""
    if kind not in StepKind.values:
        raise invalid("next_kind", _("Choose a next step from the list."))
    if due_on is None:
        raise closed_loop.next_step_required(error=CaseInvalid)
    closed_loop.check_due_on(due_on, "next_due_on", error=CaseInvalid)
    referral = None
    if kind == StepKind.REFERRAL:
        if referral_to not in ReferralBody.values:
            raise invalid("referral_to", _("Choose whom the case is referred to."))
        referral = Referral.objects.create(case=case, body=referral_to, answer_by=due_on)
    return NextStep.objects.create(
        case=case, kind=kind, due_at=end_of_day(due_on), referral=referral, created_by=actor
    )


def add_crisis_followups(case: HotlineCase, *, start: datetime | None = None) -> list[NextStep]:
    """Follow-up calls 24 h, 72 h and 7 days after the crisis (added by the rule)."""
    start = start or timezone.now()
    steps = [
        NextStep.objects.create(
            case=case,
            kind=StepKind.FOLLOW_UP_CALL,
            due_at=start + delta,
            is_crisis_followup=True,
            created_by=None,
        )
        for delta in CRISIS_FOLLOWUPS
    ]
    audit.record(
        actor=None,
        action="hotline.case.crisis_followups_added",
        target=case,
        unit=case.line.unit,
        details={"steps": [s.pk for s in steps]},
    )
    return steps


@transaction.atomic
def crisis_followups_waive(*, actor: User, case: HotlineCase, reason: str) -> int:
    """The supervisor records why the crisis follow-ups are not made; they are dropped,
    unless that would leave the case without a next step."""
    require_supervisor(actor, case)
    reason = reason.strip()
    if not reason:
        raise invalid("reason", _("Say why the crisis follow-ups are not needed."))
    case = HotlineCase.objects.select_for_update().get(pk=case.pk)
    pending = case.steps.filter(is_crisis_followup=True, done_at__isnull=True)
    dropped = pending.update(done_at=timezone.now())
    case.crisis_followups_waived = reason
    case.save(update_fields=["crisis_followups_waived"])
    require_next_step(case)
    # The reason is a narrative: the entry says only that it was given.
    audit.record(
        actor=actor,
        action="hotline.case.crisis_followups_waived",
        target=case,
        unit=case.line.unit,
        details={"dropped": dropped},
    )
    return dropped
