"""On a 360 px phone: a station's page leads to booking its soonest slot; a crisis result
leads to the booking page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus
from appointments.selectors import slots
from assessments import services as assessment_services
from network.models import OrgUnit, PractitionerProfile, Role
from tests.appointments.browser import log_in as _log_in
from tests.appointments.factories import weekly_rule
from tests.network import factories

# A Monday morning in Shanghai: the station's Tuesday hours are the soonest free times.
MONDAY_8AM = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def monday() -> Iterator[None]:
    # Ticking: the browser and the live server keep running in real time from there.
    with time_machine.travel(MONDAY_8AM, tick=True):
        yield


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_a_station_page_book_that_stations_soonest_slot(
    monday: None,
    live_server: LiveServer,
    phone_page: Page,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
) -> None:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    station = tree["station_a1"]
    weekly_rule(counsellor_a, station, weekday=1)
    other = factories.staff("counsellor.b@example.com", Role.COUNSELLOR, tree["station_b1"])
    PractitionerProfile.objects.create(user=other, display_name="李老师", is_public=True)
    weekly_rule(other, tree["station_b1"], weekday=1, start=time(8), end=time(9))
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    services.slots_regenerate(counsellor_id=other.pk)
    soonest = slots.free_slots().filter(station=station).first()
    assert soonest is not None
    assert slots.free_slots().first() != soonest  # another station's time comes first
    page = phone_page
    _log_in(page, live_server, worker)

    page.goto(f"{live_server.url}/stations/{station.public_id}/")  # type: ignore[attr-defined]
    _fits_the_phone(page)
    page.locator("[data-station-slots]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    _fits_the_phone(page)
    first = page.locator("main .slot-list a.button").first  # type: ignore[attr-defined]
    assert str(soonest.public_id) in (first.get_attribute("href") or "")
    first.click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]

    assert "/appointments/bookings/" in page.url  # type: ignore[attr-defined]
    booking = Booking.objects.get(slot=soonest)
    assert booking.worker == worker and booking.status == BookingStatus.BOOKED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_a_crisis_result_reach_the_booking_page(
    monday: None, live_server: LiveServer, phone_page: Page, tree: dict[str, OrgUnit]
) -> None:
    assessment_services.instrument_load_files()
    page = phone_page
    page.goto(f"{live_server.url}/assessments/take/phq9/")  # type: ignore[attr-defined]
    page.locator("form button[type=submit]").last.click()  # type: ignore[attr-defined]
    answered = 0
    while answered < 9:
        for fieldset in page.locator("fieldset.question").all():  # type: ignore[attr-defined]
            answered += 1
            # Item 9 (thoughts of self-harm) above "not at all": the crisis result.
            fieldset.locator("input[type=radio]").nth(1 if answered == 9 else 0).check()
        page.locator("button[name=next]").click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
    page.locator("button[name=skip]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]

    crisis = page.locator("#crisis")  # type: ignore[attr-defined]
    assert crisis.is_visible()
    _fits_the_phone(page)
    crisis.locator("[data-book-near]").click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url.startswith(f"{live_server.url}/appointments/")  # type: ignore[attr-defined]
    assert page.locator("form.slot-search").is_visible()  # type: ignore[attr-defined]
    _fits_the_phone(page)
