"""One error format for every API error.

    {"error": {"code": "validation_error", "message": "…", "fields": {"name": ["…"]}}}

The message is in the request's language (LocaleMiddleware picks it from
Accept-Language or the language cookie).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.api.hooks import run_error_callbacks
from core.errors import DomainError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    run_error_callbacks(context)
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, str(exc.message), exc.fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("request_too_large", _("The request body is too large.")),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body("bad_request", _("The request is malformed.")), status=400)

    response = drf_exception_handler(exc, context)
    if response is None:
        # An unexpected error: logged with its traceback, answered in the one shape.
        logger.error("Unhandled API error", exc_info=(type(exc), exc, exc.__traceback__))
        set_rollback()  # nothing half-done is committed under ATOMIC_REQUESTS
        return Response(
            error_body("server_error", _("Something went wrong on our side; please try again.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields: dict[str, Any]
        if isinstance(detail, dict):
            fields = _flatten(detail)
            non_field = fields.pop("non_field_errors", None)
            message = non_field[0] if non_field else _("Some fields are not valid.")
        else:
            fields = {}
            flat = _flatten(detail)
            message = flat[0] if isinstance(flat, list) and flat else str(flat)
        response.data = error_body("validation_error", message, fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    if isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        code_str = code if isinstance(code, str) else exc.default_code
        response.data = error_body(code_str, str(exc.detail))
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: errors outside a DRF view (middleware, URL resolving) under /api/ still
    answer in the one shape; other pages get Django's page."""
    if _is_api(request):
        return JsonResponse(
            error_body("server_error", _("Something went wrong on our side; please try again.")),
            status=500,
        )
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a malformed or oversized request under /api/ in the one shape."""
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            body = error_body("request_too_large", _("The request body is too large."))
            return JsonResponse(body, status=413)
        return JsonResponse(error_body("bad_request", _("The request is malformed.")), status=400)
    return defaults.bad_request(request, exception)
