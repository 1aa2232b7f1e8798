"""On duty now: the public look-up, at midnight and with the fallback to the lead."""

from __future__ import annotations

from datetime import time

import pytest

from accounts.models import User
from hotline import services
from hotline.models import Duty, Line
from network.models import OrgUnit
from tests.hotline.conftest import Weekly, at

pytestmark = pytest.mark.django_db


def test_the_evening_shift_is_on_at_23_59_and_the_night_shift_at_midnight(
    full_week: None, line: Line, operator: User, operator2: User, supervisor2: User
) -> None:
    before = services.on_duty(line=line, moment=at(2026, 6, 14, 23, 59))  # Sunday
    after = services.on_duty(line=line, moment=at(2026, 6, 15, 0, 0))  # Monday
    assert (before.operators, before.supervisors) == ([operator2], [supervisor2])
    assert (after.operators, after.supervisors) == ([operator], [supervisor2])
    assert after.fallback is None and after.alert_to == [supervisor2]


def test_a_night_shift_from_yesterday_is_on_after_midnight(
    weekly: Weekly, line: Line, operator: User, supervisor: User
) -> None:
    weekly(
        time(22), time(8), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)], weekdays=[6]
    )
    duty = services.on_duty(line=line, moment=at(2026, 6, 15, 7, 59))  # Monday morning
    assert duty.operators == [operator]
    assert services.on_duty(line=line, moment=at(2026, 6, 15, 8, 0)).nobody


def test_nobody_on_duty_falls_back_to_the_lead(line: Line, supervisor: User) -> None:
    line.lead = supervisor
    line.save()
    duty = services.on_duty(line=line, moment=at(2026, 6, 10, 3))
    assert duty.nobody and duty.fallback == supervisor and duty.alert_to == [supervisor]


def test_an_operator_alone_still_alerts_the_lead(
    weekly: Weekly, line: Line, operator: User, supervisor: User
) -> None:
    line.lead = supervisor
    line.save()
    weekly(time(0), time(0), [(operator, Duty.OPERATOR)])
    duty = services.on_duty(line=line, moment=at(2026, 6, 10, 12))
    assert duty.operators == [operator] and duty.alert_to == [supervisor]


def test_a_unit_without_a_line_is_served_by_its_nearest_ancestors(
    full_week: None, line: Line, tree: dict[str, OrgUnit], operator: User
) -> None:
    duty = services.on_duty_for_unit(unit=tree["room_a1r"], moment=at(2026, 6, 10, 9))
    assert duty is not None and duty.line == line and duty.operators == [operator]


def test_a_district_line_serves_its_own_district(
    full_week: None, line: Line, other_line: Line, tree: dict[str, OrgUnit]
) -> None:
    duty = services.on_duty_for_unit(unit=tree["station_b1"], moment=at(2026, 6, 10, 9))
    assert duty is not None and duty.line == other_line and duty.nobody
