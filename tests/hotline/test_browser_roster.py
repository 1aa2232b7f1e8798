"""The roster on a 360 px phone: nothing scrolls sideways, gaps say so in words."""

from __future__ import annotations

from datetime import time

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from hotline.models import Duty, Line
from tests.hotline.conftest import Weekly


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
def test_the_roster_and_board_fit_a_phone(
    live_server: LiveServer,
    phone_page: Page,
    weekly: Weekly,
    line: Line,
    operator: User,
    supervisor: User,
) -> None:
    weekly(time(8), time(0), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)])
    url = live_server.url
    _log_in(phone_page, url, supervisor)
    for name in ("staff:hotline:roster", "staff:hotline:board"):
        phone_page.goto(url + reverse(name, kwargs={"line": line.public_id}))
        assert phone_page.locator("[data-on-duty]").is_visible()
        gap = phone_page.locator("[data-gap]").first
        assert gap.is_visible() and "空缺" in gap.inner_text()  # words, not colour alone
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
