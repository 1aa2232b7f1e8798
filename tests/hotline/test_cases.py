"""Hotline cases and the closed loop: a next step always, overdue flags, crisis
follow-ups, referrals, and who reads the narratives."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from core import clock
from core.errors import Conflict, DomainError, NotFound, PermissionDenied
from core.models import OutboxMessage
from hotline import tasks
from hotline.models import (
    Call,
    CallOutcome,
    CaseStatus,
    HotlineCase,
    Line,
    NextStep,
    ReferralStatus,
    RiskLevel,
    StepKind,
)
from hotline.selectors import cases as sel
from hotline.services import case_flags, case_steps
from hotline.services import cases as svc
from network.models import AuditEntry, OrgUnit, Role
from tests.hotline.case_helpers import CONCERN, logged_call, open_case
from tests.network import factories

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def test_a_case_is_opened_from_its_call_with_a_next_step(line: Line, operator: User) -> None:
    case = open_case(line, operator)
    assert case.status == CaseStatus.OPEN and case.owner == operator
    assert case.calls.count() == 1
    step = case.steps.get()
    assert step.kind == StepKind.FOLLOW_UP_CALL and step.done_at is None
    entry = AuditEntry.objects.get(action="hotline.case.opened")
    assert CONCERN not in str(entry.details)


def test_a_case_cannot_be_opened_without_a_next_step(line: Line, operator: User) -> None:
    call = logged_call(line, operator)
    with pytest.raises(DomainError) as err:
        svc.case_open_from_call(
            actor=operator, call=call, concern=CONCERN, next_kind="follow_up_call", next_due_on=None
        )
    assert err.value.code == "next_step_required"
    assert "next_due_on" in err.value.fields
    assert HotlineCase.objects.count() == 0


def test_the_next_step_cannot_be_due_in_the_past(line: Line, operator: User) -> None:
    call = logged_call(line, operator)
    with pytest.raises(DomainError) as err:
        svc.case_open_from_call(
            actor=operator,
            call=call,
            concern=CONCERN,
            next_kind="visit",
            next_due_on=clock.today() - timedelta(days=1),
        )
    assert err.value.code == "due_in_past"
    assert HotlineCase.objects.count() == 0


def test_only_a_case_opened_call_opens_a_case(line: Line, operator: User) -> None:
    call = logged_call(line, operator)
    Call.objects.filter(pk=call.pk).update(outcome=CallOutcome.COUNSELLED)
    call.refresh_from_db()
    with pytest.raises(Conflict):
        svc.case_open_from_call(
            actor=operator, call=call, concern=CONCERN, next_kind="visit", next_due_on=date.max
        )


def test_the_last_step_done_needs_the_next_or_a_close(line: Line, operator: User) -> None:
    case = open_case(line, operator)
    step = case.steps.get()
    with pytest.raises(DomainError) as err:
        svc.step_complete(actor=operator, step=step)
    assert err.value.code == "next_step_required"
    step.refresh_from_db()
    assert step.done_at is None  # nothing changed
    svc.step_complete(
        actor=operator, step=step, next_kind="visit", next_due_on=clock.today() + timedelta(5)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP
    last = case.steps.get(done_at__isnull=True)
    svc.step_complete(actor=operator, step=last, close_outcome="resolved")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == "resolved"


def test_a_crisis_adds_follow_ups_at_24h_72h_and_7_days(line: Line, operator: User) -> None:
    case = open_case(line, operator, risk=RiskLevel.CRISIS)
    call = case.calls.get()
    crisis = list(case.steps.filter(is_crisis_followup=True).order_by("due_at"))
    assert [s.due_at - call.started_at for s in crisis] == [
        timedelta(hours=24),
        timedelta(hours=72),
        timedelta(days=7),
    ]
    assert {s.kind for s in crisis} == {StepKind.FOLLOW_UP_CALL}


def test_no_crisis_no_crisis_follow_ups(line: Line, operator: User) -> None:
    case = open_case(line, operator, risk=RiskLevel.HIGH)
    assert not case.steps.filter(is_crisis_followup=True).exists()


def test_only_the_supervisor_waives_crisis_follow_ups_with_a_reason(
    line: Line, operator: User, supervisor: User
) -> None:
    case = open_case(line, operator, risk=RiskLevel.CRISIS)
    with pytest.raises(PermissionDenied):
        case_steps.crisis_followups_waive(actor=operator, case=case, reason="已转介精神科")
    with pytest.raises(DomainError):
        case_steps.crisis_followups_waive(actor=supervisor, case=case, reason=" ")
    assert case_steps.crisis_followups_waive(actor=supervisor, case=case, reason="已住院") == 3
    case.refresh_from_db()
    assert case.crisis_followups_waived == "已住院"
    assert case.steps.filter(done_at__isnull=True).count() == 1  # the operator's own step
    entry = AuditEntry.objects.get(action="hotline.case.crisis_followups_waived")
    assert "已住院" not in str(entry.details)


def test_overdue_steps_are_flagged_once_to_owner_and_supervisor(
    line: Line, operator: User, supervisor: User
) -> None:
    line.lead = supervisor
    line.save()
    open_case(line, operator, next_due_on=clock.today() + timedelta(days=1))
    assert case_flags.cases_flag_overdue_steps() == 0
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=1), tick=False):
        assert case_flags.cases_flag_overdue_steps() == 1
        assert case_flags.cases_flag_overdue_steps() == 0
        assert sel.my_open_cases(viewer=operator)[0].overdue
    assert NextStep.objects.get().overdue_flagged_at is not None
    alert = OutboxMessage.objects.get(purpose="hotline.case_step_overdue")
    assert sorted(alert.payload["to"]) == sorted([operator.email, supervisor.email])
    assert "工资" not in alert.payload["body"]


def test_a_closed_case_is_never_flagged(line: Line, operator: User) -> None:
    case = open_case(line, operator)
    svc.case_close(actor=operator, case=case, outcome="resolved")
    later = timezone.now() + timedelta(days=30)
    assert case_flags.cases_flag_overdue_steps(now=later) == 0


def test_an_unanswered_referral_past_its_date_is_flagged(line: Line, operator: User) -> None:
    case = open_case(
        line,
        operator,
        next_kind=StepKind.REFERRAL,
        referral_to="legal_aid",
        next_due_on=clock.today() + timedelta(days=3),
    )
    referral = case.referrals.get()
    assert referral.answer_by == clock.today() + timedelta(days=3)
    assert case_flags.referrals_flag_unanswered() == 0
    later = timezone.now() + timedelta(days=4)
    assert case_flags.referrals_flag_unanswered(now=later) == 1
    assert case_flags.referrals_flag_unanswered(now=later) == 0
    assert OutboxMessage.objects.filter(purpose="hotline.referral_overdue").count() == 1
    referral.refresh_from_db()
    assert referral.overdue_flagged_at is not None


def test_an_answered_referral_is_not_flagged(line: Line, operator: User) -> None:
    case = open_case(line, operator, next_kind="referral", referral_to="petition")
    referral = case.referrals.get()
    with pytest.raises(DomainError):
        svc.referral_answer(actor=operator, referral=referral, status="sent", feedback="")
    svc.referral_answer(actor=operator, referral=referral, status="accepted", feedback="已受理")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.feedback == "已受理"
    later = timezone.now() + timedelta(days=30)
    assert case_flags.referrals_flag_unanswered(now=later) == 0


def test_a_referral_needs_a_body(line: Line, operator: User) -> None:
    with pytest.raises(DomainError) as err:
        open_case(line, operator, next_kind="referral", referral_to="")
    assert "referral_to" in err.value.fields
    assert HotlineCase.objects.count() == 0


def test_access_matrix_and_audit(
    tree: dict[str, OrgUnit],
    line: Line,
    operator: User,
    operator2: User,
    supervisor: User,
    operator_b: User,
) -> None:
    case = open_case(line, operator)
    analyst = factories.staff("an@example.com", Role.ANALYST, tree["centre"])
    for reader in (operator, operator2, supervisor):
        assert sel.case_get(viewer=reader, public_id=case.public_id) == case
        sel.case_read(viewer=reader, case=case)
    for outsider in (operator_b, analyst):
        with pytest.raises(NotFound):
            sel.case_get(viewer=outsider, public_id=case.public_id)
        with pytest.raises(NotFound):
            sel.case_read(viewer=outsider, case=case)
    reads = AuditEntry.objects.filter(action="hotline.case.viewed")
    assert {e.actor_id for e in reads} == {operator.pk, operator2.pk, supervisor.pk}
    assert sel.case_counts(viewer=analyst)[CaseStatus.OPEN] == 1
    assert sel.case_counts(viewer=operator_b)[CaseStatus.OPEN] == 0
    with pytest.raises(NotFound):
        svc.case_close(actor=operator_b, case=case, outcome="resolved")


def test_the_scheduler_runs_the_closed_loop_check(
    settings: Any, line: Line, operator: User
) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["hotline-flag-overdue-case-steps"]
    assert entry["task"] == "hotline.flag_overdue_case_steps"
    open_case(line, operator, next_kind="referral", referral_to="legal_aid")
    with time_machine.travel(timezone.now() + timedelta(days=10), tick=False):
        assert tasks.flag_overdue_case_steps() == 2  # the step and its referral
        assert tasks.flag_overdue_case_steps() == 0
