"""A limit on retrieval-code attempts, so codes cannot be guessed from the portal.

Attempts are counted in the cache, per session and per client address, in a
fixed window. The address is hashed before it becomes a cache key and the
counters expire with the window: nothing about the visitor is kept longer.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

CODE_ATTEMPTS = 10
CODE_WINDOW_SECONDS = 600


def _client_address(request: HttpRequest) -> str:
    # allauth's reading honours the same trusted-proxy settings as the login limits.
    from allauth.account.adapter import get_adapter

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return "unknown"


def _count(key: str) -> int:
    cache.add(key, 0, CODE_WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CODE_WINDOW_SECONDS)
        return 1


def code_attempt_allowed(request: HttpRequest) -> bool:
    """Count one attempt; False once the session or the address used up its attempts."""
    if request.session.session_key is None:
        request.session.save()
    address = hashlib.sha256(_client_address(request).encode()).hexdigest()[:32]
    counts = [
        _count(f"assessments:code-attempts:session:{request.session.session_key}"),
        _count(f"assessments:code-attempts:address:{address}"),
    ]
    return max(counts) <= CODE_ATTEMPTS


# Call-back requests: each one pages the hotline, so a client may ask only a few times in
# the window, per submission and per address (the same counters as the code attempts).
CALLBACK_ATTEMPTS = 5


def _address_key(request: HttpRequest) -> str:
    return hashlib.sha256(_client_address(request).encode()).hexdigest()[:32]


def callback_attempt_allowed(request: HttpRequest, *, submission_key: str) -> bool:
    """Count one call-back request; False once the submission or the address used up its
    attempts in the window."""
    counts = [
        _count(f"assessments:callback-attempts:submission:{submission_key}"),
        _count(f"assessments:callback-attempts:address:{_address_key(request)}"),
    ]
    return max(counts) <= CALLBACK_ATTEMPTS


def api_code_attempt_allowed(request: HttpRequest, *, client_key: str) -> bool:
    """Count one retrieval-code look-up through the API; False once the client (the partner
    app, or the anonymous caller) or the address used up its CODE_ATTEMPTS."""
    counts = [
        _count(f"assessments:api-code-attempts:client:{client_key}"),
        _count(f"assessments:api-code-attempts:address:{_address_key(request)}"),
    ]
    return max(counts) <= CODE_ATTEMPTS
