"""The demo roster: a 12351 line at the centre, covered but for one gap a week."""

from __future__ import annotations

import pytest
import time_machine

from core.demo import load_demo
from hotline import selectors
from hotline.models import Call, CallerProfile, CallStatus, ContactRequest, ContactStatus, Line
from tests.hotline.conftest import at

pytestmark = pytest.mark.django_db


def test_the_demo_line_has_one_gap_a_week_and_a_welfare_warning() -> None:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        load_demo()
        load_demo()  # idempotent
        line = Line.objects.get()
        lead = line.lead
        assert lead is not None and lead.email == "hotline.lead@demo.xinling.cn"
        gaps = selectors.gaps_ahead(viewer=lead, line=line)
        welfare = selectors.welfare_rows(viewer=lead, line=line)
        duty = selectors.on_duty(line=line)
    # Wednesday nights 00:00–08:00 without a supervisor: 17 June … 8 July minus the last.
    assert [(g.starts_at.day, g.starts_at.hour, g.minutes) for g in gaps] == [
        (17, 0, 480),
        (24, 0, 480),
        (1, 0, 480),
    ]
    assert all(g.missing_supervisors == 1 and g.missing_operators == 0 for g in gaps)
    assert any(
        row.over_limit and row.person.email == "operator4@demo.xinling.cn" for row in welfare
    )
    assert duty.operators and duty.supervisors


def test_the_demo_has_days_of_calls_a_returning_caller_and_a_queue() -> None:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        load_demo()
        load_demo()  # idempotent: the calls are made once, with the line
    logged = Call.objects.filter(status=CallStatus.LOGGED)
    assert logged.count() == 19 and Call.objects.filter(status=CallStatus.DRAFT).count() == 1
    assert len({c.started_at.date() for c in logged}) >= 3
    assert logged.filter(risk="crisis").count() == 1
    assert CallerProfile.objects.filter(calls__isnull=False).distinct().count() == 1
    # three in the queue and the acknowledged crisis request (hotline/demo/crisis.py)
    assert ContactRequest.objects.filter(status=ContactStatus.OPEN).count() == 4


def test_the_demo_has_one_acknowledged_and_one_waiting_crisis() -> None:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        load_demo()
        line = Line.objects.get()
        lead = line.lead
        assert lead is not None
        open_ones = selectors.crises_open_on_line(viewer=lead, line=line)
        alerting = selectors.crises_alerting(viewer=lead)
    assert len(open_ones) == 2
    assert [i.acknowledged_by for i in open_ones] == [None, lead]
    assert [i.pk for i in alerting] == [open_ones[0].pk]
