"""Follow-ups of a case: planned by the counsellor or a supervisor, completed by the
counsellor with what happened and what comes next (the closed loop's next step).

Follow-up results are confidential: never logged, never put in an audit entry and
hidden from error reports.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from appointments.errors import (
    CaseError,
    ErrorCode,
)
from appointments.models.cases import (
    Case,
    FollowUp,
    FollowUpKind,
)
from appointments.selectors import cases as sel
from appointments.services.case_steps import (
    add_followup,
    has_next_step,
)
from appointments.services.cases import (
    NEXT_STEP_REQUIRED,
    check_choice,
    check_due_on,
    close_case_row,
    lock_case,
    require_open,
)
from core import closed_loop
from core.errors import Conflict, NotFound, PermissionDenied
from network import audit


@transaction.atomic
def followup_create(*, actor: User, case: Case, kind: str, due_on: date) -> FollowUp:
    """A follow-up for the case's counsellor: by the counsellor, or a supervisor reaching it."""
    case = lock_case(case)
    if not (sel.is_case_counsellor(actor, case) or sel.can_supervise(actor, case)):
        raise NotFound()
    require_open(case)
    check_choice(kind, FollowUpKind, "kind")
    check_due_on(due_on)
    followup = add_followup(case=case, kind=kind, due_on=due_on, created_by=actor)
    audit.record(
        actor=actor,
        action="appointments.followup.created",
        target=followup,
        unit=case.station,
        details={"case": str(case.public_id), "kind": kind, "due_on": due_on.isoformat()},
    )
    return followup


@sensitive_variables("result")
@transaction.atomic
def followup_complete(
    *,
    actor: User,
    followup: FollowUp,
    result: str,
    next_due_on: date | None = None,
    next_kind: str = FollowUpKind.BOOK_SESSION,
    close_outcome: str = "",
) -> FollowUp:
    """Mark a follow-up done with what happened, and say what comes next.

    When it was the case's last next step, the caller must give the next
    follow-up's date (`next_due_on`) or close the case (`close_outcome`);
    otherwise it is refused and nothing changes.
    """
    case = lock_case(followup.case)
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    is_assignee = followup.assigned_to_id == getattr(actor, "pk", None) and sel.is_counsellor(actor)
    if not (is_assignee or sel.is_case_counsellor(actor, case)):
        if sel.can_supervise(actor, case):
            raise PermissionDenied(_("Only the counsellor can complete a follow-up."))
        raise NotFound()
    require_open(case)
    if followup.done_at is not None:
        raise Conflict(_("This follow-up is already done."), code=ErrorCode.FOLLOWUP_DONE)
    followup.done_at = timezone.now()
    followup.result = result.strip()
    followup.save(update_fields=["done_at", "result"])
    added = None
    if next_due_on is not None:
        check_choice(next_kind, FollowUpKind, "next_kind")
        check_due_on(next_due_on, "next_due_on")
        added = add_followup(case=case, kind=next_kind, due_on=next_due_on, created_by=actor)
    # The result is confidential: the entry says only that it was done.
    audit.record(
        actor=actor,
        action="appointments.followup.completed",
        target=followup,
        unit=case.station,
        details={"case": str(case.public_id), "next_followup": added.pk if added else None},
    )
    if not has_next_step(case):
        if not close_outcome:
            raise closed_loop.next_step_required(error=CaseError, message=NEXT_STEP_REQUIRED)
        close_case_row(actor=actor, case=case, outcome=close_outcome)
    return followup
