"""Content negotiation with the usual request's answer found without parsing.

Partner apps send no `Accept` header, `*/*` or `application/json`, and the API renders JSON
only: DRF's negotiation parses the header into media types and ranks them on every
request (about 3 % of a submit's CPU). Those three cases are answered directly, with what
DRF would answer (the first renderer and its media type); anything else — another type, a
parameter such as `; indent=4`, a `?format=` override, a format suffix — goes DRF's way,
406 included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

_ANY = "*/*"


class PlainJsonNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: Any = None
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)  # DRF passes a list; a generator would be used up here
        meta = request.META
        override = self.settings.URL_FORMAT_OVERRIDE
        if (
            format_suffix is None
            and renderers
            and not (override and override in meta.get("QUERY_STRING", ""))
        ):
            accept = meta.get("HTTP_ACCEPT", _ANY)
            first = renderers[0]
            if accept == _ANY or accept == first.media_type:
                return first, first.media_type
        found: tuple[BaseRenderer, str] = super().select_renderer(request, renderers, format_suffix)
        return found
