"""A worker on a phone books the soonest slot near a point, then cancels by the manage link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus
from appointments.selectors import slots
from network.models import OrgUnit, PractitionerProfile
from tests.appointments.browser import log_in as _log_in
from tests.appointments.factories import weekly_rule


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_book_the_soonest_slot_near_a_point_then_cancel_by_the_manage_link(
    live_server: LiveServer,
    phone_page: Page,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
) -> None:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    soonest = slots.free_slots().first()
    assert soonest is not None
    page = phone_page
    _log_in(page, live_server, worker)

    page.goto(f"{live_server.url}/appointments/")  # type: ignore[attr-defined]
    page.fill("#id_point", "36.07,120.39")  # type: ignore[attr-defined]
    page.locator("form.slot-search button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    first = page.locator("[data-near-slot] a.button").first  # type: ignore[attr-defined]
    assert str(soonest.public_id) in (first.get_attribute("href") or "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    first.click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]

    assert "/appointments/bookings/" in page.url  # type: ignore[attr-defined]
    ics = page.locator("main a[download]").first  # type: ignore[attr-defined]
    assert (ics.get_attribute("href") or "").endswith("calendar.ics")
    booking = Booking.objects.get(slot=soonest)
    assert booking.worker == worker and booking.status == BookingStatus.BOOKED

    page.locator("[data-manage-link]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert "/appointments/manage/" in page.url  # type: ignore[attr-defined]
    page.locator("input[name=confirm]").check()  # type: ignore[attr-defined]
    page.locator("[data-cancel]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED

    page.goto(f"{live_server.url}/appointments/?point=36.07,120.39")  # type: ignore[attr-defined]
    again = page.locator("[data-near-slot] a.button").first  # type: ignore[attr-defined]
    assert str(soonest.public_id) in (again.get_attribute("href") or "")
