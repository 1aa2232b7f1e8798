"""The dashboard's reads: the monthly trend from the fact table, the children's figures
(rolled up, suppressed against the parent), the stations coloured by status, and a page
whose query count does not grow with the number of units."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from core.errors import NotFound
from core.facts import Fact, Source
from kpis.models import Plan
from kpis.selectors import dashboard
from kpis.services.rebuild import rebuild
from network.models import Level, OrgUnit
from tests.kpis.builders import YEAR
from tests.network.factories import superuser
from tests.network.personas import Login

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 10)


def fact(unit: OrgUnit, code: str, value: int, day: date, pk: int, key: str = "") -> Fact:
    return Fact(code, unit.pk, day, value, Source("tests", "thing", pk), key)


def plan(unit: OrgUnit, code: str, target: int) -> None:
    Plan.objects.create(
        unit=unit, year=YEAR, code=code, target=Decimal(target), updated_by=superuser()
    )


def series(board: Any, code: str) -> dict[str, Any]:
    return next(s for s in board.chart["series"] if s["code"] == code)


def test_the_trend_is_the_hand_count_by_month_summed_up_to_each_month(
    tree: dict[str, OrgUnit],
) -> None:
    district = tree["district_a"]
    days = [date(2026, 1, 9), date(2026, 1, 20), date(2026, 3, 2), date(2026, 6, 1)]
    units = [tree["room_a1r"], tree["station_a1"], tree["room_ar"], district]
    facts = [
        fact(u, "lectures_held", 1, d, i) for i, (u, d) in enumerate(zip(units, days, strict=True))
    ]
    facts.append(fact(tree["station_b1"], "lectures_held", 5, date(2026, 2, 2), 99))
    facts.append(fact(district, "lectures_held", 7, date(2026, 6, 30), 100))  # after today
    rebuild(facts)
    plan(district, "lectures_held", 12)
    board = dashboard(superuser(), district, YEAR, day=DAY)
    lectures = series(board, "lectures_held")
    # By hand: January 2, February 0, March 1, April 0, May 0, June 1 (up to the 10th).
    assert lectures["actual"][:6] == [2.0, 2.0, 3.0, 3.0, 3.0, 4.0]
    assert lectures["actual"][6:] == [None] * 6
    assert lectures["target"] == 12.0
    assert lectures["expected"][11] == pytest.approx(12.0)
    assert lectures["expected"][0] == pytest.approx(12 * 31 / 365)


def test_a_hidden_month_breaks_the_trend_from_there_on(tree: dict[str, OrgUnit]) -> None:
    district = tree["district_a"]
    rebuild(
        [
            fact(district, "lecture_attendances", 30, date(2026, 1, 3), 1),
            fact(district, "lecture_attendances", 4, date(2026, 3, 3), 2),
            fact(district, "lecture_attendances", 12, date(2026, 4, 3), 3),
        ]
    )
    board = dashboard(superuser(), district, YEAR, day=DAY)
    attendances = series(board, "lecture_attendances")
    assert attendances["actual"][:2] == [30.0, 30.0]
    assert attendances["actual"][2:] == [None] * 10


def test_children_rows_are_their_subtrees_with_small_cells_hidden_in_pairs(
    tree: dict[str, OrgUnit],
) -> None:
    rebuild(
        [
            fact(tree["room_a1r"], "lecture_attendances", 20, date(2026, 3, 3), 1),
            fact(tree["station_a1"], "lecture_attendances", 5, date(2026, 3, 4), 2),
            fact(tree["room_ar"], "lecture_attendances", 30, date(2026, 3, 5), 3),
            fact(tree["room_a1r"], "lectures_held", 2, date(2026, 3, 3), 4),
            fact(tree["room_ar"], "lectures_held", 1, date(2026, 3, 3), 5),
        ]
    )
    plan(tree["station_a1"], "lectures_held", 4)
    board = dashboard(superuser(), tree["district_a"], YEAR, day=DAY)
    rows = {row.unit.pk: row for row in board.children}
    station, room = rows[tree["station_a1"].pk], rows[tree["room_ar"].pk]
    assert station.cell("lectures_held").actual == 2
    assert station.cell("lectures_held").percent == Decimal("50.0")
    assert room.cell("lectures_held").actual == 1
    assert station.cell("lecture_attendances").actual == 25
    assert room.cell("lecture_attendances").actual == 30
    assert station.cell("units_active_room").actual == 1


def test_a_small_child_is_hidden_with_a_complement(tree: dict[str, OrgUnit]) -> None:
    rebuild(
        [
            fact(tree["station_a1"], "lecture_attendances", 4, date(2026, 3, 4), 1),
            fact(tree["room_ar"], "lecture_attendances", 30, date(2026, 3, 5), 2),
        ]
    )
    board = dashboard(superuser(), tree["district_a"], YEAR, day=DAY)
    cells = [row.cell("lecture_attendances") for row in board.children]
    # The district shows 34; showing 30 would give away the station's 4.
    district = next(f for f in board.figures if f.code == "lecture_attendances")
    assert district.actual == 34
    assert all(cell.suppressed for cell in cells)


def test_stations_on_the_map_carry_their_status(tree: dict[str, OrgUnit]) -> None:
    rebuild([fact(tree["station_a1"], "lectures_held", 1, date(2026, 3, 3), 1)])
    plan(tree["station_a1"], "lectures_held", 10)
    board = dashboard(superuser(), tree["district_a"], YEAR, map_code="lectures_held", day=DAY)
    by_name = {s["name"]: s for s in board.stations}
    station = by_name[tree["station_a1"].name]
    assert station["status"] == "behind" and station["actual"] == 1.0
    assert station["url"] == reverse("staff:kpis:progress", args=[tree["station_a1"].public_id])
    assert tree["station_b1"].name not in by_name  # another district's


def test_the_dashboard_is_refused_outside_the_viewers_reach(
    tree: dict[str, OrgUnit], cadre_b: User
) -> None:
    with pytest.raises(NotFound):
        dashboard(cadre_b, tree["district_a"], YEAR)


def _grow(district: OrgUnit, rooms: int) -> None:
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
    rebuild([fact(u, "lecture_attendances", 11, date(2026, 3, 3), u.pk) for u in units])


def _page_queries(client: Any, unit: OrgUnit) -> tuple[int, str]:
    url = reverse("staff:kpis:progress", args=[unit.public_id]) + f"?year={YEAR}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_page_query_count_does_not_grow_with_the_units(
    login: Login, tree: dict[str, OrgUnit], cadre_b: User
) -> None:
    client = login(cadre_b)
    _grow(tree["district_b"], 50)
    small, _ = _page_queries(client, tree["district_b"])
    _grow(tree["district_b"], 450)
    large, html = _page_queries(client, tree["district_b"])
    assert small == large <= 40
    assert html.count("data-child=") == 501  # the station and 500 rooms
    assert 'id="kpi-trend-data"' in html and "data-kpi-map" in html


def test_numbers_link_to_their_records_only_for_who_may_open_them(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User, counsellor_a: User
) -> None:
    rebuild([fact(tree["station_a1"], "lectures_held", 1, date(2026, 3, 3), 1)])
    station = tree["station_a1"]
    lectures = reverse("staff:courses:lectures")
    link = dashboard(cadre_a, station, YEAR, day=DAY).links["lectures_held"]
    assert link == f"{lectures}?status=held&unit={station.public_id}&year={YEAR}"
    counsellor = dashboard(counsellor_a, tree["station_a1"], YEAR, day=DAY)
    assert "lectures_held" not in counsellor.links
    assert not any(code.startswith("assessments") for code in counsellor.links)


def test_completed_campaigns_link_to_the_campaign_list_filtered_for_who_may_open_it(
    tree: dict[str, OrgUnit], cadre_a: User, counsellor_a: User
) -> None:
    district = tree["district_a"]
    campaigns = reverse("staff:assessments:campaign_list")
    link = dashboard(cadre_a, district, YEAR, day=DAY).links["unit_assessments_completed"]
    assert link == f"{campaigns}?status=completed&unit={district.public_id}&year={YEAR}"
    counsellor = dashboard(counsellor_a, tree["station_a1"], YEAR, day=DAY)
    assert "unit_assessments_completed" not in counsellor.links
