"""Shared by the hotline case tests: a logged call whose outcome is "case opened", and
a case opened from it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from core import clock
from hotline.models import Call, CallOutcome, CallStatus, HotlineCase, Line, RiskLevel, StepKind
from hotline.services import cases as svc

CONCERN = "被拖欠工资三个月,情绪低落"


def logged_call(line: Line, operator: User, *, risk: str = RiskLevel.MEDIUM) -> Call:
    now = timezone.now()
    return Call.objects.create(
        line=line,
        operator=operator,
        status=CallStatus.LOGGED,
        started_at=now - timedelta(minutes=20),
        logged_at=now,
        caller_type="worker",
        outcome=CallOutcome.CASE_OPENED,
        risk=risk,
    )


def open_case(line: Line, operator: User, **kw: Any) -> HotlineCase:
    call = logged_call(line, operator, risk=kw.pop("risk", RiskLevel.MEDIUM))
    return svc.case_open_from_call(
        actor=operator,
        call=call,
        concern=CONCERN,
        next_kind=kw.pop("next_kind", StepKind.FOLLOW_UP_CALL),
        next_due_on=kw.pop("next_due_on", clock.today() + timedelta(days=2)),
        **kw,
    )
