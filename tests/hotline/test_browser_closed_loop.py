"""The closed loop in a browser: an operator, keyboard only, logs a call, opens a case
from it with a next step, books counselling for the caller with consent and marks the
case crisis; the supervisor's board, open all along, shows the alert without a reload,
and after the supervisor acknowledges it the acknowledgement time is shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from appointments.models import Booking
from core import clock
from hotline.models import CallTopic, CrisisIncident, HotlineCase, Line, RiskLevel
from network.models import OrgUnit
from tests.appointments.factories import SlotFactory
from tests.browser import log_in
from tests.hotline.conftest import at

TOPICS = ["emotions", "work-stress", "labour-dispute", "family", "relationships"]
TOPICS += ["legal", "policy", "crisis", "other"]
CONCERN = "欠薪三个月，夜里睡不着，想和咨询师谈谈"


@pytest.fixture
def pages(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """The operator's and the supervisor's windows (two browser contexts, two sessions)."""
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        for _ in range(2)
    ]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def tab_to(page: Page, selector: str, most: int = 150) -> None:
    """Press Tab until the focus is on `selector`, as a person tabs through a page."""
    target = page.locator(selector)
    expect(target).to_have_count(1)
    for _ in range(most):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never took the focus")


def log_the_call(op: Page) -> None:
    """N, the form's autofocus, Tab / Space / arrows, Ctrl+Enter: no mouse."""
    keys = op.keyboard
    keys.press("n")
    op.wait_for_selector("form[data-call-form]")
    assert op.evaluate("document.activeElement.name") == "channel"
    keys.press("Tab")  # caller type: worker
    keys.press("Space")
    keys.press("Tab")
    keys.type("139 1234 5678")
    keys.press("Tab")  # topics: emotions
    keys.press("Space")
    tab_to(op, "[name=risk][value=none]")
    keys.press("ArrowRight")  # low
    keys.press("ArrowRight")  # medium
    keys.press("Tab")
    keys.type("欠薪，情绪低落，同意开案跟进")
    keys.press("Tab")  # outcome: counselled, referred, case opened
    keys.press("ArrowRight")
    keys.press("ArrowRight")
    keys.press("Control+Enter")


def open_the_case(op: Page) -> None:
    """Straight on from the call to the case form: next step, due date, concern."""
    keys = op.keyboard
    expect(op.get_by_role("heading", name="Open a case")).to_be_visible()
    expect(op.get_by_text("The call is logged.")).to_be_visible()
    tab_to(op, "form[data-case-new] [name=next_kind]")  # follow-up call, the first
    keys.press("Tab")
    keys.type("07072026")  # due on 7 July (day and month alike in any order)
    tab_to(op, "form[data-case-new] [name=concern]")
    keys.type(CONCERN)
    keys.press("Tab")
    keys.press("Enter")
    expect(op.get_by_text("The case is opened.")).to_be_visible()
    steps = op.locator("[data-steps] li[data-step]")
    expect(steps).to_have_count(1)
    expect(steps.first).to_contain_text("follow-up call · due 2026-07-08 00:00")


def book_counselling(op: Page) -> None:
    """The caller agrees to the booking and to the hand-over the counsellor will read."""
    keys = op.keyboard
    slot = op.locator("form[data-book-counselling] [name=slot]")
    expect(slot.locator("option:checked")).to_contain_text("2026-06-11 10:00")
    tab_to(op, "form[data-book-counselling] [name=slot]")
    keys.press("Tab")
    keys.type("13912345678")
    keys.press("Tab")
    keys.type("来电者同意咨询师了解欠薪和失眠的情况")
    keys.press("Tab")
    keys.press("Space")  # consent
    keys.press("Tab")
    keys.press("Enter")
    expect(op.get_by_text("Saved.")).to_be_visible()
    expect(op.locator("[data-session-status]")).to_have_text("booked")


def mark_crisis(op: Page) -> None:
    """Risk level "crisis" in the case's change form (type-ahead in the list), saved."""
    tab_to(op, "form[action$='/update/'] [name=risk]")
    op.keyboard.type("crisis")
    tab_to(op, "form[action$='/update/'] button[type=submit]")
    op.keyboard.press("Enter")
    expect(op.locator("[data-case]")).to_contain_text("crisis: risk of harm now")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_call_becomes_a_case_a_booking_and_an_acknowledged_crisis(
    live_server: LiveServer,
    pages: tuple[Page, Page],
    line: Line,
    operator: User,
    supervisor: User,
    counsellor_a: User,
    tree: dict[str, OrgUnit],
) -> None:
    for position, code in enumerate(TOPICS):  # a transactional test may run after a flush
        CallTopic.objects.get_or_create(code=code, defaults={"name": code, "position": position})
    op, sup = pages
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=True):
        SlotFactory.create(counsellor=counsellor_a, station=tree["station_a1"])  # 11 June 10:00
        for page, user in ((op, operator), (sup, supervisor)):
            log_in(page, live_server.url, user)
            page.set_extra_http_headers({"Accept-Language": "en"})
        board = live_server.url + reverse("staff:hotline:board", kwargs={"line": line.public_id})
        sup.goto(board)
        sup.evaluate("window.stillTheSamePage = true")
        expect(sup.locator("[data-crisis-alerts]")).to_have_count(0)

        op.goto(live_server.url + reverse("staff:hotline:desk", kwargs={"line": line.public_id}))
        log_the_call(op)
        open_the_case(op)
        case = HotlineCase.objects.get()
        assert case.risk == RiskLevel.MEDIUM  # the call's
        book_counselling(op)
        assert Booking.objects.get().referred_by == "hotline"
        mark_crisis(op)
        incident = CrisisIncident.objects.get(case=case)

        # The supervisor's board shows the alert without a reload (htmx polls every 12 s).
        alert = sup.locator(f'[data-crisis="{incident.public_id}"]')
        expect(alert).to_be_visible(timeout=20_000)
        assert sup.evaluate("window.stillTheSamePage") is True
        alert.get_by_role("link", name="Open and acknowledge").click()
        sup.get_by_role("button", name="Acknowledge: I am handling it").click()
        incident.refresh_from_db()
        assert incident.acknowledged_by == supervisor and incident.acknowledged_at is not None
        when = clock.local(incident.acknowledged_at).strftime("%H:%M")
        expect(sup.locator("[data-acknowledged]")).to_contain_text(when)
        sup.goto(board)
        row = sup.locator(f'[data-board-crisis="{incident.public_id}"]')
        minutes = str(incident.minutes_to_acknowledge)
        expect(row.locator("[data-ack-minutes]")).to_have_text(minutes)
        expect(sup.locator("[data-crisis-alerts]")).to_have_count(0)
