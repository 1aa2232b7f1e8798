"""What a caller may do: partner apps by their scopes, anyone else reads public data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from network.api.authentication import partner_app
from network.errors import ErrorCode


class ScopeOrPublicRead(BasePermission):
    """Partner credentials need the view's `required_scope`; others may only read.

    A missing scope is a 403 with code `scope_missing`, so the partner knows
    which scope to ask the centre for.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        app = partner_app(request)
        if app is None:
            return request.method in SAFE_METHODS
        scope = getattr(view, "required_scope", None)
        if not scope:
            raise ImproperlyConfigured(f"{type(view).__name__} must set required_scope.")
        if not app.has_scope(scope):
            raise PermissionDenied(
                _("This partner app lacks the scope “%(scope)s”.") % {"scope": scope},
                code=ErrorCode.SCOPE_MISSING,
            )
        return True


class IsPartnerApp(BasePermission):
    """Only partner credentials; anyone else gets 401 (403 for a signed-in person)."""

    message = gettext_lazy(
        "This endpoint is for partner apps: send your API key as a bearer token."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        return partner_app(request) is not None
