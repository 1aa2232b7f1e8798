"""The portal in a real browser: Debian's Chromium, headless, via Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM
    # calls the live-server fixtures make from that thread stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


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
