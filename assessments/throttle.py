"""A limit on retrieval-code attempts, so codes cannot be guessed from the portal.

Attempts are counted in the cache (core.ratelimit), per session and per client address, in a
fixed window. The address is hashed before it becomes a cache key and the
counters expire with the window: nothing about the visitor is kept longer.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core import ratelimit

CODE_ATTEMPTS = 10
CODE_WINDOW_SECONDS = 600


def _client_address(request: HttpRequest) -> str:
    # allauth's reading honours the same trusted-proxy settings as the login limits.
    from allauth.account.adapter import get_adapter

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
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
