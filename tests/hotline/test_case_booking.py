"""Booking counselling from a hotline case, with the caller's consent, through
appointments.services: the counsellor's day shows it referred by the hotline with the
hand-over; the case shows booked / attended / did not come, never session notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from appointments import services as appointments
from appointments.models import Booking, BookingStatus, Slot
from core.errors import DomainError
from hotline.models import HotlineCase, Line, NextStep, StepKind
from hotline.services.case_booking import case_book_counselling
from network.models import AuditEntry, OrgUnit
from tests.appointments.factories import SlotFactory
from tests.hotline.case_helpers import open_case
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")

HANDOVER = "来电者被拖欠工资,睡眠差,同意咨询师了解这些情况"
NUMBER = "13800138000"


@pytest.fixture
def slot(tree: dict[str, OrgUnit], counsellor_a: User) -> Slot:
    return SlotFactory.create(counsellor=counsellor_a, station=tree["station_a1"])


def case_url(case: HotlineCase, action: str = "") -> str:
    kwargs = {"line": case.line.public_id, "case": case.public_id}
    if action:
        return reverse("staff:hotline:case_act", kwargs={**kwargs, "action": action})
    return reverse("staff:hotline:case", kwargs=kwargs)


def book(case: HotlineCase, operator: User, slot: Slot, *, consented: bool = True) -> NextStep:
    return case_book_counselling(
        actor=operator,
        case=case,
        slot_id=slot.public_id,
        phone=NUMBER,
        handover=HANDOVER,
        consented=consented,
    )


def test_a_booking_from_a_case_is_in_the_counsellors_day_and_its_attendance_on_the_case(
    line: Line, operator: User, counsellor_a: User, slot: Slot, login: Login
) -> None:
    case = open_case(line, operator)
    client = login(operator)
    page = client.get(case_url(case)).content.decode()
    assert "data-book-counselling" in page and str(slot.public_id) in page
    response = client.post(
        case_url(case, "book"),
        {"slot": slot.public_id, "phone": NUMBER, "handover": HANDOVER, "consent": "on"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.referred_by == "hotline" and booking.handover == HANDOVER
    assert booking.worker.phone == "+8613800138000" and not booking.worker.phone_verified
    step = case.steps.get(kind=StepKind.COUNSELLING_BOOKING)
    assert step.booking_id == booking.public_id and step.done_at is None

    counsellor = login(counsellor_a)
    day = counsellor.get(reverse("staff:appointments:day")).content.decode()
    assert str(booking.public_id) in day and "referred by the 12351 hotline" in day
    detail = counsellor.get(reverse("staff:appointments:booking", args=[booking.public_id]))
    assert "data-handover" in detail.content.decode() and HANDOVER in detail.content.decode()
    assert AuditEntry.objects.filter(action="appointments.booking.handover_read").count() == 1

    def status_on_case() -> str:
        page = login(operator).get(case_url(case)).content.decode()
        return page.split("data-session-status>")[1].split("<")[0]

    assert status_on_case() == "booked"
    appointments.booking_check_in(
        actor=counsellor_a, booking=booking, now=booking.starts_at + timedelta(minutes=1)
    )
    assert status_on_case() == "attended"
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.BOOKED)
    appointments.booking_mark_no_show(
        actor=counsellor_a, booking=booking, now=booking.starts_at + timedelta(minutes=20)
    )
    assert status_on_case() == "did not come"


def test_without_consent_the_booking_is_refused_and_nothing_is_written(
    line: Line, operator: User, slot: Slot, login: Login
) -> None:
    case = open_case(line, operator)
    steps, users = NextStep.objects.count(), User.objects.count()
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        book(case, operator, slot, consented=False)
    assert refused.value.code == "consent_required"
    assert "must agree" in str(refused.value)
    client = login(operator)
    response = client.post(
        case_url(case, "book"), {"slot": slot.public_id, "phone": NUMBER, "handover": HANDOVER}
    )
    assert response.status_code == 302
    shown = client.get(case_url(case)).content.decode()
    assert "The caller must agree to the booking and the hand-over first." in shown
    assert not Booking.objects.exists()
    assert (NextStep.objects.count(), User.objects.count()) == (steps, users)
    assert not AuditEntry.objects.filter(action__contains="book").exclude(pk__lte=audits).exists()


def test_the_hotline_never_shows_session_notes(
    line: Line, operator: User, counsellor_a: User, slot: Slot, login: Login
) -> None:
    case = open_case(line, operator)
    step = book(case, operator, slot)
    booking = Booking.objects.get(public_id=str(step.booking_id))
    counselling_case = appointments.case_open(
        actor=counsellor_a, booking=booking, concern="work_stress"
    )
    note = "咨询师的保密记录不可外传"
    appointments.note_write(actor=counsellor_a, case=counselling_case, body=note)
    page = login(operator).get(case_url(case)).content.decode()
    assert "data-session-status>booked<" in page
    assert note not in page
    # The public read gives a status only, and only for referred bookings.
    assert appointments.referred_bookings_status(public_ids=[booking.public_id]) == {
        booking.public_id: "booked"
    }


def test_a_phone_time_and_a_bad_number_are_refused(
    tree: dict[str, OrgUnit], line: Line, operator: User, counsellor_a: User
) -> None:
    case = open_case(line, operator)
    phone_slot = SlotFactory.create(
        counsellor=counsellor_a, station=tree["station_a1"], mode="phone"
    )
    assert appointments.referral_free_slots(actor=operator) == []
    with pytest.raises(DomainError):
        book(case, operator, phone_slot)
    in_person = SlotFactory.create(
        counsellor=counsellor_a,
        station=tree["station_a1"],
        starts_at=phone_slot.starts_at + timedelta(hours=2),
    )
    with pytest.raises(DomainError) as refused:
        case_book_counselling(
            actor=operator,
            case=case,
            slot_id=in_person.public_id,
            phone="12",
            handover="",
            consented=True,
        )
    assert refused.value.code == "phone_invalid"
    assert not Booking.objects.exists()
