"""The portal in a real browser: Debian's Chromium, headless, via Playwright."""

from __future__ import annotations

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_language_in_the_browser(live_server: object, phone_page: object) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "zh-Hans"  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text().startswith("关爱心理")  # type: ignore[attr-defined]
    page.get_by_role("button", name="English").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "en"  # type: ignore[attr-defined]
    assert "Care for your mind" in page.get_by_role("heading", level=1).inner_text()  # type: ignore[attr-defined]
    # The page fits a 360 px phone without sideways scrolling.
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360
