"""A partner request's throttle hit sent in the same Redis round trip as its key's read.

The throttle (network.api.throttles) needs the app, and the app comes from the key's cache
entry, so the two were two round trips. The throttle's key and window depend only on the
app's pk and rate, which this process saw the last time the key was throttled: the
authentication queues that hit beside the key's GET (network.partner_keys), and the throttle
decides with its counts. When the guess no longer holds (another rate, another window, a
refused or revoked key, a view without the partner throttle, an error before the throttle
ran) the hit is taken back, so every request counts exactly as the throttle alone counts it.
Nothing personal: a key digest, an app's pk and its rate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from core import public_cache, ratelimit
from core.api.hooks import on_api_error

# key digest → (app pk, throttle key, window) as last throttled in this process.
_seen: dict[str, tuple[int, str, int]] = {}
_ATTRIBUTE = "_partner_hit"


@dataclass
class PendingHit:
    """One hit counted ahead of the throttle; `counts` once the round trip answered."""

    ident: int
    key: str
    window: int
    now: float
    # Public data versions the view reads (core.public_cache), read in the same trip.
    namespaces: tuple[str, ...] = ()
    counts: tuple[int, int] | None = None
    versions: str | None = None
    settled: bool = False
    _backend: Any = None

    def queue(self, pipe: Any, backend: RedisCache) -> None:
        bucket = ratelimit.window_bucket(self.now, self.window)
        ratelimit.queue_window_counts(pipe, backend, self.key, self.window, bucket)
        for key in public_cache.version_keys(self.namespaces):
            pipe.get(backend.make_and_validate_key(key))
        self._backend = backend

    def receive(self, results: list[Any]) -> None:
        self.counts = ratelimit.window_counts_from(results[:3])
        if self.namespaces:
            loads = self._backend._cache._serializer.loads  # the backend's own decoding
            keys = public_cache.version_keys(self.namespaces)
            found = {
                key: loads(raw)
                for key, raw in zip(keys, results[3:], strict=True)
                if raw is not None
            }
            self.versions = public_cache.versions_from(found, self.namespaces)

    def take(self, *, ident: int, key: str, window: int) -> tuple[int, int] | None:
        """The counts for the throttle when they are its own hit; else None (taken back)."""
        if self.settled or self.counts is None:
            return None
        if (ident, key, window) == (self.ident, self.key, self.window):
            self.settled = True
            return self.counts
        self.undo()
        return None

    def undo(self) -> None:
        """Take the hit back unless the throttle used it (idempotent; fails quietly)."""
        if self.settled or self.counts is None:
            return
        self.settled = True
        try:
            bucket = ratelimit.window_bucket(self.now, self.window)
            ratelimit.window_uncount(self.key, bucket=bucket)
        except ratelimit.CACHE_ERRORS as exc:  # it then expires with its window
            ratelimit.cache_unavailable("partner", exc)


def seen(digest: str, *, ident: int, key: str, window: int) -> None:
    """The throttle ran for this key: the next request's hit may go with the key's read."""
    _seen[digest] = (ident, key, window)


def counts_partner_hits(view: Any) -> bool:
    throttles = view.throttle_classes
    return any(getattr(throttle, "counts_partner_hits", False) for throttle in throttles)


def ahead(request: Any, digest: str) -> PendingHit | None:
    """A hit to send with the key's read, when this process throttled the key before and
    the view runs the partner throttle; attached to the request for the throttle to take."""
    guess = _seen.get(digest)
    view = (getattr(request, "parser_context", None) or {}).get("view")
    if guess is None or view is None or not counts_partner_hits(view):
        return None
    ident, key, window = guess
    namespaces = tuple(getattr(view, "cache_versions_ahead", ()))
    hit = PendingHit(ident=ident, key=key, window=window, now=time.time(), namespaces=namespaces)
    django_request: HttpRequest = request._request
    setattr(django_request, _ATTRIBUTE, hit)
    on_api_error(django_request, hit.undo)
    return hit


def pending(request: Any) -> PendingHit | None:
    return getattr(request._request, _ATTRIBUTE, None)  # type: ignore[no-any-return]


def versions_read(request: Any) -> str | None:
    """The view's `cache_versions_ahead` tokens as read with the key, or None (not read:
    the reader reads them itself)."""
    hit = pending(request)
    return hit.versions if hit is not None else None
