"""The portal in a real browser: Debian's Chromium, headless, via Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_language_in_the_browser(live_server: LiveServer, phone_page: Page) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", level=1).inner_text().startswith("关爱心理")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Care for your mind" in page.get_by_role("heading", level=1).inner_text()
    # The page fits a 360 px phone without sideways scrolling.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
