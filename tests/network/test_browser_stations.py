"""Find a station in a real browser: Debian's Chromium on a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from network.models import OrgUnit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_find_the_nearest_station_from_a_point_and_open_its_page(
    live_server: LiveServer, phone_page: Page, tree: dict[str, OrgUnit]
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/")
    page.locator("nav a[href='/stations/']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"

    # Typed coordinates next to 甲区企业服务室, then the search button.
    page.locator("#id_point").fill("36.0700,120.3895")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()

    first = page.locator(".station-list > li").first
    assert first.locator("[data-in-circle]").count() == 1
    assert re.match(r"\d+ ", first.locator(".distance").inner_text())
    # The map draws one marker per listed station from map.json (no inline script).
    page.wait_for_selector("#station-map[data-loaded=true]")
    assert page.locator("#station-map .leaflet-marker-icon").count() == 3
    # The page fits a 360 px phone without sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    link = first.locator("h3 a")
    assert link.inner_text() == "甲区企业服务室"
    link.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "甲区企业服务室"
    page.wait_for_selector("#station-map[data-loaded=true]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_choosing_a_district_lists_its_stations_first(
    live_server: LiveServer, phone_page: Page, tree: dict[str, OrgUnit]
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/stations/")
    page.locator("#id_from_district").select_option(label="乙区分中心")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    first = page.locator(".station-list > li h3 a").first
    assert first.inner_text() == "乙一心灵驿站"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_use_my_location_sorts_from_where_the_browser_is(
    live_server: LiveServer, browser: Browser, tree: dict[str, OrgUnit]
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        geolocation={"latitude": 36.1450, "longitude": 120.4318},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/stations/")
        page.locator("button[data-locate]").click()
        page.wait_for_url("**/stations/?*lat=*")
        first = page.locator(".station-list > li h3 a").first
        assert first.inner_text() == "乙一心灵驿站"
        assert page.locator("#id_lat").input_value().startswith("36.145")
    finally:
        context.close()
