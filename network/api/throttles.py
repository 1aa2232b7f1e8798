"""Rate limits: each partner app by its own rate, anonymous callers by their IP.

Rates are read per request (not at import), so a changed setting or a changed
app rate applies at once. A 429 uses the one error format (core.api.errors).
With the cache (Redis) unreachable the limits fail open (core.ratelimit).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from core.ratelimit import FailOpenThrottleMixin, window_decide, window_hit
from network.api import partner_hit
from network.api.authentication import partner_app

logger = logging.getLogger("network.api")


class PartnerAppRateThrottle(FailOpenThrottleMixin, SimpleRateThrottle):
    """Each partner app by its `throttle_rate`; does not apply to other callers.

    A sliding-window counter in one cache round trip (core.ratelimit.window_hit),
    not DRF's list of every request's time, which grows with the rate and costs a
    read and a write of that list per request.
    """

    scope = "partner"
    # The authentication may send this throttle's hit with the key's read (partner_hit).
    counts_partner_hits = True

    def get_rate(self) -> str | None:
        return None  # set per request from the app

    def decide(self, request: Request, view: Any) -> bool:
        app = partner_app(request)
        if app is None:
            return True
        try:
            limit, window = self.parse_rate(app.throttle_rate)
        except (ValueError, KeyError, IndexError):
            logger.warning("partner_app=%s has a malformed rate %r", app.pk, app.throttle_rate)
            limit, window = self.parse_rate(settings.PARTNER_DEFAULT_RATE)
        assert limit is not None and window is not None  # parse_rate of a given rate
        key = self.cache_format % {"scope": self.scope, "ident": app.pk}
        hit = partner_hit.pending(request)
        counts = hit.take(ident=app.pk, key=key, window=window) if hit is not None else None
        if hit is not None and counts is not None:
            allowed, self._wait = window_decide(
                key, limit=limit, window=window, now=hit.now, counts=counts
            )
        else:
            allowed, self._wait = window_hit(key, limit=limit, window=window)
        partner_hit.seen(app.key_hash, ident=app.pk, key=key, window=window)
        return allowed

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        app = partner_app(request)
        if app is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": app.pk}


class AnonymousRateThrottle(FailOpenThrottleMixin, AnonRateThrottle):
    """Anonymous callers by IP at DEFAULT_THROTTLE_RATES["anon"]; partner apps are exempt."""

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "anon")
        return None if rate is None else str(rate)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if partner_app(request) is not None:
            return None
        return super().get_cache_key(request, view)
