"""The worker portal's "Find a station": list, filters, near me, map markers, a station's page."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from network.models import (
    Level,
    OpeningException,
    OrgUnit,
    ServiceKind,
    StationProfile,
)
from tests.network import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_10AM = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
SUNDAY_10AM = datetime(2026, 3, 8, 10, 0, tzinfo=SHANGHAI)
AT_STATION_A1 = "36.0662,120.3826"
LIST_URL = "/stations/"
MAP_URL = "/stations/map.json"
DETAIL_LINK = re.compile(r'<h3><a href="/stations/([0-9a-f-]{36})/">')


def station_ids(html: str) -> list[str]:
    """Public ids of the listed stations, in the list's order."""
    return DETAIL_LINK.findall(html)


def names_in_order(html: str, tree: dict[str, OrgUnit]) -> list[str]:
    by_id = {str(unit.public_id): key for key, unit in tree.items()}
    return [by_id[public_id] for public_id in station_ids(html)]


def cards(html: str) -> list[str]:
    return html.split('<li class="station-card')[1:]


def get(client: Client, url: str, lang: str = "zh-hans", status: int = 200, **params: Any) -> str:
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == status
    return response.content.decode()


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the clock the views and selectors read (django.utils.timezone.now)."""

    def freeze(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


# --- the list and its filters ----------------------------------------------------------


def test_list_is_in_simplified_chinese_and_shows_every_active_station(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL)
    assert '<html lang="zh-Hans">' in html
    for name in ("甲一心灵驿站", "乙一心灵驿站", "甲区企业服务室"):
        assert name in html
    assert 'href="tel:0532-80000001"' in html
    assert names_in_order(html, tree) == ["station_a1", "room_ar", "station_b1"]
    # Landmarks and labelled controls.
    assert 'role="search"' in html
    assert '<label for="id_district"' in html
    assert '<label for="id_point"' in html
    assert 'href="/stations/" aria-current="page"' in html


def test_list_in_english_shows_level_services_and_todays_hours(
    client: Client, tree: dict[str, OrgUnit], frozen_now: Any
) -> None:
    frozen_now(MONDAY_10AM)
    html = get(client, LIST_URL, lang="en")
    a1 = cards(html)[0]
    assert "甲一心灵驿站" in a1
    assert "heart station" in a1
    assert "09:00–17:00" in a1
    assert "one-to-one counselling" in a1 and "self-assessment" in a1
    assert "Open now" in a1
    b1 = cards(html)[2]
    assert "Open 24 hours" in b1


def test_the_nav_links_to_find_a_station(client: Client, db: None) -> None:
    html = get(client, "/")
    assert 'href="/stations/"' in html


def test_district_filter_keeps_the_districts_subtree(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, district=str(tree["district_a"].public_id))
    assert names_in_order(html, tree) == ["station_a1", "room_ar"]


def test_service_filter(client: Client, tree: dict[str, OrgUnit]) -> None:
    html = get(client, LIST_URL, service=ServiceKind.ASSESSMENT)
    assert names_in_order(html, tree) == ["station_a1"]


def test_open_24_hours_filter(client: Client, tree: dict[str, OrgUnit]) -> None:
    html = get(client, LIST_URL, open_24h="on")
    assert names_in_order(html, tree) == ["station_b1"]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(MONDAY_10AM, ["station_a1", "station_b1"]), (SUNDAY_10AM, ["station_b1"])],
    ids=["monday-morning", "sunday-morning"],
)
def test_open_now_filter_follows_the_clock(
    client: Client,
    tree: dict[str, OrgUnit],
    frozen_now: Any,
    moment: datetime,
    expected: list[str],
) -> None:
    frozen_now(moment)
    html = get(client, LIST_URL, open_now="on")
    assert names_in_order(html, tree) == expected
    assert html.count('class="badge open"') == len(expected)


def test_a_holiday_closes_a_station_on_its_day(
    client: Client, tree: dict[str, OrgUnit], frozen_now: Any
) -> None:
    frozen_now(MONDAY_10AM)
    OpeningException.objects.create(
        station=tree["station_a1"].station, date=MONDAY_10AM.date(), closed=True, note="元宵"
    )
    html = get(client, LIST_URL, lang="en", open_now="on")
    assert names_in_order(html, tree) == ["station_b1"]
    html = get(client, LIST_URL, lang="en")
    assert "Closed today" in cards(html)[0]


# --- near me ---------------------------------------------------------------------------


def test_near_typed_coordinates_sorts_by_distance_and_marks_the_circle(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, lang="en", point=AT_STATION_A1)
    assert names_in_order(html, tree) == ["station_a1", "room_ar", "station_b1"]
    a1, ar, b1 = cards(html)
    assert "data-in-circle" in a1 and "data-in-circle" in ar
    assert "data-in-circle" not in b1
    assert "<strong>0 m</strong>" in a1
    assert re.search(r"<strong>\d{3} m</strong>", ar)
    assert re.search(r"<strong>\d+\.\d km</strong>", b1)
    assert "about 1 min on foot" in a1
    assert "Nearest first" in html


def test_near_a_chosen_district_starts_from_its_centre(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, from_district=str(tree["district_b"].public_id))
    assert names_in_order(html, tree)[0] == "station_b1"
    assert "乙区分中心" in html


def test_near_the_browsers_location(client: Client, tree: dict[str, OrgUnit]) -> None:
    html = get(client, LIST_URL, lat="36.1453", lng="120.4320")
    assert names_in_order(html, tree) == ["station_b1", "room_ar", "station_a1"]


def test_the_browsers_location_wins_over_typed_coordinates(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, lat="36.1453", lng="120.4320", point=AT_STATION_A1)
    assert names_in_order(html, tree)[0] == "station_b1"


def test_within_minutes_keeps_only_stations_a_walk_away(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, point=AT_STATION_A1, within="15")
    assert names_in_order(html, tree) == ["station_a1", "room_ar"]


def test_typed_coordinates_accept_a_full_width_comma(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, point="36.1453，120.4320")
    assert names_in_order(html, tree)[0] == "station_b1"
    assert 'class="form-errors"' not in html


# --- bad input -------------------------------------------------------------------------


def test_malformed_latitude_is_a_clear_error_and_the_list_still_shows(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, lang="en", status=400, lat="36.1abc", lng="120.4320")
    assert 'class="form-errors"' in html
    assert "the latitude must be a number from -90 to 90" in html
    # Unfiltered by the bad field: every station, in tree order, no distances.
    assert names_in_order(html, tree) == ["station_a1", "room_ar", "station_b1"]
    assert "<strong>" not in "".join(cards(html))


def test_a_bad_field_does_not_drop_the_good_ones(client: Client, tree: dict[str, OrgUnit]) -> None:
    html = get(client, LIST_URL, lang="en", status=400, point="here please", open_24h="on")
    assert "We could not find “here please”" in html
    assert '<a href="#id_point">' in html
    assert 'aria-invalid="true"' in html
    assert names_in_order(html, tree) == ["station_b1"]


def test_walking_time_without_a_starting_point_is_explained(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, LIST_URL, lang="en", status=400, within="15")
    assert "Choose where to start from" in html
    assert len(station_ids(html)) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "abc", "lng": "120"},
        {"lat": "95", "lng": "120"},
        {"lat": "nan", "lng": "inf"},
        {"lat": "1e999", "lng": "120"},
        {"lat": "36.1"},
        {"point": "36.1,500"},
        {"point": "x" * 500},
        {"district": "not-a-uuid"},
        # A fixed unknown id: xdist workers must collect the same test ids.
        {"district": "5f0c6f3e-2b1d-4c8a-9e7f-0a1b2c3d4e5f"},
        {"from_district": "0"},
        {"service": "massage"},
        {"within": "forever", "point": AT_STATION_A1},
        {"within": "7", "point": AT_STATION_A1},
        {"open_now": "maybe"},
    ],
    ids=lambda p: "&".join(f"{k}={v[:12]}" for k, v in p.items()),
)
def test_bad_input_never_breaks_the_list_or_the_map(
    client: Client, tree: dict[str, OrgUnit], params: dict[str, str]
) -> None:
    response = client.get(LIST_URL, params)
    # The form says what is wrong (400) and the list still shows; "maybe" reads as a yes.
    assert response.status_code == (200 if "open_now" in params else 400)
    html = response.content.decode()
    assert len(station_ids(html)) >= 1
    response = client.get(MAP_URL, params)
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == station_ids(html)


def test_a_district_without_stations_cannot_be_a_starting_point(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    empty = factories.unit("丙区分中心", Level.DISTRICT, tree["centre"])
    html = get(client, LIST_URL, lang="en", status=400, from_district=str(empty.public_id))
    assert "This district has no stations to measure from yet." in html
    assert len(station_ids(html)) == 3


# --- map -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"point": AT_STATION_A1},
        {"lat": "36.1453", "lng": "120.4320", "within": "30"},
        {"service": ServiceKind.COUNSELLING},
        {"open_24h": "on"},
    ],
    ids=["all", "near-a1", "near-b1-within", "service", "24h"],
)
def test_map_json_has_the_lists_stations_in_the_same_order(
    client: Client, tree: dict[str, OrgUnit], params: dict[str, str]
) -> None:
    html = get(client, LIST_URL, **params)
    points = client.get(MAP_URL, params).json()
    assert [p["id"] for p in points] == station_ids(html)
    for point in points:
        assert point["url"] == f"/stations/{point['id']}/"
        assert set(point) >= {"id", "name", "lat", "lng", "url", "open_now"}
        assert ("distance_m" in point) == bool(params.get("point") or params.get("lat"))


def test_map_json_reports_distance_and_open_now(
    client: Client, tree: dict[str, OrgUnit], frozen_now: Any
) -> None:
    frozen_now(SUNDAY_10AM)
    a1, ar, b1 = client.get(MAP_URL, {"point": AT_STATION_A1}).json()
    assert a1["name"] == "甲一心灵驿站"
    assert a1["distance_m"] == 0
    assert 0 < ar["distance_m"] < b1["distance_m"]
    assert (a1["open_now"], b1["open_now"]) == (False, True)
    assert (a1["in_circle"], b1["in_circle"]) == (True, False)
    assert (a1["lat"], a1["lng"]) == (36.0662, 120.3826)


def test_the_map_is_configured_by_data_attributes_and_loads_no_inline_script(
    client: Client, tree: dict[str, OrgUnit], settings: Any
) -> None:
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    html = get(client, LIST_URL, point=AT_STATION_A1)
    assert 'data-source="/stations/map.json?point=36.0662%2C120.3826"' in html
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in html
    assert 'data-origin-lat="36.0662"' in html
    assert "vendor/leaflet/leaflet.js" in html and "js/stations.js" in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "script-src 'self'" in client.get(LIST_URL).headers["Content-Security-Policy"]


def test_leaflet_loads_only_on_pages_with_a_map(client: Client, tree: dict[str, OrgUnit]) -> None:
    assert "leaflet" not in get(client, "/")
    assert "leaflet.js" in get(client, LIST_URL)


# --- a station's page ------------------------------------------------------------------


def test_station_page_shows_hours_holidays_facilities_host_and_booking_placeholder(
    client: Client, tree: dict[str, OrgUnit], frozen_now: Any
) -> None:
    frozen_now(MONDAY_10AM)
    station = tree["station_a1"].station
    StationProfile.objects.filter(pk=station.pk).update(
        has_counselling_room=True, has_group_room=True, host_name="市北区工会驿站"
    )
    OpeningException.objects.create(
        station=station, date=date(2026, 3, 5), closed=True, note="设备检修"
    )
    OpeningException.objects.create(
        station=station,
        date=date(2026, 3, 7),
        closed=False,
        opens=time(10),
        closes=time(12),
        note="周六加开",
    )
    html = get(client, f"/stations/{tree['station_a1'].public_id}/", lang="en")
    assert re.search(r"<h1[^>]*>甲一心灵驿站</h1>", html)
    assert "Open now" in html
    assert "Part of 甲区分中心" in html
    assert 'href="tel:0532-80000001"' in html
    assert "one-to-one counselling" in html
    for day in ("Monday", "Friday", "Sunday"):
        assert day in html
    assert html.count("09:00–17:00") >= 6  # today's line and Monday to Friday
    assert "设备检修" in html and "周六加开" in html and "10:00–12:00" in html
    assert "individual counselling room" in html and "group activity room" in html
    assert "emotion-regulation pod" not in html
    assert "市北区工会驿站" in html
    assert "What you can book here" in html
    assert 'data-lat="36.0662"' in html


def test_station_page_is_in_simplified_chinese_by_default(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = get(client, reverse("network:station_detail", args=[tree["station_b1"].public_id]))
    assert '<html lang="zh-Hans">' in html
    assert "乙一心灵驿站" in html


@pytest.mark.parametrize("case", ["unknown", "inactive", "no-station-profile"])
def test_station_page_is_404_for_unknown_inactive_or_non_station_units(
    client: Client, tree: dict[str, OrgUnit], case: str
) -> None:
    if case == "unknown":
        public_id = uuid.uuid4()
    elif case == "inactive":
        OrgUnit.objects.filter(pk=tree["station_b1"].pk).update(is_active=False)
        public_id = tree["station_b1"].public_id
    else:
        public_id = tree["district_a"].public_id
    assert client.get(f"/stations/{public_id}/").status_code == 404


def test_inactive_stations_are_not_listed(client: Client, tree: dict[str, OrgUnit]) -> None:
    OrgUnit.objects.filter(pk=tree["station_b1"].pk).update(is_active=False)
    html = get(client, LIST_URL)
    assert "乙一心灵驿站" not in html
    assert str(tree["station_b1"].public_id) not in client.get(MAP_URL).content.decode()


# --- query budgets ---------------------------------------------------------------------


def add_stations(tree: dict[str, OrgUnit], count: int, start: int = 0) -> None:
    """`count` more stations in district A, each with services, hours and a holiday."""
    soon = date.today() + timedelta(days=3)
    for number in range(start, start + count):
        unit = factories.unit(f"加测驿站{number}", Level.STATION, tree["district_a"])
        station = factories.station(
            unit,
            lat=36.0 + number / 1000,
            lng=120.3 + number / 1000,
            services_offered=(ServiceKind.COUNSELLING, ServiceKind.COURSES),
            hours=tuple((d, time(8), time(12)) for d in range(6)),
            phone=f"0532-8000{number:04d}",
        )
        OpeningException.objects.create(station=station, date=soon, closed=True)


BUDGET_QUERIES = [
    {},
    {"point": AT_STATION_A1},
    {"district": "A", "service": ServiceKind.COUNSELLING, "open_now": "on"},
    {"from_district": "A", "within": "30"},
]


def _resolve(params: dict[str, str], tree: dict[str, OrgUnit]) -> dict[str, str]:
    district = str(tree["district_a"].public_id)
    return {k: (district if v == "A" else v) for k, v in params.items()}


def _listed(response: Any) -> int:
    if response["Content-Type"].startswith("application/json"):
        return len(response.json())
    return len(response.context["stations"])


@pytest.mark.parametrize("url", [LIST_URL, MAP_URL])
@pytest.mark.parametrize("params", BUDGET_QUERIES, ids=["all", "near", "filters", "district"])
def test_list_and_map_query_count_does_not_grow_with_stations(
    client: Client,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Any,
    url: str,
    params: dict[str, str],
) -> None:
    query = _resolve(params, tree)
    with django_assert_max_num_queries(10) as small:
        listed = _listed(client.get(url, query))
    if not listed:
        # A page listing nothing skips the prefetches: compare pages that list stations
        # (at 08:45, "open now" finds none of the tree's stations but the added ones;
        # at night it finds none at all, and both pages are empty).
        add_stations(tree, 1, start=30)
        with django_assert_max_num_queries(10) as small:
            client.get(url, query)
    add_stations(tree, 30)
    with django_assert_max_num_queries(10) as large:
        response = client.get(url, query)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_station_page_query_count_does_not_grow_with_hours(
    client: Client, tree: dict[str, OrgUnit], django_assert_max_num_queries: Any
) -> None:
    station = tree["station_a1"].station
    url = f"/stations/{tree['station_a1'].public_id}/"
    with django_assert_max_num_queries(5) as small:
        client.get(url)
    for day in range(1, 20):
        OpeningException.objects.create(station=station, date=date.today() + timedelta(day))
    factories.station(
        factories.unit("另一驿站", Level.STATION, tree["district_a"]),
        hours=tuple((d, time(18), time(21)) for d in range(7)),
    )
    with django_assert_max_num_queries(5) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
