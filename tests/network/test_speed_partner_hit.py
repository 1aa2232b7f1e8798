"""A partner request's key read and throttle hit share one Redis round trip (partner_hit).

The throttle still limits by the app's own rate, and every request counts exactly as the
throttle alone counts it: a refused key, a refused scope or a changed rate takes the hit
counted ahead of the throttle back. Redis only (the other caches have no pipeline).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from network import services
from network.models import PartnerApp, Scope
from tests.network import factories

pytestmark = pytest.mark.django_db

ME = reverse("api-partner-me")
STATIONS = reverse("api-stations")
START = 1_800_000_000.0 - 1_800_000_000.0 % 60 + 1  # a second into a minute


@pytest.fixture
def redis() -> RedisCache:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("Redis only: set REDIS_URL")
    cache.clear()
    return backend


@pytest.fixture
def trips(redis: RedisCache, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every round trip to Redis: a command, or a pipeline with its commands."""
    client = redis._cache.get_client(write=True)
    calls: list[str] = []
    pipeline = type(client.pipeline())
    plain, batched = type(client).execute_command, pipeline.execute

    def command(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[0]))
        return plain(self, *args, **kwargs)

    def execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append("pipeline:" + ",".join(str(c[0][0]) for c in self.command_stack))
        return batched(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "execute_command", command)
    monkeypatch.setattr(pipeline, "execute", execute)
    return calls


@pytest.fixture
def root_user(db: None) -> User:
    return factories.superuser()


def _app(root_user: User, rate: str, scopes: list[str] | None = None) -> tuple[PartnerApp, str]:
    app, key = services.partner_app_create(
        actor=root_user, name="工会App", scopes=scopes or [Scope.STATIONS_READ]
    )
    services.partner_app_update(
        actor=root_user, app=app, name=app.name, scopes=app.scopes, unit=None, throttle_rate=rate
    )
    return app, key


def _counted(redis: RedisCache, app: PartnerApp, window: int) -> int:
    return int(cache.get(f"throttle_partner_{app.pk}:{int(START // window)}") or 0)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(START, tick=False):
        yield


def test_a_warm_partner_request_is_one_round_trip_to_redis(
    client: Client, root_user: User, trips: list[str], frozen: None
) -> None:
    _app_row, key = _app(root_user, "100/minute")
    assert client.get(ME, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    trips.clear()

    assert client.get(ME, headers={"Authorization": f"Bearer {key}"}).status_code == 200

    assert trips == ["pipeline:GET,INCRBY,EXPIRE,GET"]


def test_the_throttle_still_limits_at_the_apps_rate(
    client: Client, root_user: User, redis: RedisCache, frozen: None
) -> None:
    app, key = _app(root_user, "3/minute")
    headers = {"Authorization": f"Bearer {key}"}
    codes = [client.get(ME, headers=headers).status_code for _ in range(5)]

    assert codes == [200, 200, 200, 429, 429]
    assert _counted(redis, app, 60) == 3  # refused hits are not counted


def test_a_refused_scope_or_key_is_not_counted(
    client: Client, root_user: User, redis: RedisCache, frozen: None
) -> None:
    app, key = _app(root_user, "100/minute", scopes=[Scope.ASSESSMENTS_SUBMIT])
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(ME, headers=headers).status_code == 200  # throttled: counted
    assert client.get(ME, headers=headers).status_code == 200  # counted with the key's read

    assert client.get(STATIONS, headers=headers).status_code == 403  # refused before the throttle
    services.partner_app_revoke(actor=root_user, app=app)
    assert client.get(ME, headers=headers).status_code == 401

    assert _counted(redis, app, 60) == 2


def test_a_changed_rate_counts_in_the_new_window_only(
    client: Client, root_user: User, redis: RedisCache, frozen: None
) -> None:
    app, key = _app(root_user, "100/minute")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(ME, headers=headers).status_code == 200
    services.partner_app_update(
        actor=root_user, app=app, name=app.name, scopes=app.scopes, unit=None, throttle_rate="2/h"
    )

    codes = [client.get(ME, headers=headers).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    assert _counted(redis, app, 60) == 1  # the guessed per-minute hits were taken back
    assert _counted(redis, app, 3600) == 2
