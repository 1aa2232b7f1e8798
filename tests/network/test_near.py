"""Near me: distances computed in the database, checked against hand computation."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Level, OrgUnit
from network.selectors import StationFilters, haversine_m, search_stations, walk_minutes
from tests.network import factories

pytestmark = pytest.mark.django_db

ORIGIN = (36.0662, 120.3826)
# One degree of latitude on a sphere of the mean Earth radius.
METRES_PER_DEGREE_LAT = 2 * math.pi * 6_371_008.8 / 360


def test_haversine_matches_hand_computation() -> None:
    assert haversine_m(36.0, 120.0, 37.0, 120.0) == pytest.approx(METRES_PER_DEGREE_LAT)
    # Along a parallel the distance shrinks with cos(latitude) (small arc).
    assert haversine_m(36.0, 120.0, 36.0, 120.01) == pytest.approx(
        0.01 * METRES_PER_DEGREE_LAT * math.cos(math.radians(36.0)), rel=1e-6
    )


def test_nearest_first_with_database_distances(tree: dict[str, OrgUnit]) -> None:
    north_500 = factories.unit("北五百米服务室", Level.ROOM, tree["district_b"])
    factories.station(north_500, lat=ORIGIN[0] + 500 / METRES_PER_DEGREE_LAT, lng=ORIGIN[1])
    far = factories.unit("两公里服务室", Level.ROOM, tree["district_b"])
    factories.station(far, lat=ORIGIN[0] - 2000 / METRES_PER_DEGREE_LAT, lng=ORIGIN[1])

    results = search_stations(StationFilters(near=ORIGIN))
    names = [s.unit.name for s in results]
    assert names[:2] == ["甲一心灵驿站", "北五百米服务室"]  # station_a1 sits on the origin
    by_name = {s.unit.name: s for s in results}
    assert by_name["甲一心灵驿站"].distance_m == pytest.approx(0, abs=0.01)
    assert by_name["北五百米服务室"].distance_m == pytest.approx(500, rel=1e-6)
    assert by_name["两公里服务室"].distance_m == pytest.approx(2000, rel=1e-6)
    # 4.8 km/h is 80 m a minute: 500 m is 7 minutes (rounded up), 2 km is 25.
    assert by_name["北五百米服务室"].walk_minutes == 7 == walk_minutes(500)
    assert by_name["两公里服务室"].walk_minutes == 25
    assert by_name["北五百米服务室"].in_circle is True
    assert by_name["两公里服务室"].in_circle is False
    distances = [s.distance_m for s in results]
    assert distances == sorted(distances)


def test_within_minutes_limits_the_results(tree: dict[str, OrgUnit]) -> None:
    results = search_stations(StationFilters(near=ORIGIN, within_minutes=15))
    assert all(s.distance_m <= 1200 for s in results)
    assert {s.unit.name for s in results} == {"甲一心灵驿站", "甲区企业服务室"}


@pytest.mark.parametrize("extra", [0, 40])
def test_search_costs_the_same_queries_whatever_the_number_of_stations(
    tree: dict[str, OrgUnit], extra: int
) -> None:
    for i in range(extra):
        unit = factories.unit(f"服务室{i}", Level.ROOM, tree["district_b"])
        factories.station(unit, lat=36.1 + i / 1000, lng=120.4)
    with CaptureQueriesContext(connection) as queries:
        results = search_stations(StationFilters(near=ORIGIN))
    assert len(results) == 3 + extra
    assert len(queries) <= 4  # stations, services, hours, exceptions
