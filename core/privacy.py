"""Personal pages are never stored by a cache, and an anonymous visit is forgotten in hours.

- `personal_page` marks a portal view whose response holds personal data (a
  booking and its manage link, "my bookings", a calendar file, a result):
  `Cache-Control: private, no-store` (Django's never-cache headers), so no
  proxy, shared computer's back button or disk cache keeps it.
- `PrivacyMiddleware` applies the same to every staff page (/staff/, /admin/),
  marks any other page sent to a signed-in person `private` unless the view
  said otherwise, and gives an anonymous visitor's session
  ANONYMOUS_SESSION_HOURS instead of SESSION_COOKIE_AGE. A signed-in session
  keeps SESSION_COOKIE_AGE (or what allauth's "remember me" chose); the hours
  of the anonymous visit are dropped when the visitor signs in. An anonymous
  session left holding nothing but that bookkeeping (a questionnaire finished,
  its answers dropped) is deleted there and then, row and cookie: the pages
  after it read no session at all. Signing out
  also deletes the cookies apps name in `sign_out_cookies` on their AppConfig
  (the assessments' result pass), so the next person at a shared phone finds
  nothing of the last one.

Place the middleware right after SessionMiddleware: its response step must run
before the session is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache

STAFF_PREFIXES = ("/staff/", "/admin/")
_ANONYMOUS_MARK = "core.anonymous_session"
_BOOKKEEPING = frozenset({_ANONYMOUS_MARK, "_session_expiry"})

_SIGNED_OUT = "_core_signed_out"

personal_page = never_cache


def _mark_signed_out(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    if request is not None:
        setattr(request, _SIGNED_OUT, True)


user_logged_out.connect(_mark_signed_out, dispatch_uid="core.privacy.signed_out")


def _forget_sign_out_cookies(request: HttpRequest, response: HttpResponse) -> None:
    if not getattr(request, _SIGNED_OUT, False):
        return
    for config in apps.get_app_configs():
        for name in getattr(config, "sign_out_cookies", ()):
            response.delete_cookie(name, samesite="Lax")


def _is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _session_length(request: HttpRequest) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    anonymous_seconds = settings.ANONYMOUS_SESSION_HOURS * 3600
    if _is_signed_in(request):
        if session.get(_ANONYMOUS_MARK):
            del session[_ANONYMOUS_MARK]
            if session.get("_session_expiry") == anonymous_seconds:
                session.set_expiry(None)  # back to SESSION_COOKIE_AGE
    elif session.modified and not session.is_empty():
        if set(session.keys()) <= _BOOKKEEPING:
            session.flush()  # the visit keeps nothing: forget it now, not in hours
            return
        session[_ANONYMOUS_MARK] = True
        session.set_expiry(anonymous_seconds)


class PrivacyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(STAFF_PREFIXES):
            add_never_cache_headers(response)
        elif _is_signed_in(request) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        _session_length(request)
        _forget_sign_out_cookies(request, response)
        return response
