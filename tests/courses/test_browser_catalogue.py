"""The catalogue in a real browser on a 360 px phone: search in Chinese, open a topic."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.courses.conftest import Catalogue


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_the_catalogue_in_chinese_and_open_a_topic_at_360_px(
    live_server: LiveServer, phone_page: Page, catalogue: Catalogue
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/courses/")
    assert page.get_by_role("heading", level=1).inner_text() == "公益课程一览表"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator("#id_q").fill("青春期沟通")
    page.locator("#id_category").select_option(label="亲子关系")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    cards = page.locator(".topic-list > li h3 a")
    assert cards.count() == 1
    assert cards.first.inner_text() == "与青春期孩子有效沟通"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    cards.first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "与青春期孩子有效沟通"
    assert page.locator(".expert-card h3").all_inner_texts() == ["王晓梅"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
