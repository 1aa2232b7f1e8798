"""The online library in a real browser on a 360 px phone: a worker opens this month's
course, reads it, marks it complete and finds it in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from core import clock
from learning.demo.library import calm_tone
from learning.models import ItemKind, PremiumCourse
from tests.browser import log_in
from tests.learning.factories import library_item


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_worker_opens_this_months_course_and_completes_it_at_360_px(
    live_server: LiveServer, phone_page: Page, worker: User, media: Path
) -> None:
    today = clock.today()
    article = library_item(
        title="职场压力的五个信号",
        body="<h2>信号一</h2><p>总是睡不好，早上醒来仍觉得累。</p>",
    )
    audio = library_item(kind=ItemKind.AUDIO, title="睡前放松", body="")
    audio.media_file.save("calm.wav", ContentFile(calm_tone(seconds=2)))
    PremiumCourse.objects.create(year=today.year, month=today.month, item=article, order=1)
    PremiumCourse.objects.create(year=today.year, month=today.month, item=audio, order=2)
    page = phone_page
    log_in(page, live_server.url, worker)

    page.goto(f"{live_server.url}/learning/library/this-month/")
    # The page is in zh-Hans (its headings come from i18n-ln-library.json once merged).
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("nav.library-nav a[aria-current=page]").count() == 1
    cards = page.locator(".premium-list h3 a")
    assert cards.all_inner_texts() == ["职场压力的五个信号", "睡前放松"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    cards.first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "职场压力的五个信号"
    assert page.locator("[data-body] h2").inner_text() == "信号一"
    page.locator("[data-complete]").click()
    page.wait_for_load_state()
    assert page.locator("[data-completed]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{live_server.url}/learning/library/history/")
    assert page.locator("[data-history] a").all_inner_texts() == ["职场压力的五个信号"]

    page.goto(f"{live_server.url}/learning/library/items/{audio.public_id}/")
    duration = page.locator("audio[data-player]").evaluate(
        """audio => new Promise(done => {
            if (audio.readyState >= 1) { done(audio.duration); return; }
            audio.addEventListener('loadedmetadata', () => done(audio.duration));
            audio.load();
        })"""
    )
    assert 1.5 < duration < 2.5  # the browser read the range-served file
