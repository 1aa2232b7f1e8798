import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from core.selectors import user_has_totp

# Staff pages: nothing there opens before the staff member has TOTP set up.
STAFF_PREFIXES = ("/staff/", "/admin/")


class StaffMFAMiddleware:
    """Staff must set up TOTP (allauth MFA) before they reach any staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(STAFF_PREFIXES)
            and not user_has_totp(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy header: our own scripts only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


logger = logging.getLogger(__name__)


class CacheUnavailableMiddleware:
    """A request that needed Redis while it was away answers 503 with a message, not 500.

    Our own limiters fail open (core.ratelimit); this catches the rest (allauth's
    limits on sign-up and sign-in codes, MFA). API paths answer in the API's
    error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RedisError):
            return None
        logger.warning("cache unavailable (%s); answered 503", exception.__class__.__name__)
        message = _("This service is briefly unavailable. Please try again in a few minutes.")
        if request.path.startswith("/api/"):
            from core.api.errors import error_body

            response: HttpResponse = JsonResponse(
                error_body("service_unavailable", message), status=503
            )
        else:
            response = render(request, "core/unavailable.html", {"message": message}, status=503)
        response["Retry-After"] = "60"
        return response
