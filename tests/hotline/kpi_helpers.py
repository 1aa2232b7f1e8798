"""Shared by the tests comparing hotline pages with the KPI figures: work recorded
through the hotline's services, so the KPI facts (hotline/facts.py) are written as the
staff pages write them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from accounts.models import User
from core import clock
from hotline.models import (
    Call,
    CallOutcome,
    CallTopic,
    CrisisIncident,
    HotlineCase,
    Line,
    PetitionVisit,
    RiskLevel,
    StepKind,
)
from hotline.services import calls as call_svc
from hotline.services import cases as case_svc
from hotline.services import crisis as crisis_svc
from hotline.services import petition as petition_svc

SUMMARY = "工资被拖欠三个月，老板威胁我"


def log_call(
    line: Line,
    operator: User,
    *,
    at: datetime | None = None,
    outcome: str = CallOutcome.COUNSELLED,
    risk: str = RiskLevel.LOW,
    gig: bool = False,
) -> Call:
    """A call logged through the service (its `hotline_calls` facts recorded), started
    at `at` (default: ten minutes ago)."""
    topic = CallTopic.objects.get(code="labour-dispute")
    draft = call_svc.call_start(actor=operator, line=line)
    data = call_svc.CallData(
        started_at=at or timezone.now() - timedelta(minutes=10),
        caller_type="worker",
        topics=[topic],
        gig_worker=gig,
        risk=risk,
        summary=SUMMARY,
        outcome=outcome,
    )
    return call_svc.call_log(actor=operator, call=draft, data=data)


def closed_case(line: Line, operator: User, *, closed_at: datetime | None = None) -> HotlineCase:
    """A case opened from a logged call and closed (resolved) at `closed_at` (default now)."""
    with time_machine.travel(closed_at or timezone.now(), tick=False):
        call = log_call(line, operator, outcome=CallOutcome.CASE_OPENED)
        case = case_svc.case_open_from_call(
            actor=operator,
            call=call,
            concern=SUMMARY,
            next_kind=StepKind.FOLLOW_UP_CALL,
            next_due_on=clock.today() + timedelta(days=2),
        )
        return case_svc.case_close(actor=operator, case=case, outcome="resolved")


def crisis(line: Line, operator: User, supervisor: User, *, after: int | None) -> CrisisIncident:
    """A crisis call, acknowledged by `supervisor` `after` minutes later (None: never)."""
    log_call(line, operator, risk=RiskLevel.CRISIS, outcome=CallOutcome.REFERRED)
    incident = CrisisIncident.objects.order_by("-pk").first()
    assert incident is not None
    if after is not None:
        with time_machine.travel(incident.opened_at + timedelta(minutes=after), tick=False):
            crisis_svc.crisis_acknowledge(actor=supervisor, incident=incident)
    return incident


def visit(line: Line, operator: User, day: date, *, people: int, heard: int = 0) -> PetitionVisit:
    """A petition-desk visit day logged through the service, with `heard` cases heard."""
    logged = petition_svc.visit_log(
        actor=operator,
        line=line,
        day=day,
        starts=time(9),
        ends=time(12),
        people_counselled=people,
    )
    for _i in range(heard):
        petition_svc.hearing_add(
            actor=operator, visit=logged, category="wages", summary=SUMMARY, one_to_one=True
        )
    return logged
