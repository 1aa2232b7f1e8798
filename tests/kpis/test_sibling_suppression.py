"""Complementary suppression between siblings: a parent minus its visible children must
not give a hidden child's count (kpis.selectors.siblings)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.facts import Fact, Source
from kpis.selectors import figure_for, unit_figures
from kpis.selectors.siblings import complement_of
from kpis.services.rebuild import rebuild
from network.models import OrgUnit
from tests.kpis.builders import YEAR

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 10)


def facts(counts: dict[OrgUnit, int], code: str = "lecture_attendances") -> list[Fact]:
    return [
        Fact(code, unit.pk, date(2026, 3, 1 + i), n, Source("tests", "thing", i))
        for i, (unit, n) in enumerate(counts.items())
    ]


def actual(unit: OrgUnit, code: str = "lecture_attendances") -> Any:
    return figure_for(unit_figures(unit, YEAR, day=DAY), code)


def test_one_small_sibling_hides_the_next_smallest_too(
    tree: dict[str, OrgUnit], settings: Any
) -> None:
    settings.MIN_GROUP_SIZE = 5
    # District A's children: station A1 (3, through its room) and room Ar (20).
    rebuild(facts({tree["room_a1r"]: 3, tree["room_ar"]: 20, tree["station_b1"]: 40}))
    district = actual(tree["district_a"])
    assert district.actual == 23  # published: district A minus room Ar would give 3
    assert actual(tree["station_a1"]).actual is None  # small
    room = actual(tree["room_ar"])
    assert room.actual is None and room.suppressed  # its complement
    # Its months cannot give the total back either: the only non-zero month is hidden.
    assert room.months[2] is None
    # The centre's children are 23 and 40: nothing small, both published.
    assert actual(tree["district_a"]).actual == 23
    assert actual(tree["district_b"]).actual == 40
    # Not a count of people: no suppression at all.
    rebuild(facts({tree["room_a1r"]: 3, tree["room_ar"]: 20}, "lectures_held"))
    assert actual(tree["room_ar"], "lectures_held").actual == 20


def test_two_small_siblings_hide_nothing_more(tree: dict[str, OrgUnit], settings: Any) -> None:
    settings.MIN_GROUP_SIZE = 5
    rebuild(facts({tree["district_a"]: 2, tree["district_b"]: 3}))
    assert actual(tree["district_a"]).actual is None
    assert actual(tree["district_b"]).actual is None
    rebuild(facts({tree["room_a1r"]: 9, tree["room_ar"]: 20}))
    assert actual(tree["room_ar"]).actual == 20  # no small sibling


def test_the_complement_is_the_smallest_published_non_zero() -> None:
    assert complement_of({1: 3, 2: 30, 3: 7, 4: 0}, 5) == 3
    assert complement_of({1: 3, 2: 2, 3: 7}, 5) is None
    assert complement_of({1: 3, 2: 0}, 5) is None
    assert complement_of({1: 8, 2: 9}, 5) is None
