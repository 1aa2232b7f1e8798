"""Retrieval-code look-ups through the API: their own limit, like the portal's code form
(assessments.throttle: CODE_ATTEMPTS per CODE_WINDOW_SECONDS per client and address)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from assessments import throttle
from network.api.authentication import partner_app


class RetrievalCodeThrottle(BaseThrottle):
    """Counts every call of a view that opens a submission by its retrieval code."""

    def allow_request(self, request: Request, view: Any) -> bool:
        app = partner_app(request)
        client = f"app:{app.pk}" if app is not None else "anonymous"
        return throttle.api_code_attempt_allowed(request, client_key=client)  # type: ignore[arg-type]

    def wait(self) -> float:
        return float(throttle.CODE_WINDOW_SECONDS)


def with_code_throttle() -> list[Any]:
    """The default throttles, then the retrieval-code one."""
    return [*api_settings.DEFAULT_THROTTLE_CLASSES, RetrievalCodeThrottle]
