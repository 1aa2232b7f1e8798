"""Hotline cases: opened from a call whose outcome is "case opened", followed up with
next steps until closed with an outcome (the closed loop, core.closed_loop).

Every function keeps the rule: a case that is not closed has an open next step. The
concern, notes and referral feedback are narratives: never logged, never in an audit
entry.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from core import facts
from core.errors import Conflict, NotFound
from hotline.errors import ErrorCode
from hotline.facts import case_facts
from hotline.models import (
    Call,
    CallOutcome,
    CallStatus,
    CaseOutcome,
    CaseStatus,
    HotlineCase,
    NextStep,
    Referral,
    ReferralStatus,
    RiskLevel,
)
from hotline.selectors.cases import require_operator
from hotline.selectors.lines import may_view
from hotline.services.case_steps import (
    CaseInvalid,
    add_crisis_followups,
    invalid,
    require_next_step,
    step_add_row,
)
from hotline.services.crisis import crisis_link_case, crisis_open
from network import audit


def _locked(case: HotlineCase) -> HotlineCase:
    return (
        HotlineCase.objects.select_for_update(of=("self",))
        .select_related("line__unit")
        .get(pk=case.pk)
    )


def _require_open(case: HotlineCase) -> None:
    if case.status == CaseStatus.CLOSED:
        raise Conflict(_("This case is closed."), code=ErrorCode.CASE_CLOSED)


def _check_concern(concern: str) -> str:
    concern = concern.strip()
    if not concern:
        raise invalid("concern", _("Describe the concern."))
    return concern


@sensitive_variables("concern")
@transaction.atomic
def case_open_from_call(
    *,
    actor: User,
    call: Call,
    concern: str,
    next_kind: str,
    next_due_on: date | None,
    referral_to: str = "",
) -> HotlineCase:
    """Open a case from a logged call with the outcome "case opened", with its first
    next step; a crisis call adds follow-ups at 24 h, 72 h and 7 days."""
    call = Call.objects.select_for_update(of=("self",)).select_related("line__unit").get(pk=call.pk)
    if not may_view(actor, call.line):
        raise NotFound()
    if call.status != CallStatus.LOGGED or call.outcome != CallOutcome.CASE_OPENED:
        raise Conflict(
            _("Only a logged call with the outcome “case opened” opens a case."),
            code=ErrorCode.CALL_NOT_CASE,
        )
    if call.case_id is not None:
        raise Conflict(_("This call already has a case."), code=ErrorCode.CASE_EXISTS)
    case = HotlineCase.objects.create(
        line=call.line, owner=actor, concern=_check_concern(concern), risk=call.risk
    )
    step_add_row(
        case=case, kind=next_kind, due_on=next_due_on, actor=actor, referral_to=referral_to
    )
    call.case = case
    call.save(update_fields=["case"])
    audit.record(
        actor=actor,
        action="hotline.case.opened",
        target=case,
        unit=case.line.unit,
        details={"call": str(call.public_id), "risk": case.risk},
    )
    if call.is_crisis:
        add_crisis_followups(case, start=call.started_at)
        crisis_link_case(call=call, case=case)
    return case


@sensitive_variables("concern", "notes")
@transaction.atomic
def case_update(
    *, actor: User, case: HotlineCase, concern: str, notes: str, risk: str, status: str
) -> HotlineCase:
    """Change the narrative, the risk level or the status (open / in follow-up)."""
    require_operator(actor, case)
    case = _locked(case)
    _require_open(case)
    if risk not in RiskLevel.values:
        raise invalid("risk", _("Choose a risk level from the list."))
    if status not in (CaseStatus.OPEN, CaseStatus.FOLLOW_UP):
        raise invalid("status", _("Close a case with its outcome."))
    became_crisis = risk == RiskLevel.CRISIS and case.risk != RiskLevel.CRISIS
    case.concern, case.notes = _check_concern(concern), notes.strip()
    case.risk, case.status = risk, status
    case.save(update_fields=["concern", "notes", "risk", "status"])
    if became_crisis:
        add_crisis_followups(case)
        crisis_open(line=case.line, case=case, actor=actor)
    audit.record(
        actor=actor,
        action="hotline.case.updated",
        target=case,
        unit=case.line.unit,
        details={"risk": risk, "status": status},
    )
    return case


@transaction.atomic
def step_add(
    *, actor: User, case: HotlineCase, kind: str, due_on: date | None, referral_to: str = ""
) -> NextStep:
    require_operator(actor, case)
    case = _locked(case)
    _require_open(case)
    step = step_add_row(case=case, kind=kind, due_on=due_on, actor=actor, referral_to=referral_to)
    audit.record(
        actor=actor,
        action="hotline.case.step_added",
        target=case,
        unit=case.line.unit,
        details={"kind": kind, "due_at": step.due_at.isoformat()},
    )
    return step


@transaction.atomic
def step_complete(
    *,
    actor: User,
    step: NextStep,
    next_kind: str = "",
    next_due_on: date | None = None,
    referral_to: str = "",
    close_outcome: str = "",
) -> NextStep:
    """Mark a step done. When it was the last one, give the next or close the case."""
    case = _locked(step.case)
    require_operator(actor, case)
    _require_open(case)
    step = NextStep.objects.select_for_update().get(pk=step.pk)
    if step.done_at is not None:
        raise Conflict(_("This step is already done."), code=ErrorCode.STEP_DONE)
    step.done_at = timezone.now()
    step.save(update_fields=["done_at"])
    if next_kind:
        step_add_row(
            case=case, kind=next_kind, due_on=next_due_on, actor=actor, referral_to=referral_to
        )
    if close_outcome:
        _close_row(case, close_outcome)
    elif case.status == CaseStatus.OPEN:
        case.status = CaseStatus.FOLLOW_UP
        case.save(update_fields=["status"])
    require_next_step(case)
    audit.record(
        actor=actor,
        action="hotline.case.step_done",
        target=case,
        unit=case.line.unit,
        details={"step": step.pk, "kind": step.kind, "closed": bool(close_outcome)},
    )
    return step


def _close_row(case: HotlineCase, outcome: str) -> None:
    if outcome not in CaseOutcome.values:
        raise invalid("outcome", _("Choose the case's outcome."))
    now = timezone.now()
    case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, now
    case.save(update_fields=["status", "outcome", "closed_at"])
    facts.record(case_facts(case, case.line.unit_id))
    case.steps.filter(done_at__isnull=True).update(done_at=now)


@transaction.atomic
def case_close(*, actor: User, case: HotlineCase, outcome: str) -> HotlineCase:
    require_operator(actor, case)
    case = _locked(case)
    _require_open(case)
    _close_row(case, outcome)
    audit.record(
        actor=actor,
        action="hotline.case.closed",
        target=case,
        unit=case.line.unit,
        details={"outcome": outcome},
    )
    return case


@sensitive_variables("feedback")
@transaction.atomic
def referral_answer(*, actor: User, referral: Referral, status: str, feedback: str) -> Referral:
    """Record the other body's answer and its feedback (a narrative)."""
    require_operator(actor, referral.case)
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case__line__unit")
        .get(pk=referral.pk)
    )
    if status not in ReferralStatus.values or status == ReferralStatus.SENT:
        raise CaseInvalid(
            _("Choose the answer the referral got."),
            code=ErrorCode.REFERRAL_INVALID,
            fields={"status": [str(_("Choose the answer the referral got."))]},
        )
    referral.status, referral.feedback = status, feedback.strip()
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "feedback", "answered_at"])
    audit.record(
        actor=actor,
        action="hotline.referral.answered",
        target=referral,
        unit=referral.case.line.unit,
        details={"status": status, "body": referral.body},
    )
    return referral
