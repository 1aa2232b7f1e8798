"""Welfare: night shifts and crisis calls per person over 30 days, with a warning."""

from __future__ import annotations

from datetime import time

import pytest
import time_machine

from accounts.models import User
from hotline import selectors, services
from hotline.models import Duty, Line, WelfareEventKind
from tests.hotline.conftest import Weekly, at

pytestmark = pytest.mark.django_db


def test_night_shifts_over_the_limit_warn(
    weekly: Weekly, line: Line, operator: User, operator2: User, supervisor: User
) -> None:
    line.night_shift_limit = 3
    line.save()
    weekly(time(0), time(8), [(operator, Duty.OPERATOR)], weekdays=[0, 2, 4, 6], name="夜班")
    weekly(time(8), time(16), [(operator2, Duty.OPERATOR)], name="白班")
    weekly(time(22), time(8), [(operator2, Duty.OPERATOR)], weekdays=[1], name="大夜班")
    # From 10 June: the last 30 days (11 May on) — but the pattern starts on 5 January.
    with time_machine.travel(at(2026, 6, 10, 23, 30), tick=False):
        rows = selectors.welfare_rows(viewer=supervisor, line=line)
    by_person = {r.person: r for r in rows}
    # Mon, Wed, Fri, Sun nights from 11 May to 10 June: 17 nights; Tuesdays 22–08: 5.
    assert by_person[operator].night_shifts == 17 and by_person[operator].over_limit
    assert by_person[operator2].night_shifts == 5 and by_person[operator2].over_limit
    assert rows[0].person == operator


def test_crisis_calls_are_counted_from_the_call_logs_events(
    weekly: Weekly, line: Line, operator: User, supervisor: User
) -> None:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        for n in range(2):
            services.welfare_event_record(
                line=line,
                person=operator,
                kind=WelfareEventKind.CRISIS_CALL,
                occurred_at=at(2026, 6, 9, 20),
                source=f"call:{n}",
            )
        # The same call recorded twice counts once.
        services.welfare_event_record(
            line=line,
            person=operator,
            kind=WelfareEventKind.CRISIS_CALL,
            occurred_at=at(2026, 6, 9, 20),
            source="call:1",
        )
        services.welfare_event_record(
            line=line,
            person=operator,
            kind=WelfareEventKind.CRISIS_CALL,
            occurred_at=at(2026, 5, 1, 20),
            source="call:old",
        )
        rows = selectors.welfare_rows(viewer=supervisor, line=line)
    assert [(r.person, r.crisis_calls, r.night_shifts, r.over_limit) for r in rows] == [
        (operator, 2, 0, False)
    ]


def test_an_operator_cannot_read_the_welfare_table(line: Line, operator: User) -> None:
    from core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.welfare_rows(viewer=operator, line=line)
