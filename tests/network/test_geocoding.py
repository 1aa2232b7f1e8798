"""The station finder takes a district, an address or a station's name; never shows coordinates."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from network import geocoding
from network.geocoding import OfflineGeocoder, Place
from network.models import OrgUnit, StationProfile

pytestmark = pytest.mark.django_db

LIST_URL = "/stations/"
COORDINATES = re.compile(r"\d{2}\.\d{3,}\s*[,，]\s*\d{3}\.\d{3,}")


def _visible(html: str) -> str:
    """The page's text as a worker sees it: tags and attributes dropped."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _first_card(html: str) -> str:
    return html.split('class="station-card', 2)[1]


def test_the_offline_geocoder_knows_districts_stations_and_addresses(
    tree: dict[str, OrgUnit],
) -> None:
    StationProfile.objects.filter(unit=tree["station_b1"]).update(address="李沧区京口路 58 号")
    geocoder = OfflineGeocoder()
    district = geocoder.geocode("乙区")  # the district's name without 分中心
    assert district is not None and district.label == tree["district_b"].name
    assert district.point == pytest.approx((36.1453, 120.4320))
    station = geocoder.geocode(tree["station_a1"].name)
    assert station == Place(tree["station_a1"].name, (36.0662, 120.3826))
    by_address = geocoder.geocode("京口路58号")  # spaces do not matter
    assert by_address is not None and by_address.label == tree["station_b1"].name
    assert geocoder.geocode("火星") is None
    assert geocoder.geocode("乙") is None  # too short to mean anything


def test_typing_a_district_sorts_the_stations_from_there(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    html = client.get(LIST_URL, {"point": "乙区"}).content.decode()
    assert tree["station_b1"].name in _first_card(html)
    assert f"从{tree['district_b'].name}算起" in html or tree["district_b"].name in html


def test_an_unknown_place_is_a_clear_error_and_the_list_stays(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    response = client.get(LIST_URL, {"point": "火星基地"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "We could not find “火星基地”" in html
    assert tree["station_a1"].name in html


def test_the_finder_never_shows_raw_coordinates(client: Client, tree: dict[str, OrgUnit]) -> None:
    for params in ({"point": "36.0662,120.3826"}, {"lat": "36.1453", "lng": "120.4320"}, {}):
        html = client.get(LIST_URL, params).content.decode()
        assert not COORDINATES.search(_visible(html)), params


def test_the_geocoder_is_a_setting(
    client: Client, tree: dict[str, OrgUnit], settings: pytest.FixtureRequest
) -> None:
    settings.GEOCODER = "tests.network.test_geocoding.FixedGeocoder"  # type: ignore[attr-defined]
    assert isinstance(geocoding.geocoder(), FixedGeocoder)
    html = client.get(LIST_URL, {"point": "anywhere"}).content.decode()
    assert tree["station_b1"].name in _first_card(html)
    assert "测试地点" in html


class FixedGeocoder:
    def geocode(self, text: str) -> Place | None:
        return Place("测试地点", (36.1453, 120.4320))
