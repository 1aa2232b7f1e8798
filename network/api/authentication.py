"""Partner apps authenticate with `Authorization: Bearer <key>`.

A valid key makes `request.auth` the PartnerApp and `request.user` anonymous:
a partner app acts through its own credentials, never as a person.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from network import partner_keys, services
from network.api import partner_hit
from network.errors import ErrorCode
from network.models import PartnerApp

logger = logging.getLogger("network.api")

KEYWORD = "Bearer"


def partner_app(request: Request) -> PartnerApp | None:
    """The partner app making this request, or None for anyone else."""
    auth = request.auth
    return auth if isinstance(auth, PartnerApp) else None


class PartnerKeyAuthentication(BaseAuthentication):
    """Looks up the bearer key; an unknown or revoked key is refused (401), never ignored."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, PartnerApp] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            self._refuse(request, "malformed")
            raise AuthenticationFailed(
                _("Send the API key as “Authorization: Bearer <key>”."), code=ErrorCode.INVALID_KEY
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        hit = partner_hit.ahead(request, partner_keys.hash_key(key)) if key else None
        app = services.partner_app_for_key(key, piggyback=hit)
        if app is None:
            if hit is not None:
                hit.undo()
            self._refuse(request, "unknown_or_revoked")
            raise AuthenticationFailed(
                _("This API key is unknown or revoked."), code=ErrorCode.INVALID_KEY
            )
        services.partner_app_mark_used(app=app)
        # The path only: query strings may carry a worker's position, bodies personal data.
        logger.info(
            "partner_app=%s %s %s",
            app.pk,
            request.method,
            request.path,
            extra={"partner_app_id": app.pk},
        )
        return AnonymousUser(), app

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'

    @staticmethod
    def _refuse(request: Request, reason: str) -> None:
        logger.warning("partner key refused (%s) %s %s", reason, request.method, request.path)


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The partner app's API key: `Authorization: Bearer <key>`.",
        }
