"""The crisis alert appears on an open hotline page without a reload (htmx polling)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from hotline import services
from hotline.models import CrisisIncident, Line, RiskLevel
from tests.browser import log_in


@pytest.fixture
def desk_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_crisis_alert_appears_without_a_reload(
    live_server: LiveServer, desk_page: Page, line: Line, supervisor: User
) -> None:
    page = desk_page
    log_in(page, live_server.url, supervisor)
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(live_server.url + reverse("staff:hotline:desk", kwargs={"line": line.public_id}))
    expect(page.locator("[data-crisis-alerts]")).to_have_count(0)
    services.request_contact(source="lecture", summary="危机", risk=RiskLevel.CRISIS)
    incident = CrisisIncident.objects.get()
    alert = page.locator(f'[data-crisis="{incident.public_id}"]')
    expect(alert).to_be_visible(timeout=20_000)  # the fragment is polled every 12 s
    alert.get_by_role("link").click()
    page.get_by_role("button", name="Acknowledge: I am handling it").click()
    expect(page.locator("[data-acknowledged]")).not_to_contain_text("not yet")
    incident.refresh_from_db()
    assert incident.acknowledged_by == supervisor
