"""/stations/ from core.public_cache: the public body cached per query and minute, the page
around it (who is signed in) rendered per request; fresh once a station changes."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from network import services
from network.models import Level, OrgUnit
from tests.network import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/stations/"
MAP_URL = "/stations/map.json"


@pytest.fixture
def stations(tree: dict[str, OrgUnit]) -> list[OrgUnit]:
    units = [factories.unit(f"驿站{i}", Level.STATION, tree["district_a"]) for i in range(3)]
    for unit in units:
        factories.station(unit, open_24h=True)
    return units


def _results(html: bytes) -> str:
    text = html.decode()
    return text[text.index('<section class="results"') : text.index("</section>")]


def test_the_second_list_page_makes_no_query(client: Client, stations: list[OrgUnit]) -> None:
    with time_machine.travel(timezone.now(), tick=False):  # within one minute of the cache
        first = client.get(LIST_URL, {"open_now": "on"})
        client.get(MAP_URL, {"open_now": "on"})
        with CaptureQueriesContext(connection) as queries:
            again = client.get(LIST_URL, {"open_now": "on"})
            markers = client.get(MAP_URL, {"open_now": "on"})
    assert first.status_code == again.status_code == 200
    assert _results(again.content) == _results(first.content)
    assert "驿站2" in _results(again.content)
    assert {"驿站0", "驿站1", "驿站2"} <= {m["name"] for m in markers.json()}
    assert len(queries) == 0  # an anonymous visitor: no session, no station read


def test_a_renamed_station_shows_at_once(
    client: Client, stations: list[OrgUnit], tree: dict[str, OrgUnit]
) -> None:
    assert "驿站0" in client.get(LIST_URL).content.decode()
    services.unit_rename(actor=factories.superuser(), unit=stations[0], name="改名驿站")
    html = client.get(LIST_URL).content.decode()
    assert "改名驿站" in html and ">驿站0<" not in html


def test_an_invalid_query_still_answers_400_from_the_cache(
    client: Client, stations: list[OrgUnit]
) -> None:
    codes = [client.get(LIST_URL, {"within": "abc"}).status_code for _ in range(2)]
    assert codes == [400, 400]


def test_the_signed_in_persons_menu_is_never_cached(
    client: Client, stations: list[OrgUnit], worker: User
) -> None:
    worker.first_name = "小明"
    worker.save()
    client.force_login(worker)
    signed_in = client.get(LIST_URL).content.decode()
    client.logout()
    anonymous = client.get(LIST_URL).content.decode()
    assert worker.display_name in signed_in
    assert worker.display_name not in anonymous
    assert "驿站1" in anonymous
