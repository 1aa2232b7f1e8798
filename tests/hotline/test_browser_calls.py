"""An operator logs a call with the keyboard alone, well inside a minute."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from hotline.models import Call, CallStatus, CallTopic, Line
from tests.browser import log_in

TOPICS = [
    "emotions",
    "work-stress",
    "labour-dispute",
    "family",
    "relationships",
    "legal",
    "policy",
    "crisis",
    "other",
]


@pytest.fixture
def desk_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_operator_logs_a_call_with_the_keyboard_only(
    live_server: LiveServer, desk_page: Page, line: Line, operator: User
) -> None:
    for position, code in enumerate(TOPICS):  # a transactional test may run after a flush
        CallTopic.objects.get_or_create(code=code, defaults={"name": code, "position": position})
    page = desk_page
    log_in(page, live_server.url, operator)
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(live_server.url + reverse("staff:hotline:desk", kwargs={"line": line.public_id}))
    started = time.monotonic()
    page.keyboard.press("n")  # new call, one key
    page.wait_for_selector("form[data-call-form]")
    assert page.evaluate("document.activeElement.name") == "channel"  # autofocus
    keys = page.keyboard
    keys.press("Tab")  # caller type: the first radio
    keys.press("Space")  # worker
    keys.press("Tab")
    keys.type("139 1234 5678")
    keys.press("Tab")  # topics: emotions
    keys.press("Space")
    for _ in range(len(TOPICS) - 1):
        keys.press("Tab")
    keys.press("Tab")  # gig worker
    keys.press("Space")
    for _ in range(3):  # woman worker, family in hardship, district
        keys.press("Tab")
    keys.press("Tab")  # risk: the chosen "no risk seen"
    keys.press("ArrowRight")  # low
    keys.press("Tab")
    keys.type("工作压力大，已疏导")
    page.wait_for_selector("[data-autosave-status]:has-text('Draft saved')", timeout=15000)
    keys.press("Tab")  # outcome: the first radio
    keys.press("Space")  # counselled on the call
    keys.press("Control+Enter")
    page.wait_for_selector("text=The call is logged.")
    assert time.monotonic() - started < 60
    call = Call.objects.get()
    assert call.status == CallStatus.LOGGED and call.operator == operator
    assert call.caller_type == "worker" and call.gig_worker and call.risk == "low"
    assert [t.code for t in call.topics.all()] == ["emotions"]
    assert call.summary == "工作压力大，已疏导" and call.caller is not None
    assert call.duration_seconds is not None and call.duration_seconds >= 0
