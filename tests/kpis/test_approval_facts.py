"""The approval snapshot holds the month's computed figures too, so a correction of the
recorded work after approval shows as a change since."""

from __future__ import annotations

import pytest

from accounts.models import User
from kpis.selectors import changes_since_approval, period_figures
from kpis.services import approval_approve, approval_submit
from network.models import OrgUnit, Role
from tests.kpis import builders
from tests.kpis.builders import YEAR, Staff
from tests.network import factories

pytestmark = pytest.mark.django_db


def test_a_corrected_attendance_shows_as_a_change_since_approval(
    who: Staff, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    station = tree["station_a1"]
    admin = factories.staff("station.kpi@example.com", Role.UNIT_ADMIN, station)
    lecture = builders.held_lecture(who, tree["room_a1r"], signed=0, attendance=30)
    builders.held_lecture(who, station, signed=0, attendance=3)
    assert period_figures(station, YEAR, 6) == {"lectures_held": "2", "lecture_attendances": "33"}
    assert period_figures(tree["room_a1r"], YEAR, 6)["lecture_attendances"] == "30"
    assert period_figures(station, YEAR, 5) == {}
    approval = approval_submit(actor=admin, unit=station, year=YEAR, month=6)
    approval = approval_approve(actor=cadre_a, approval=approval)
    assert approval.snapshot["lecture_attendances"] == "33"

    builders.adjust_attendance(who, lecture, 4)  # 4 + 3 = 7 people: now a small count
    changes = changes_since_approval(approval, period_figures(station, YEAR, 6))
    assert [(c.code, c.before, c.now) for c in changes] == [("lecture_attendances", "33", "<10")]
