"""Public answers from core.public_cache: served without a query after the first request,
fresh once what they show changes, right to the minute for "open now", and the access rules
still run on every request."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core import public_cache
from network import services
from network.models import (
    Level,
    OpeningException,
    OrgUnit,
    PartnerApp,
    Scope,
    ServiceKind,
    StationProfile,
)
from tests.network import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_NOON = datetime(2026, 3, 2, 12, 0, 30, tzinfo=SHANGHAI)
URL = "/api/v1/stations/?near=36.0,120.0&within=15"


@pytest.fixture
def partner(db: None) -> tuple[PartnerApp, str, User]:
    root = factories.superuser()
    app, key = services.partner_app_create(
        actor=root, name="工会App", scopes=[Scope.STATIONS_READ], throttle_rate="5/minute"
    )
    return app, key, root


@pytest.fixture
def day_station(tree: dict[str, OrgUnit]) -> OrgUnit:
    """Open 09:00–17:00 every day, at the search's point."""
    unit = factories.unit("日间驿站", Level.STATION, tree["district_a"])
    factories.station(unit, hours=tuple((day, time(9), time(17)) for day in range(7)))
    return unit


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", "Accept-Language": "en"}


def names(response: object) -> list[str]:
    return [s["name"] for s in response.json()["results"]]  # type: ignore[attr-defined]


def test_the_second_search_is_served_from_the_cache_without_a_query(
    client: Client, partner: tuple[PartnerApp, str, User], day_station: OrgUnit
) -> None:
    _app, key, _root = partner
    with time_machine.travel(MONDAY_NOON, tick=False):
        first = client.get(URL, headers=bearer(key))
        with CaptureQueriesContext(connection) as queries:
            again = client.get(URL, headers=bearer(key))
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert names(first) == ["日间驿站"]
    assert len(queries) == 0


def test_a_changed_station_is_served_fresh_at_once(
    client: Client, partner: tuple[PartnerApp, str, User], day_station: OrgUnit
) -> None:
    _app, key, root = partner
    with time_machine.travel(MONDAY_NOON, tick=False):
        assert names(client.get(URL, headers=bearer(key))) == ["日间驿站"]
        services.unit_rename(actor=root, unit=day_station, name="新名字驿站")
        assert names(client.get(URL, headers=bearer(key))) == ["新名字驿站"]
        # An exception added in the staff site (a model save, no service) ends it too.
        profile = StationProfile.objects.get(unit=day_station)
        OpeningException.objects.create(station=profile, date=MONDAY_NOON.date(), closed=True)
        assert client.get(URL, headers=bearer(key)).json()["results"][0]["open_now"] is False


def test_open_now_is_right_to_the_minute(
    client: Client, partner: tuple[PartnerApp, str, User], day_station: OrgUnit
) -> None:
    _app, key, _root = partner
    closing = datetime(2026, 3, 2, 16, 59, 30, tzinfo=SHANGHAI)
    with time_machine.travel(closing, tick=False):
        assert client.get(URL, headers=bearer(key)).json()["results"][0]["open_now"] is True
    with time_machine.travel(closing + timedelta(seconds=31), tick=False):  # 17:00:01
        assert client.get(URL, headers=bearer(key)).json()["results"][0]["open_now"] is False


def test_cached_answers_still_count_against_the_throttle_and_refuse_a_revoked_key(
    client: Client, partner: tuple[PartnerApp, str, User], day_station: OrgUnit
) -> None:
    _app, key, root = partner
    with time_machine.travel(MONDAY_NOON, tick=False):
        codes = [client.get(URL, headers=bearer(key)).status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        other_app, other_key = services.partner_app_create(
            actor=root, name="另一个App", scopes=[Scope.STATIONS_READ]
        )
        assert client.get(URL, headers=bearer(other_key)).status_code == 200
        services.partner_app_revoke(actor=root, app=other_app)
        assert client.get(URL, headers=bearer(other_key)).status_code == 401


def test_a_unit_limited_app_never_gets_the_whole_networks_cached_answer(
    client: Client, partner: tuple[PartnerApp, str, User], tree: dict[str, OrgUnit]
) -> None:
    _app, key, root = partner
    a = factories.unit("甲驿站", Level.STATION, tree["district_a"])
    b = factories.unit("乙驿站", Level.STATION, tree["district_b"])
    factories.station(a, open_24h=True)
    factories.station(b, open_24h=True, lng=120.001)
    _limited, limited_key = services.partner_app_create(
        actor=root, name="乙区App", scopes=[Scope.STATIONS_READ], unit=tree["district_b"]
    )
    assert sorted(names(client.get(URL, headers=bearer(key)))) == ["乙驿站", "甲驿站"]
    assert names(client.get(URL, headers=bearer(limited_key))) == ["乙驿站"]


def test_entries_carry_no_readable_query_and_end_with_a_bump(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    stored: list[str] = []
    real_set = cache.set

    def recording_set(key: str, *args: object, **kwargs: object) -> object:
        stored.append(key)
        return real_set(key, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "set", recording_set)
    builds: list[int] = []

    def build() -> list[int]:
        builds.append(1)
        return [len(builds)]

    point = ("36.0671,120.3826",)
    assert public_cache.cached("t", point, build, namespaces=(public_cache.STATIONS,)) == [1]
    assert public_cache.cached("t", point, build, namespaces=(public_cache.STATIONS,)) == [1]
    public_cache.bump(public_cache.STATIONS)
    assert public_cache.cached("t", point, build, namespaces=(public_cache.STATIONS,)) == [2]
    assert stored and not [key for key in stored if "36.0671" in key]


def test_each_language_is_cached_apart(client: Client, tree: dict[str, OrgUnit]) -> None:
    unit = factories.unit("服务驿站", Level.STATION, tree["district_a"])
    factories.station(unit, services_offered=(ServiceKind.COUNSELLING,))
    english = client.get(URL, headers={"Accept-Language": "en"}).json()["results"][0]
    chinese = client.get(URL, headers={"Accept-Language": "zh-hans"}).json()["results"][0]
    assert english["services"][0]["name"] == "one-to-one counselling"
    assert chinese["services"][0]["name"] != english["services"][0]["name"]
