from typing import Any, NamedTuple

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse

from core.web import render


class StaffLink(NamedTuple):
    url: str
    label: Any


def staff_links(user: Any) -> list[StaffLink]:
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


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@staff_member_required
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/staff_home.html", {"staff_links": staff_links(request.user)})
