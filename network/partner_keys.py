"""Partner keys resolved per request without touching the database.

A key's app is read once from the database and then kept in the cache (Redis) under the
key's digest for `PARTNER_KEY_CACHE_SECONDS` (60 s). Revoking, rotating or changing an app
through `network.services` drops its entry at once; a change that bypasses the services
(a direct database edit) takes effect within those 60 s at most. An unknown key is never
cached, so a key created a moment ago works at once and guessing costs a query each time.
With the cache unreachable, keys are looked up in the database on every request.

The last use of an app is written at most once a minute per process, with a conditional
UPDATE, so the API makes no write on ordinary requests.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db.models import Q
from django.utils import timezone

from core.ratelimit import CACHE_ERRORS
from network.models import PartnerApp

logger = logging.getLogger("network.api")

# How long a resolved key is trusted without the database: the longest a revocation
# that bypasses network.services can take to bite.
PARTNER_KEY_CACHE_SECONDS = 60
# A partner app's last use is recorded at most this often.
LAST_USED_GRANULARITY = timedelta(minutes=1)

# The last time this process recorded each app's use (key digest → when).
_marked: dict[str, datetime] = {}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _cache_key(digest: str) -> str:
    return f"network:partner_key:{digest}"


def _from_database(digest: str) -> PartnerApp | None:
    return PartnerApp.objects.filter(key_hash=digest, is_active=True).select_related("unit").first()


class Piggyback(Protocol):
    """Commands sent in the key read's round trip (network.api.partner_hit)."""

    def queue(self, pipe: Any, backend: RedisCache) -> None: ...

    def receive(self, results: list[Any]) -> None: ...


def _read_entry(digest: str, piggyback: Piggyback | None) -> Any:
    """The key's cache entry; with `piggyback` on Redis, its commands in the same trip."""
    backend = caches["default"]
    if piggyback is None or not isinstance(backend, RedisCache):
        return cache.get(_cache_key(digest))
    key = backend.make_and_validate_key(_cache_key(digest))
    pipe = backend._cache.get_client(key, write=True).pipeline(transaction=False)
    pipe.get(key)
    piggyback.queue(pipe, backend)
    raw, *results = pipe.execute()
    piggyback.receive(results)
    # The backend's own decoding (its client's serializer, missing from the stubs).
    return None if raw is None else backend._cache._serializer.loads(raw)  # type: ignore[attr-defined]


def app_for_key(key: str, *, piggyback: Piggyback | None = None) -> PartnerApp | None:
    """The active app holding `key`, or None: from the cache when it was seen lately.

    `piggyback`'s commands (a throttle hit) go to Redis in the same round trip as the read.
    """
    if not key:
        return None
    digest = hash_key(key)
    try:
        cached = _read_entry(digest, piggyback)
    except CACHE_ERRORS as exc:
        logger.warning("partner key cache unavailable (%s)", exc.__class__.__name__)
        return _from_database(digest)
    # The entry carries when it was read, so the bound holds whatever the cache's clock.
    if isinstance(cached, tuple) and len(cached) == 2:
        read_at, app = cached
        if isinstance(app, PartnerApp) and 0 <= time.time() - read_at < PARTNER_KEY_CACHE_SECONDS:
            return app
    app = _from_database(digest)
    if app is not None:
        try:
            entry = (time.time(), app)
            cache.set(_cache_key(digest), entry, PARTNER_KEY_CACHE_SECONDS)
        except CACHE_ERRORS as exc:
            logger.warning("partner key cache unavailable (%s)", exc.__class__.__name__)
    return app


def forget(*digests: str) -> None:
    """Drop the cached apps of these key digests: their next request reads the database."""
    try:
        cache.delete_many([_cache_key(digest) for digest in digests if digest])
    except CACHE_ERRORS as exc:  # the entries then expire within PARTNER_KEY_CACHE_SECONDS
        logger.warning("partner key cache unavailable (%s)", exc.__class__.__name__)


def mark_used(*, app: PartnerApp, now: datetime | None = None) -> None:
    """Record that `app` made a request; no query within a minute of this process's last mark."""
    now = now or timezone.now()
    cutoff = now - LAST_USED_GRANULARITY
    last = _marked.get(app.key_hash) or app.last_used_at
    if last is not None and cutoff < last <= now:
        return
    _marked[app.key_hash] = now
    # Conditional, so concurrent requests and processes write once rather than racing.
    PartnerApp.objects.filter(pk=app.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=cutoff)
    ).update(last_used_at=now)
    app.last_used_at = now
