"""Station lists stay cheap as the network grows: open-now in SQL, pages of 20, light rows."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from network.models import Level, OpeningException, OrgUnit, ServiceKind, StationProfile
from network.selectors import (
    StationFilters,
    count_stations,
    is_open_at,
    open_at_condition,
    search_stations,
    station_detail,
)
from network.views.portal import PAGE_SIZE
from tests.network import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday; the exceptions below sit on Sunday (yesterday) and Monday (today).
MONDAY = datetime(2026, 3, 2, tzinfo=SHANGHAI)
LIST_URL = "/stations/"
MAP_URL = "/stations/map.json"


def _station(tree: dict[str, OrgUnit], name: str, **profile: Any) -> StationProfile:
    unit = factories.unit(name, Level.STATION, tree["district_a"])
    return factories.station(unit, **profile)


@pytest.fixture
def mixed(tree: dict[str, OrgUnit]) -> list[StationProfile]:
    """Day hours, overnight hours, a holiday, special and overnight exceptions, 24 hours."""
    sunday, monday = MONDAY.date() - timedelta(days=1), MONDAY.date()
    day = _station(tree, "日间", hours=((0, time(9), time(17)), (6, time(9), time(17))))
    night = _station(tree, "夜间", hours=((6, time(20), time(2)), (0, time(20), time(2))))
    holiday = _station(tree, "假日", hours=((0, time(9), time(17)),))
    OpeningException.objects.create(station=holiday, date=monday, closed=True)
    special = _station(tree, "特别", hours=((0, time(9), time(17)),))
    OpeningException.objects.create(
        station=special, date=monday, closed=False, opens=time(12), closes=time(14)
    )
    late = _station(tree, "深夜", hours=((6, time(9), time(17)),))
    OpeningException.objects.create(
        station=late, date=sunday, closed=False, opens=time(22), closes=time(3)
    )
    cancelled = _station(tree, "取消", hours=((6, time(20), time(2)),))
    OpeningException.objects.create(station=cancelled, date=sunday, closed=True)
    always = _station(tree, "全天", open_24h=True)
    return [day, night, holiday, special, late, cancelled, always]


def test_open_at_condition_agrees_with_is_open_at_every_half_hour(
    mixed: list[StationProfile],
) -> None:
    every = StationProfile.objects.filter(pk__in=[s.pk for s in mixed])
    for step in range(-48, 48):  # Sunday 00:00 to Monday 23:30
        moment = MONDAY + timedelta(minutes=30 * step)
        in_sql = set(every.filter(open_at_condition(moment)).values_list("pk", flat=True))
        in_python = {s.pk for s in every if is_open_at(s, moment)}
        assert in_sql == in_python, moment


def test_an_open_now_search_is_cut_in_the_database(tree: dict[str, OrgUnit]) -> None:
    """Twenty closed stations come first in the list's order; the first open one is found
    with limit=1, so the database, not Python, left the closed ones out."""
    for number in range(20):
        _station(tree, f"测甲{number:02d}", hours=((0, time(6), time(7)),))
    open_one = _station(tree, "测乙", hours=((0, time(9), time(17)),))
    moment = MONDAY + timedelta(hours=10)
    with CaptureQueriesContext(connection) as queries:
        found = search_stations(StationFilters(open_now=True, q="测"), now=moment, limit=1)
    assert [s.pk for s in found] == [open_one.pk]
    assert len(queries) <= 4  # the stations, services, hours, exceptions
    assert count_stations(StationFilters(open_now=True, q="测"), now=moment) == 1


def _main_query(filters: StationFilters) -> str:
    with CaptureQueriesContext(connection) as queries:
        search_stations(filters)
    return str(queries.captured_queries[0]["sql"])


def test_distinct_only_when_a_filter_joins_a_to_many_table(tree: dict[str, OrgUnit]) -> None:
    assert "DISTINCT" not in _main_query(StationFilters())
    assert "DISTINCT" not in _main_query(StationFilters(open_now=True, near=(36.0, 120.3)))
    assert "DISTINCT" in _main_query(StationFilters(service=ServiceKind.COUNSELLING))


def test_lists_load_neither_long_texts_nor_the_parent(tree: dict[str, OrgUnit]) -> None:
    sql = _main_query(StationFilters())
    assert '"description"' not in sql and '"employer_name"' not in sql
    stations = search_stations(StationFilters())
    assert stations
    assert all("parent" not in s.unit._state.fields_cache for s in stations)
    # A station's own page still has them.
    detail = station_detail(stations[0].unit.public_id)
    assert detail is not None and "parent" in detail.unit._state.fields_cache


def test_lists_prefetch_only_yesterdays_and_todays_exceptions(tree: dict[str, OrgUnit]) -> None:
    station = tree["station_a1"].station
    today = MONDAY.date()
    for offset in (-1, 0, 3):
        OpeningException.objects.create(station=station, date=today + timedelta(days=offset))
    listed = {s.pk: s for s in search_stations(StationFilters(), now=MONDAY)}[station.pk]
    loaded = {e.date for e in listed.opening_exceptions.all()}
    assert loaded == {today - timedelta(days=1), today}


# --- the station list page -------------------------------------------------------------


def _add(tree: dict[str, OrgUnit], count: int) -> None:
    for number in range(count):
        _station(
            tree,
            f"页测{number:03d}",
            services_offered=(ServiceKind.COUNSELLING,),
            hours=tuple((d, time(8), time(20)) for d in range(7)),
        )


def _cards(html: str) -> int:
    return html.count('<li class="station-card')


def test_the_list_shows_one_page_and_keeps_the_filters_in_its_links(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    _add(tree, 45)
    total = StationProfile.objects.filter(
        unit__is_active=True, services__service=ServiceKind.COUNSELLING
    ).count()
    params: dict[str, Any] = {"service": ServiceKind.COUNSELLING}
    first = client.get(LIST_URL, params, HTTP_ACCEPT_LANGUAGE="en")
    html = first.content.decode()
    assert _cards(html) == PAGE_SIZE
    assert f"{total} stations found" in html
    next_link = re.search(r'<a href="([^"]+)" rel="next"', html)
    assert next_link is not None
    assert "service=counselling" in next_link.group(1) and "page=2" in next_link.group(1)
    last = (total + PAGE_SIZE - 1) // PAGE_SIZE
    html = client.get(LIST_URL, {**params, "page": last}).content.decode()
    assert _cards(html) == total - PAGE_SIZE * (last - 1)


def test_the_map_gets_the_markers_of_the_page(client: Client, tree: dict[str, OrgUnit]) -> None:
    _add(tree, 30)
    page_1 = client.get(MAP_URL).json()
    page_2 = client.get(MAP_URL, {"page": 2}).json()
    assert len(page_1) == PAGE_SIZE
    assert 0 < len(page_2) <= PAGE_SIZE
    assert not {p["id"] for p in page_1} & {p["id"] for p in page_2}


@pytest.mark.parametrize("params", [{}, {"point": "36.0662,120.3826"}, {"open_now": "on"}])
def test_the_list_page_does_not_grow_with_stations(
    client: Client, tree: dict[str, OrgUnit], params: dict[str, str]
) -> None:
    """Queries, stations rendered and HTML are the same with 30 and with 90 more stations."""
    sizes = []
    for more in (30, 60):
        _add(tree, more)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL, params)
        html = response.content.decode()
        assert _cards(html) <= PAGE_SIZE
        sizes.append((len(queries), len(html)))
    (small_queries, small_html), (large_queries, large_html) = sizes
    assert small_queries == large_queries <= 10
    assert large_html < small_html * 1.1
