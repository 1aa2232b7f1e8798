"""figures(): roll-up over the subtree, targets and expected progress, suppression of
small people-counts, scope, and a query count that does not grow with the tree."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.errors import NotFound
from core.facts import Fact, Source
from kpis.models import UnitAncestor
from kpis.progress import Status
from kpis.selectors import figure_for, figures, unit_figures
from kpis.services import plan_set, profile_set
from kpis.services.rebuild import rebuild
from network.models import Level, OrgUnit
from network.services import unit_move
from tests.kpis import builders
from tests.kpis.builders import YEAR, Staff
from tests.network.factories import superuser

pytestmark = pytest.mark.django_db


def fact(unit: OrgUnit, code: str, value: int, day: date = date(2026, 3, 5), pk: int = 1) -> Fact:
    return Fact(code, unit.pk, day, value, Source("tests", "thing", pk))


def test_a_units_actual_is_the_sum_over_its_subtree(
    who: Staff, tree: dict[str, OrgUnit], settings: Any
) -> None:
    settings.MIN_GROUP_SIZE = 1
    builders.held_lecture(who, tree["room_a1r"], signed=2)
    builders.held_lecture(who, tree["station_a1"], signed=3)
    builders.held_lecture(who, tree["room_ar"], signed=4)
    builders.held_lecture(who, tree["station_b1"], signed=5)

    def attendances(name: str) -> Decimal | None:
        return figure_for(unit_figures(tree[name], YEAR), "lecture_attendances").actual

    assert attendances("room_a1r") == 2
    assert attendances("station_a1") == 2 + 3
    assert attendances("district_a") == 2 + 3 + 4
    assert attendances("centre") == 2 + 3 + 4 + 5


def test_a_moved_unit_takes_its_figures_to_its_new_parent(
    who: Staff, tree: dict[str, OrgUnit], settings: Any
) -> None:
    settings.MIN_GROUP_SIZE = 1
    builders.held_lecture(who, tree["room_a1r"], signed=2)
    unit_move(actor=who.admin, unit=tree["station_a1"], new_parent=tree["district_b"])
    a = figure_for(unit_figures(tree["district_a"], YEAR), "lectures_held")
    b = figure_for(unit_figures(tree["district_b"], YEAR), "lectures_held")
    assert (a.actual, b.actual) == (0, 1)
    assert UnitAncestor.objects.filter(unit=tree["room_a1r"]).count() == 4


def test_target_expected_progress_and_status(
    who: Staff, tree: dict[str, OrgUnit], settings: Any
) -> None:
    settings.MIN_GROUP_SIZE = 1
    centre = tree["centre"]
    plan_set(actor=who.admin, unit=centre, year=YEAR, code="lectures_held", target=Decimal(10))
    plan_set(actor=who.admin, unit=centre, year=YEAR, code="petition_visits", target=Decimal(2))
    # No lectures expected in the Spring Festival month (February).
    weights = [1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    profile_set(actor=who.admin, code="lectures_held", year=YEAR, weights=weights)
    builders.held_lecture(who, tree["room_ar"], signed=1)
    builders.petition_visit(who, people=0)
    builders.petition_visit(who, people=0)
    shown = unit_figures(centre, YEAR)
    lectures, visits = figure_for(shown, "lectures_held"), figure_for(shown, "petition_visits")
    assert lectures.target == 10 and lectures.percent == Decimal("10.0")
    assert lectures.expected_percent == Decimal("39.4")  # (4 months + 10/30 of June) / 11
    assert lectures.status == Status.BEHIND
    assert visits.status == Status.MET
    assert figure_for(shown, "hotline_calls").status is None  # no target


def test_small_people_counts_are_hidden_with_their_complement(tree: dict[str, OrgUnit]) -> None:
    district = tree["district_a"]
    rebuild(
        [
            fact(district, "lecture_attendances", 30, date(2026, 2, 3), 1),
            fact(district, "lecture_attendances", 4, date(2026, 3, 3), 2),
            fact(district, "lecture_attendances", 12, date(2026, 4, 3), 3),
            Fact(
                "lecture_attendances", district.pk, date(2026, 4, 3), 3, Source("t", "t", 3), "gig"
            ),
            fact(district, "lectures_held", 1, date(2026, 3, 3), 4),
        ]
    )
    shown = unit_figures(district, YEAR, day=date(2026, 6, 10))
    attendances = figure_for(shown, "lecture_attendances")
    assert attendances.actual == 46
    assert attendances.months[1] == 30
    # March (4) is small; the next smallest month goes too, so March cannot be worked out.
    assert attendances.months[2] is None and attendances.months[3] is None
    assert attendances.breakdown == {"gig": None}
    assert figure_for(shown, "lectures_held").actual == 1  # not a count of people


def test_a_small_total_is_hidden_and_so_is_its_percentage(tree: dict[str, OrgUnit]) -> None:
    room = tree["room_ar"]
    rebuild(
        [fact(room, "assessments_taken", 6, pk=1), fact(room, "assessments_mild_or_above", 3, pk=2)]
    )
    shown = unit_figures(room, YEAR, day=date(2026, 6, 10))
    taken = figure_for(shown, "assessments_taken")
    mild = figure_for(shown, "assessments_mild_or_above")
    assert taken.actual is None and taken.suppressed and taken.percent is None
    assert mild.actual is None and mild.share is None
    assert set(taken.months) == {None, Decimal(0)}


def test_the_viewer_must_reach_the_unit(
    tree: dict[str, OrgUnit], cadre_a: User, cadre_b: User
) -> None:
    assert figures(cadre_a, tree["station_a1"], YEAR)
    with pytest.raises(NotFound):
        figures(cadre_b, tree["station_a1"], YEAR)


def _grow(district: OrgUnit, rooms: int) -> None:
    """`rooms` enterprise rooms under the district (paths written directly), one fact each."""
    start = OrgUnit.objects.filter(parent=district).count() + 1
    OrgUnit.objects.bulk_create(
        OrgUnit(
            name=f"服务室{i}",
            level=Level.ROOM,
            parent=district,
            path=f"{district.path}{i:04d}",
            depth=district.depth + 1,
        )
        for i in range(start, start + rooms)
    )
    units = OrgUnit.objects.filter(parent=district, level=Level.ROOM)
    rebuild([fact(unit, "lecture_attendances", 11, pk=unit.pk) for unit in units])


def _queries(viewer: User, unit: OrgUnit) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures(viewer, unit, YEAR, day=date(2026, 6, 10))
    return len(captured)


def test_the_query_count_does_not_grow_with_the_tree(tree: dict[str, OrgUnit]) -> None:
    root = superuser()
    _grow(tree["district_b"], 50)
    small = _queries(root, tree["centre"])
    _grow(tree["district_b"], 450)
    large = _queries(root, tree["centre"])
    assert small == large <= 7
    shown = unit_figures(tree["centre"], YEAR, day=date(2026, 6, 10))
    assert figure_for(shown, "lecture_attendances").actual == 11 * 500


def test_whole_months_come_from_the_roll_ups_and_this_month_from_the_facts(
    tree: dict[str, OrgUnit], settings: Any
) -> None:
    import time_machine

    from kpis.models import FactRollup
    from kpis.selectors.months import months_before

    settings.MIN_GROUP_SIZE = 1
    room = tree["room_a1r"]
    rows = [
        fact(room, "lectures_held", 2, date(2026, 5, 31), 1),
        fact(room, "lectures_held", 3, date(2026, 6, 9), 2),
        fact(room, "lectures_held", 7, date(2026, 6, 20), 3),  # after the day asked
    ]
    # On 10 June, May is closed: the room, its station, district and the centre have a May row.
    with time_machine.travel(builders.NOW, tick=False):
        rebuild(rows)
        assert FactRollup.objects.filter(indicator="lectures_held").count() == 4
        for unit in ("room_a1r", "district_a", "centre"):
            shown = figure_for(unit_figures(tree[unit], YEAR), "lectures_held")
            assert shown.actual == 5 and shown.months[4:6] == (2, 3)
    # From 1 July 01:00 June is closed too: a June row each; the figures read the same.
    with time_machine.travel(datetime(2026, 7, 1, 2, 0, tzinfo=builders.SHANGHAI), tick=False):
        rebuild(rows)
        assert FactRollup.objects.filter(indicator="lectures_held").count() == 8
        for unit in ("room_a1r", "district_a", "centre"):
            day = date(2026, 6, 10)
            shown = figure_for(unit_figures(tree[unit], YEAR, day=day), "lectures_held")
            assert shown.actual == 5 and shown.months[4:6] == (2, 3)
        whole = figure_for(
            unit_figures(tree["centre"], YEAR, day=date(2027, 1, 2)), "lectures_held"
        )
        assert whole.actual == 12
        assert (
            figure_for(
                unit_figures(tree["centre"], 2027, day=date(2026, 6, 10)), "lectures_held"
            ).actual
            == 0
        )
    assert (months_before(2026, date(2026, 6, 10)), months_before(2026, date(2027, 1, 1))) == (
        6,
        13,
    )
    assert months_before(2027, date(2026, 6, 10)) == 1


def test_the_catalogue_says_how_each_indicator_rolls_up() -> None:
    """Distinct counts are of people, latest states are read from the tree: the two
    ways the engine's subtree sum can be right for them (kpis.indicators)."""
    from kpis.indicators import CATALOGUE, Aggregation, Origin

    for item in CATALOGUE:
        if item.aggregation == Aggregation.LATEST:
            assert item.origin == Origin.TREE, item.code
        if item.aggregation == Aggregation.DISTINCT:
            assert item.counts_people and item.origin == Origin.COMPUTED, item.code
        if item.origin == Origin.TREE:
            assert item.aggregation == Aggregation.LATEST, item.code
    assert {item.aggregation for item in CATALOGUE} == set(Aggregation)
