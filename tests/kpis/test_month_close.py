"""Closing months: the current month's writers touch no roll-up row, a month is summed
into the roll-ups an hour after it ended, late writes into a closed month keep the
roll-ups exact, and the figures read the same before and after a month closes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import facts as core_facts
from core.facts import Fact, Source
from kpis import tasks
from kpis.models import FactRollup, RollupMonth
from kpis.selectors import figure_for, unit_figures
from kpis.services import rollup
from network.models import OrgUnit
from tests.kpis.builders import SHANGHAI, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_suppressed(settings: Any) -> None:
    settings.MIN_GROUP_SIZE = 1


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(YEAR, month, day, hour, minute, tzinfo=SHANGHAI)


def lecture(unit: OrgUnit, day: date, pk: int, value: int = 1) -> None:
    source = Source("tests", "thing", pk)
    core_facts.replace(source, [Fact("lectures_held", unit.pk, day, value, source)])


def held(unit: OrgUnit, *, on: datetime) -> Any:
    return figure_for(unit_figures(unit, YEAR, day=on.date()), "lectures_held")


def test_a_month_closes_an_hour_after_it_ended(tree: dict[str, OrgUnit]) -> None:
    with time_machine.travel(at(7, 1, 0, 30), tick=False):
        closed = rollup.months_close()
    assert (YEAR, 5) in closed and (YEAR, 6) not in closed
    assert (YEAR - 1, 1) in closed  # January of last year on
    with time_machine.travel(at(7, 1, 1, 0), tick=False):
        assert rollup.months_close() == [(YEAR, 6)]
        assert rollup.months_close() == []  # once
        assert tasks.close_months() == 0
    assert RollupMonth.objects.filter(year=YEAR).count() == 6


def test_the_current_months_writers_touch_no_roll_up_row(tree: dict[str, OrgUnit]) -> None:
    with time_machine.travel(at(6, 10, 10), tick=False):
        rollup.months_close()
        with CaptureQueriesContext(connection) as queries:
            lecture(tree["room_a1r"], date(YEAR, 6, 10), pk=1)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "kpis_fact" in sql
    assert "kpis_factrollup" not in sql and "kpis_rollupmonth" not in sql
    assert "kpis_unitancestor" not in sql
    assert not FactRollup.objects.exists()


def test_closing_sums_the_month_to_every_ancestor(tree: dict[str, OrgUnit]) -> None:
    with time_machine.travel(at(6, 20, 10), tick=False):
        lecture(tree["room_a1r"], date(YEAR, 6, 3), pk=1, value=2)
        lecture(tree["station_b1"], date(YEAR, 6, 4), pk=2, value=5)
        before = {name: held(tree[name], on=at(6, 20, 10)).actual for name in tree}
    with time_machine.travel(at(7, 1, 2), tick=False):
        rollup.months_close()
    june = dict(
        FactRollup.objects.filter(year=YEAR, month=6, indicator="lectures_held").values_list(
            "ancestor__name", "value"
        )
    )
    assert june == {
        tree["room_a1r"].name: 2,
        tree["station_a1"].name: 2,
        tree["district_a"].name: 2,
        tree["station_b1"].name: 5,
        tree["district_b"].name: 5,
        tree["centre"].name: 7,
    }
    with time_machine.travel(at(7, 2, 10), tick=False):
        after = {name: held(tree[name], on=at(7, 2, 10)).actual for name in tree}
    assert after == before
    assert after["centre"] == 7


def test_a_late_write_into_a_closed_month_keeps_the_roll_ups_exact(
    tree: dict[str, OrgUnit],
) -> None:
    with time_machine.travel(at(6, 20, 10), tick=False):
        lecture(tree["room_a1r"], date(YEAR, 6, 3), pk=1, value=2)
    with time_machine.travel(at(7, 3, 10), tick=False):
        rollup.months_close()
        lecture(tree["room_a1r"], date(YEAR, 6, 30), pk=2, value=4)  # filed late
        lecture(tree["room_a1r"], date(YEAR, 6, 3), pk=1, value=1)  # corrected
        assert held(tree["centre"], on=at(7, 3, 10)).months[5] == 5
        lecture(tree["room_a1r"], date(YEAR, 7, 2), pk=3, value=3)  # this month
        assert held(tree["centre"], on=at(7, 3, 10)).actual == 8
    centre = FactRollup.objects.get(ancestor=tree["centre"], year=YEAR, month=6, breakdown="")
    assert centre.value == 5
    assert not FactRollup.objects.filter(month=7).exists()


def test_figures_read_open_months_from_the_facts_until_they_close(
    tree: dict[str, OrgUnit],
) -> None:
    """Beat down for weeks: nothing closed, the figures are still whole."""
    with time_machine.travel(at(3, 5, 10), tick=False):
        lecture(tree["room_ar"], date(YEAR, 3, 5), pk=1, value=2)
    with time_machine.travel(at(6, 10, 10), tick=False):
        lecture(tree["room_ar"], date(YEAR, 6, 9), pk=2, value=3)
        shown = held(tree["district_a"], on=at(6, 10, 10))
    assert not RollupMonth.objects.exists()
    assert shown.actual == 5 and shown.months[2] == 2 and shown.months[5] == 3


def test_a_moved_subtree_takes_its_closed_months_along(tree: dict[str, OrgUnit]) -> None:
    from network.services import unit_move
    from tests.network.factories import superuser

    with time_machine.travel(at(6, 20, 10), tick=False):
        lecture(tree["room_a1r"], date(YEAR, 6, 3), pk=1, value=2)
    with time_machine.travel(at(7, 3, 10), tick=False):
        rollup.months_close()
        lecture(tree["room_a1r"], date(YEAR, 7, 1), pk=2, value=3)
        unit_move(actor=superuser(), unit=tree["station_a1"], new_parent=tree["district_b"])
        a, b = (held(tree[name], on=at(7, 3, 10)) for name in ("district_a", "district_b"))
    assert (a.actual, b.actual) == (0, 5)
    assert (a.months[5], b.months[5]) == (0, 2)
    rows = FactRollup.objects.filter(year=YEAR, month=6, breakdown="", indicator="lectures_held")
    assert rows.get(ancestor=tree["district_a"]).value == 0
    assert rows.get(ancestor=tree["district_b"]).value == 2
