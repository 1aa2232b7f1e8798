"""Rate limits that survive a cache outage: the one helper every limiter uses.

Counters live in the cache (Redis in production). When the cache cannot be
reached, a limiter must not turn a request into a 500: ours fail open (the
request is allowed and a warning is logged, with the limiter's name only,
never the key, which may be derived from a session or an address), and the
login limits fail closed with a message (accounts.adapter).

    from core import ratelimit
    if not ratelimit.hit(f"assessments:code:{session_key}", limit=10, window=600):
        ...  # refuse: too many attempts

DRF throttles mix in `FailOpenThrottleMixin` (network.api.throttles).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache call raises when the cache is away: redis-py's errors (the
# Redis backend lets them through), and sockets refused or timed out.
CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


def cache_unavailable(what: str, exc: BaseException) -> None:
    """Log that `what` (a limiter's name, never its key) ran without the cache."""
    logger.warning(
        "rate limit %s: cache unavailable (%s); request allowed", what, exc.__class__.__name__
    )


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def hit(key: str, *, limit: int, window: int, name: str = "") -> bool:
    """Count one hit on `key` in a fixed window of `window` seconds.

    Returns True while the count is within `limit`, False once it is over.
    If the cache is unreachable the hit is allowed (fail open) and a warning
    naming `name` (or the key's first segment) is logged.
    """
    try:
        return _count(key, window) <= limit
    except CACHE_ERRORS as exc:
        cache_unavailable(name or key.split(":", 1)[0], exc)
        return True


def _window_keys(key: str, bucket: int) -> tuple[str, str]:
    return f"{key}:{bucket}", f"{key}:{bucket - 1}"


def queue_window_counts(pipe: Any, backend: RedisCache, key: str, window: int, bucket: int) -> None:
    """Queue one hit's commands on a Redis pipeline (INCR, EXPIRE, GET): three results,
    read by `window_counts_from`. For callers that send other commands in the same trip."""
    current, previous = _window_keys(key, bucket)
    current_key = backend.make_and_validate_key(current)
    pipe.incr(current_key)
    pipe.expire(current_key, 2 * window)
    pipe.get(backend.make_and_validate_key(previous))


def window_counts_from(results: Sequence[Any]) -> tuple[int, int]:
    """(this bucket's count, the previous bucket's) from the three queued results."""
    count, _expiry, before = results
    return int(count), int(before or 0)


def _window_counts(key: str, window: int, bucket: int) -> tuple[int, int]:
    """Count one hit in `bucket`; return (this bucket's count, the previous bucket's).

    On Redis this is ONE round trip (a pipeline: INCR, EXPIRE, GET); other caches
    (locmem in development) take a few calls.
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        current, previous = _window_keys(key, bucket)
        return _count(current, 2 * window), int(cache.get(previous) or 0)
    client = backend._cache.get_client(backend.make_and_validate_key(f"{key}:{bucket}"), write=True)
    pipe = client.pipeline(transaction=False)
    queue_window_counts(pipe, backend, key, window, bucket)
    return window_counts_from(pipe.execute())


def _uncount(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile
        cache.decr(key)


def window_uncount(key: str, *, bucket: int) -> None:
    """Take back a hit counted in `bucket` (one that turned out not to be this limit's)."""
    _uncount(_window_keys(key, bucket)[0])


def window_bucket(now: float, window: int) -> int:
    return int(now // window)


def window_decide(
    key: str, *, limit: int, window: int, now: float, counts: tuple[int, int]
) -> tuple[bool, float]:
    """The decision of `window_hit` for a hit already counted at `now` (`counts` as
    `_window_counts` returns them); a refused hit is taken back."""
    bucket = window_bucket(now, window)
    elapsed = (now - bucket * window) / window
    count, before = counts
    estimate = before * (1 - elapsed) + count
    if estimate <= limit:
        return True, 0.0
    _uncount(f"{key}:{bucket}")
    if count > limit or before == 0:
        wait = (1 - elapsed) * window  # this window is full: until the next one
    else:  # until enough of the previous window has slid out
        wait = ((estimate - limit) / before) * window
    return False, float(max(1, math.ceil(wait)))


def window_hit(key: str, *, limit: int, window: int) -> tuple[bool, float]:
    """A sliding-window limit of `limit` hits per `window` seconds, in one cache round trip.

    The window slides: the previous fixed window's count weighs by the share of it
    still inside the last `window` seconds. Returns (allowed, seconds to wait when
    refused). A refused hit is not counted (a second call, on refusals only).
    Cache errors propagate: callers fail open (FailOpenThrottleMixin).
    """
    now = time.time()
    counts = _window_counts(key, window, window_bucket(now, window))
    return window_decide(key, limit=limit, window=window, now=now, counts=counts)


class FailOpenThrottleMixin:
    """For DRF throttles: when the cache is unreachable, the request is allowed.

    A throttle with a decision of its own writes it as `decide`, never as `allow_request`:
    an `allow_request` of the subclass would take the place of this one, and a cache
    outage would then answer 500.
    """

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return bool(self.decide(request, view))
        except CACHE_ERRORS as exc:
            cache_unavailable(getattr(self, "scope", None) or type(self).__name__, exc)
            return True

    def decide(self, request: Any, view: Any) -> bool:
        """The throttle's decision; DRF's own unless a subclass writes one."""
        return bool(super().allow_request(request, view))  # type: ignore[misc]
