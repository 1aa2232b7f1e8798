"""The staff layout on a 360 px phone: the whole navigation shows and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from core import views
from network.models import OrgUnit


def _log_in(page: Page, url: str, user: User) -> None:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": str(session.session_key), "url": url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_centre_admin_on_a_phone_sees_the_whole_staff_navigation(
    live_server: LiveServer, phone_page: Page, tree: dict[str, OrgUnit], centre_admin: User
) -> None:
    url = live_server.url
    _log_in(phone_page, url, centre_admin)
    phone_page.goto(f"{url}/staff/network/audit/")

    nav = phone_page.locator("[data-staff-nav]")
    for link in views.staff_links(centre_admin):
        target = nav.locator(f'a[href="{link.url}"]')
        assert target.is_visible()
        box = target.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert phone_page.locator(".site-nav").count() == 0
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
