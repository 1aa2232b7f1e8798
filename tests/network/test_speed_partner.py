"""What makes a partner request cheap: the key from the cache, no write, one throttle trip.

Revocation still bites: at once through the services, within PARTNER_KEY_CACHE_SECONDS
(60 s) when the database is changed behind their back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import ratelimit
from network import partner_keys, services
from network.models import Level, PartnerApp, Scope
from tests.network import factories

pytestmark = pytest.mark.django_db

ME = reverse("api-partner-me")
WRITES = ("INSERT", "UPDATE", "DELETE")


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def root_user(db: None) -> User:
    return factories.superuser()


@pytest.fixture
def app_and_key(root_user: User) -> tuple[PartnerApp, str]:
    return services.partner_app_create(
        actor=root_user, name="工会App", scopes=[Scope.STATIONS_READ]
    )


def test_a_partner_request_reads_no_key_and_writes_nothing(
    client: Client, app_and_key: tuple[PartnerApp, str]
) -> None:
    app, key = app_and_key
    first = client.get(ME, headers=bearer(key))  # reads the key, records the last use

    with CaptureQueriesContext(connection) as queries:
        again = [client.get(ME, headers=bearer(key)).status_code for _ in range(3)]

    assert first.status_code == 200
    assert again == [200, 200, 200]
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if s.lstrip().upper().startswith(WRITES)]
    assert not [s for s in sql if "network_partnerapp" in s]
    assert len(sql) == 0  # /partner/me/ answers from the resolved app alone
    app.refresh_from_db()
    assert app.last_used_at is not None


def test_last_use_is_written_once_a_minute_at_most(
    client: Client, app_and_key: tuple[PartnerApp, str]
) -> None:
    _app, key = app_and_key
    start = timezone.now()

    def writes_at(moment: Any) -> int:
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as q:
            assert client.get(ME, headers=bearer(key)).status_code == 200
        return sum(1 for x in q.captured_queries if x["sql"].lstrip().startswith("UPDATE"))

    assert writes_at(start) == 1
    assert writes_at(start + timedelta(seconds=30)) == 0
    assert writes_at(start + timedelta(seconds=61)) == 1


def test_revoking_through_the_services_bites_at_once(
    client: Client, root_user: User, app_and_key: tuple[PartnerApp, str]
) -> None:
    app, key = app_and_key
    assert client.get(ME, headers=bearer(key)).status_code == 200  # now cached

    services.partner_app_revoke(actor=root_user, app=app)

    assert client.get(ME, headers=bearer(key)).status_code == 401


def test_rotating_stops_the_old_key_at_once(
    client: Client, root_user: User, app_and_key: tuple[PartnerApp, str]
) -> None:
    app, old_key = app_and_key
    assert client.get(ME, headers=bearer(old_key)).status_code == 200

    new_key = services.partner_app_rotate(actor=root_user, app=app)

    assert client.get(ME, headers=bearer(old_key)).status_code == 401
    assert client.get(ME, headers=bearer(new_key)).status_code == 200


def test_a_scope_change_applies_at_once(
    client: Client, root_user: User, app_and_key: tuple[PartnerApp, str]
) -> None:
    app, key = app_and_key
    stations = reverse("api-stations")
    assert client.get(stations, headers=bearer(key)).status_code == 200

    services.partner_app_update(
        actor=root_user, app=app, name=app.name, scopes=[], unit=None, throttle_rate="60/minute"
    )

    assert client.get(stations, headers=bearer(key)).status_code == 403


def test_a_revocation_behind_the_services_bites_within_a_minute(
    client: Client, app_and_key: tuple[PartnerApp, str]
) -> None:
    app, key = app_and_key
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get(ME, headers=bearer(key)).status_code == 200
    PartnerApp.objects.filter(pk=app.pk).update(is_active=False)  # e.g. by hand in SQL

    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        cached = client.get(ME, headers=bearer(key)).status_code
    limit = partner_keys.PARTNER_KEY_CACHE_SECONDS
    with time_machine.travel(start + timedelta(seconds=limit), tick=False):
        later = client.get(ME, headers=bearer(key)).status_code

    assert limit <= 60
    assert cached == 200  # the stated bound: up to a minute
    assert later == 401


def test_an_unknown_key_is_not_cached(client: Client, root_user: User) -> None:
    key = "xl_created-after-a-first-try-0123456789abcdefghijkl"
    assert client.get(ME, headers=bearer(key)).status_code == 401

    services.partner_app_create(actor=root_user, name="新App", scopes=[], key=key)

    assert client.get(ME, headers=bearer(key)).status_code == 200


# --- the throttle -----------------------------------------------------------------------


def test_the_window_slides_and_refusals_are_not_counted() -> None:
    start = 1_800_000_000.0 - 1_800_000_000.0 % 60  # the start of a minute
    with time_machine.travel(start, tick=False):
        first = [ratelimit.window_hit("t:w", limit=2, window=60) for _ in range(4)]
    with time_machine.travel(start + 90, tick=False):  # half of the full minute still counts
        half = [ratelimit.window_hit("t:w", limit=2, window=60)[0] for _ in range(2)]
    with time_machine.travel(start + 180, tick=False):
        later = ratelimit.window_hit("t:w", limit=2, window=60)

    assert [allowed for allowed, _wait in first] == [True, True, False, False]
    assert first[2][1] == 60  # until the next window
    assert half == [True, False]  # 2 × ½ + 1 fits, 2 × ½ + 2 does not
    assert later == (True, 0.0)


def test_a_partner_throttle_hit_is_one_round_trip_to_redis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("Redis only: set REDIS_URL")
    client = backend._cache.get_client(write=True)
    calls: list[str] = []
    pipeline = type(client.pipeline())
    plain, batched = type(client).execute_command, pipeline.execute

    def command(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[0]))
        return plain(self, *args, **kwargs)

    def execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append("pipeline")
        return batched(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "execute_command", command)
    monkeypatch.setattr(pipeline, "execute", execute)

    allowed, _wait = ratelimit.window_hit("t:trip", limit=5, window=60)

    assert allowed
    assert calls == ["pipeline"]


def test_moving_an_apps_unit_refreshes_the_cached_app(root_user: User) -> None:
    centre = factories.unit("市中心", Level.CENTRE)
    district_a = factories.unit("甲区", Level.DISTRICT, centre)
    district_b = factories.unit("乙区", Level.DISTRICT, centre)
    station = factories.unit("服务站", Level.STATION, district_a)
    _app, key = services.partner_app_create(
        actor=root_user, name="区App", scopes=[Scope.STATIONS_READ], unit=station
    )
    before = partner_keys.app_for_key(key)  # now cached

    moved = services.unit_move(actor=root_user, unit=station, new_parent=district_b)
    after = partner_keys.app_for_key(key)

    assert before is not None and after is not None
    assert before.unit is not None and after.unit is not None
    assert after.unit.path == moved.path != before.unit.path
    assert after.unit.path.startswith(district_b.path)
