"""A limit on retrieval-code attempts, so codes cannot be guessed from the portal.

Attempts are counted in the cache (core.ratelimit), per session and per client address, in a
fixed window. The address is hashed before it becomes a cache key and the
counters expire with the window: nothing about the visitor is kept longer.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest

from core import ratelimit

CODE_ATTEMPTS = 10
CODE_WINDOW_SECONDS = 600


def _client_address(request: HttpRequest) -> str:
    # allauth's reading honours the same trusted-proxy settings as the login limits.
    from allauth.account.adapter import get_adapter

    try:
        return str(get_adapter(request).get_client_ip(request))
    except DjangoPermissionDenied:  # allauth could not tell the address
        return "unknown"


def code_attempt_allowed(request: HttpRequest) -> bool:
    """Count one attempt; False once the session or the address used up its attempts.

    With the cache unreachable the attempt is allowed (core.ratelimit fails open).
    """
    if request.session.session_key is None:
        request.session.save()
    address = hashlib.sha256(_client_address(request).encode()).hexdigest()[:32]
    allowed = [
        ratelimit.hit(
            f"assessments:code-attempts:{kind}:{ident}",
            limit=CODE_ATTEMPTS,
            window=CODE_WINDOW_SECONDS,
            name="assessments.code_attempts",
        )
        for kind, ident in (("session", request.session.session_key), ("address", address))
    ]
    return all(allowed)


# Call-back requests: each one pages the hotline, so a client may ask only a few times in
# the window, per submission and per address (the same window as the code attempts).
CALLBACK_ATTEMPTS = 5


def _address_key(request: HttpRequest) -> str:
    return hashlib.sha256(_client_address(request).encode()).hexdigest()[:32]


def _all_hit(keys: list[str], *, limit: int, name: str) -> bool:
    """Count one hit on every key (fail open, core.ratelimit); True while all are within."""
    allowed = [
        ratelimit.hit(key, limit=limit, window=CODE_WINDOW_SECONDS, name=name) for key in keys
    ]
    return all(allowed)


def callback_attempt_allowed(request: HttpRequest, *, submission_key: str) -> bool:
    """Count one call-back request; False once the submission or the address used up its
    attempts in the window."""
    return _all_hit(
        [
            f"assessments:callback-attempts:submission:{submission_key}",
            f"assessments:callback-attempts:address:{_address_key(request)}",
        ],
        limit=CALLBACK_ATTEMPTS,
        name="assessments.callback_attempts",
    )


def api_code_attempt_allowed(request: HttpRequest, *, client_key: str) -> bool:
    """Count one retrieval-code look-up through the API; False once the client (the partner
    app, or the anonymous caller) or the address used up its CODE_ATTEMPTS."""
    return _all_hit(
        [
            f"assessments:api-code-attempts:client:{client_key}",
            f"assessments:api-code-attempts:address:{_address_key(request)}",
        ],
        limit=CODE_ATTEMPTS,
        name="assessments.api_code_attempts",
    )
