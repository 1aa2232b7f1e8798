from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.web import render

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


class StaffLink(NamedTuple):
    url: str
    label: StrOrPromise


def staff_links(user: User | AnonymousUser) -> list[StaffLink]:
    """Links to the staff pages this user may open, from every app that offers some.

    An app offers pages with a `staff_links(user)` method on its AppConfig;
    core imports no domain app, so the apps come to it.
    """
    links: list[StaffLink] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "staff_links", None)
        if provider is not None:
            links.extend(StaffLink(url, label) for url, label in provider(user))
    return links


def staff_links_for(request: HttpRequest) -> list[StaffLink]:
    """`staff_links` for the signed-in user, worked out once per request.

    The staff home lists them as cards and the staff layout as its navigation;
    both read this, so a page never costs the permission reads twice.
    """
    cached: list[StaffLink] | None = getattr(request, "_staff_links", None)
    if cached is None:
        cached = staff_links(request.user)
        request._staff_links = cached  # type: ignore[attr-defined]
    return cached


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page says: the static icon."""
    # A temporary redirect: the static URL changes with each release's hashed name.
    response = HttpResponseRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@staff_member_required
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/staff_home.html", {"staff_links": staff_links_for(request)})
