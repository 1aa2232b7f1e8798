"""The Redis cache backend, with one Redis client per server instead of one per call.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache call (about
0.3 ms of Python each: its response-callback table is rebuilt every time). A client is
thread-safe and only wraps the connection pool, so each server's is built once per cache
instance (Django keeps one instance per thread).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
