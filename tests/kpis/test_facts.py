"""Each shipped indicator, computed from work recorded through the services, equals a
hand count; later changes to a record replace its facts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from assessments.services import submissions as svc
from assessments.services.submissions import archive_consent_grant, archive_consent_revoke
from kpis.indicators import CATALOGUE, Origin
from kpis.models import Fact
from kpis.selectors import figure_for, unit_figures
from network.models import OrgUnit
from tests.kpis import builders
from tests.kpis import learning_builders as lb
from tests.kpis.builders import YEAR, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_suppressed(settings: Any) -> None:
    """Hand counts are small; suppression has its own tests (test_figures)."""
    settings.MIN_GROUP_SIZE = 1


def actual(unit: OrgUnit, code: str) -> Decimal | None:
    return figure_for(unit_figures(unit, YEAR), code).actual


def test_lectures_held_and_attendances_with_key_groups(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    room = tree["room_a1r"]
    builders.held_lecture(who, room, signed=3, gig=2)
    builders.held_lecture(who, room, signed=2, attendance=40)
    figure = figure_for(unit_figures(room, YEAR), "lecture_attendances")
    assert actual(room, "lectures_held") == 2
    assert figure.actual == 3 + 40
    assert figure.breakdown == {"gig": 2}
    assert figure.months[5] == 43  # June


def test_an_adjusted_attendance_replaces_the_lectures_facts(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    room = tree["room_a1r"]
    lecture = builders.held_lecture(who, room, signed=3)
    builders.adjust_attendance(who, lecture, 25)
    assert actual(room, "lecture_attendances") == 25
    assert actual(room, "lectures_held") == 1
    assert Fact.objects.filter(source_model="lecture", source_pk=lecture.pk).count() == 2


def test_assessments_taken_and_the_mild_or_above_share(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    district = tree["district_a"]
    builders.assessment(district, mild=True, key_group="gig")
    builders.assessment(district, mild=True)
    builders.assessment(district)
    builders.assessment(district)
    builders.assessment(tree["district_b"], mild=True)
    figures = unit_figures(district, YEAR)
    taken, mild = (
        figure_for(figures, "assessments_taken"),
        figure_for(figures, "assessments_mild_or_above"),
    )
    assert (taken.actual, mild.actual, mild.share) == (4, 2, Decimal("50.0"))
    assert taken.breakdown == {"gig": 1} and mild.breakdown == {"gig": 1}


def test_deleted_archived_results_leave_the_figures(who: Staff, tree: dict[str, OrgUnit]) -> None:
    district = tree["district_a"]
    archive_consent_grant(actor=who.worker)
    svc.submission_create(
        actor=who.worker,
        instrument_code="phq9",
        answers=builders.PHQ9_NONE,
        language="zh-hans",
        demographics=svc.Demographics(district=district),
        archive=True,
    )
    builders.assessment(district)
    assert actual(district, "assessments_taken") == 2
    archive_consent_revoke(actor=who.worker)
    assert actual(district, "assessments_taken") == 1


def test_campaigns_count_once_their_last_day_is_reached(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    room = tree["room_ar"]
    builders.campaign(who, room, days=3)
    still_open = builders.campaign(who, room, days=30)
    assert actual(room, "unit_assessments_completed") == 0
    with time_machine.travel(builders.NOW + timedelta(days=5), tick=False):
        assert actual(room, "unit_assessments_completed") == 1
        builders.campaign_end(who, still_open)
        assert actual(room, "unit_assessments_completed") == 2


def test_counselling_and_pod_sessions(who: Staff, tree: dict[str, OrgUnit]) -> None:
    station = tree["station_a1"]
    builders.attended_session(who, station, days_ago=1)
    builders.attended_session(who, station, days_ago=3)
    used = builders.pod_session(who, station)
    builders.pod_session(who, station, used=False)
    assert actual(station, "counselling_sessions") == 2
    assert actual(station, "pod_sessions") == 1
    builders.pod_mark(who, used, used=False)
    assert actual(station, "pod_sessions") == 0


def test_hotline_calls_cases_and_crises(who: Staff, tree: dict[str, OrgUnit]) -> None:
    centre = tree["centre"]
    builders.call(who, gig=True)
    builders.call(who)
    builders.closed_case(who)  # its call is made directly, not logged through the service
    builders.crisis_acknowledged(who, after_minutes=2)
    builders.crisis_acknowledged(who, after_minutes=90)
    figures = unit_figures(centre, YEAR)
    calls = figure_for(figures, "hotline_calls")
    assert (calls.actual, calls.breakdown) == (4, {"gig": 1})
    assert figure_for(figures, "hotline_cases_closed").actual == 1
    assert figure_for(figures, "crises_acknowledged_in_time").actual == 1


def test_petition_desk_visits_cases_and_people(who: Staff, tree: dict[str, OrgUnit]) -> None:
    builders.petition_visit(who, people=3, heard=2)
    builders.petition_visit(who, people=0, heard=1)
    figures = unit_figures(tree["centre"], YEAR)
    assert figure_for(figures, "petition_visits").actual == 2
    assert figure_for(figures, "petition_cases_heard").actual == 3
    assert figure_for(figures, "petition_people_counselled").actual == 3


def test_a_corrected_petition_visit_moves_its_figures(who: Staff, tree: dict[str, OrgUnit]) -> None:
    visit = builders.petition_visit(who, people=3, heard=2)
    earlier = visit.day.replace(year=YEAR - 1, month=12, day=31)
    builders.petition_services.visit_update(
        actor=who.operator,
        visit=visit,
        day=visit.day,
        starts=visit.starts,
        ends=visit.ends,
        people_counselled=5,
    )
    assert actual(tree["centre"], "petition_people_counselled") == 5
    builders.petition_services.visit_update(
        actor=who.operator,
        visit=visit,
        day=earlier,
        starts=visit.starts,
        ends=visit.ends,
        people_counselled=5,
    )
    figures = unit_figures(tree["centre"], YEAR)
    assert figure_for(figures, "petition_visits").actual == 0
    assert figure_for(figures, "petition_cases_heard").actual == 0  # heard on the visit's day
    assert Fact.objects.filter(year=YEAR - 1, indicator="petition_cases_heard").count() == 2


def test_active_units_by_level_are_read_from_the_tree(tree: dict[str, OrgUnit]) -> None:
    figures = unit_figures(tree["district_a"], YEAR)
    assert figure_for(figures, "units_active_station").actual == 1
    assert figure_for(figures, "units_active_room").actual == 2
    centre = unit_figures(tree["centre"], YEAR)
    assert figure_for(centre, "units_active_district").actual == 2


def test_cadre_lectures_are_the_records_marked_for_cadres(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    room = tree["room_a1r"]
    builders.held_lecture(who, room, signed=3, for_cadres=True)
    builders.held_lecture(who, room, signed=2)
    builders.held_lecture(who, tree["room_ar"], signed=1, for_cadres=True)
    assert actual(room, "cadre_lectures") == 1
    assert actual(room, "lectures_held") == 2
    assert actual(tree["centre"], "cadre_lectures") == 2
    assert not {i.code for i in CATALOGUE if i.origin == Origin.NOT_RECORDED}


def test_certified_people_premium_courses_and_library_visits(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    room = tree["room_ar"]
    first = lb.certificate(who, room, person=who.worker)
    lb.certificate(who, room, person=who.worker)  # a second programme: the same person
    lb.certificate(who, tree["station_b1"], person=None)
    assert actual(tree["centre"], "backbone_certified") == 2
    assert actual(room, "backbone_certified") == 1
    lb.revoke(who, first)  # the person's other certificate of the year counts now
    assert actual(room, "backbone_certified") == 1
    item = lb.premium(who, month=6)
    lb.premium(who, month=5, publish=False)
    lb.views(item, 3)
    assert actual(tree["centre"], "online_courses_published") == 1
    assert actual(tree["centre"], "online_learning_visits") == 3
    assert actual(room, "online_learning_visits") == 0


def test_a_person_certified_in_two_units_counts_once_above_both(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    """backbone_certified is distinct people across any subtree, though figures only sum."""
    lb.certificate(who, tree["room_ar"], person=who.worker)
    lb.certificate(who, tree["station_b1"], person=who.worker)  # later, in another district
    assert actual(tree["centre"], "backbone_certified") == 1
    assert actual(tree["district_a"], "backbone_certified") == 1  # the first one counts
    assert actual(tree["district_b"], "backbone_certified") == 0
