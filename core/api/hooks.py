"""Work to undo when an API request ends in an exception (run by core.api.errors).

For work begun ahead of a check that then did not run: a throttle hit counted with the
key's read (network.api.partner_hit) before the permissions refused the request. Imports no
DRF, so authentication classes may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

_ON_ERROR = "_on_api_error"


def on_api_error(request: HttpRequest, callback: Callable[[], None]) -> None:
    """Run `callback` if this API request ends in an exception (a refusal, an error)."""
    request.__dict__.setdefault(_ON_ERROR, []).append(callback)


def run_error_callbacks(context: dict[str, Any]) -> None:
    """The callbacks of the request in a DRF exception handler's `context`, once each."""
    request = context.get("request")
    django_request = getattr(request, "_request", request)
    if django_request is None:
        return
    for callback in django_request.__dict__.pop(_ON_ERROR, ()):
        callback()
