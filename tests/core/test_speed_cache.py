"""The Redis cache keeps one client per server (core.cache), and still works as a cache."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from core.cache import RedisCache


def test_one_redis_client_serves_every_call() -> None:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("Redis only: set REDIS_URL")
    client = backend._cache.get_client(write=True)

    backend.set("speed:one", 1, 30)
    backend.incr("speed:one")

    assert backend._cache.get_client("speed:one") is client
    assert backend._cache.get_client(write=True) is client
    assert backend.get("speed:one") == 2
