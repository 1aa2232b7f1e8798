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

import logging
from typing import Any

from django.core.cache import cache
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


class FailOpenThrottleMixin:
    """For DRF throttles: when the cache is unreachable, the request is allowed."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return bool(super().allow_request(request, view))  # type: ignore[misc]
        except CACHE_ERRORS as exc:
            cache_unavailable(getattr(self, "scope", None) or type(self).__name__, exc)
            return True
