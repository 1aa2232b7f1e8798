"""A counsellor on a phone: check a worker in, open a case, write a note. The station lead
sees the session on the calendar but neither the worker, the case nor the note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from appointments.models import Booking, BookingStatus, Case, Mode, Slot
from core import clock
from network.models import AuditEntry, OrgUnit, Role
from tests.appointments.browser import log_in as _log_in
from tests.network import factories

NOTE = "来访者讲述了加班压力，约定下周再谈。"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_check_in_open_a_case_and_write_a_note_that_the_station_lead_cannot_see(
    live_server: LiveServer,
    browser: Browser,
    phone_page: Page,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
) -> None:
    starts = timezone.now() - timedelta(minutes=10)
    slot = Slot.objects.create(
        counsellor=counsellor_a,
        station=tree["station_a1"],
        mode=Mode.IN_PERSON,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
    )
    booking = Booking.objects.create(
        slot=slot,
        worker=worker,
        counsellor=counsellor_a,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        reason="work_stress",
    )
    page = phone_page
    _log_in(page, live_server, counsellor_a)
    base = live_server.url  # type: ignore[attr-defined]

    # The day lists the session; its page checks the worker in.
    page.goto(f"{base}/staff/appointments/")  # type: ignore[attr-defined]
    page.locator(f"a[href='/staff/appointments/bookings/{booking.public_id}/']").first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.locator("button[formaction$='/attended/']").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    assert booking.checked_in_at is not None

    # Open a case from the session: the last session is behind us, so a follow-up date
    # is the case's next step.
    page.goto(f"{base}/staff/appointments/bookings/{booking.public_id}/")  # type: ignore[attr-defined]
    page.locator(f"a[href='/staff/appointments/cases/open/{booking.public_id}/']").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.select_option("#id_risk_level", "moderate")  # type: ignore[attr-defined]
    due = clock.today() + timedelta(days=7)
    page.fill("#id_next_due_on", due.isoformat())  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    case = Case.objects.get(worker=worker)
    assert case.concern == "work_stress" and case.risk_level == "moderate"
    assert case.followups.get().due_on == due
    assert f"/staff/appointments/cases/{case.public_id}/" in page.url  # type: ignore[attr-defined]

    # Write a note; it shows on the case, whose every showing is audited.
    page.locator(f"a[href='/staff/appointments/cases/{case.public_id}/notes/new/']").first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.fill("#id_body", NOTE)  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.goto(f"{base}/staff/appointments/cases/{case.public_id}/")  # type: ignore[attr-defined]
    assert NOTE in page.content()  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="appointments.note.read", actor=counsellor_a).exists()

    # The station lead: the session on the calendar, but no worker, no case, no note.
    lead = factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")  # type: ignore[attr-defined]
    lead_page = context.new_page()
    _log_in(lead_page, live_server, lead)
    response = lead_page.goto(f"{base}/staff/appointments/cases/{case.public_id}/")
    assert response.status == 404
    lead_page.goto(f"{base}/staff/appointments/stations/{tree['station_a1'].pk}/")
    calendar = lead_page.content()
    assert clock.local(starts).strftime("%H:%M") in calendar
    assert worker.email not in calendar and NOTE not in calendar
    context.close()
