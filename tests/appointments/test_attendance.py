"""Attendance, meeting links and the number to call: only the booking's counsellor acts."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.api.serializers import BookingSerializer
from appointments.models import Booking, BookingStatus, Case, Mode
from appointments.notifications import bookings
from core import clock, sms
from core.errors import Conflict, NotFound
from network.models import AuditEntry, OrgUnit, PractitionerProfile
from tests.appointments.factories import make_booking
from tests.conftest import make_user
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

PHONE = "+8613800001234"


def url(name: str, booking: Booking) -> str:
    return reverse(f"staff:appointments:{name}", args=[booking.public_id])


@pytest.fixture
def started(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Booking:
    """A session that started ten minutes ago."""
    return make_booking(
        counsellor_a,
        tree["station_a1"],
        worker,
        starts_at=timezone.now() - timedelta(minutes=10),
    )


# --- check-in and no-show ----------------------------------------------------------------


def test_the_counsellor_checks_the_worker_in(
    login: Login, counsellor_a: User, started: Booking
) -> None:
    response = login(counsellor_a).post(url("booking_check_in", started))
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == BookingStatus.ATTENDED
    assert started.checked_in_at is not None
    assert started.marked_by == counsellor_a
    entry = AuditEntry.objects.get(action="appointments.booking.attended")
    assert entry.actor == counsellor_a and entry.target_id == str(started.pk)


@pytest.mark.parametrize("persona", ["second_counsellor", "cadre_a", "cadre_b", "centre_admin"])
def test_no_one_else_can_mark_attendance(
    login: Login, persona: str, started: Booking, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    client = login(user)
    assert client.post(url("booking_check_in", started)).status_code == 404
    assert client.post(url("booking_no_show", started)).status_code == 404
    assert client.get(url("booking", started)).status_code == 404
    with pytest.raises(NotFound):
        services.booking_check_in(actor=user, booking=started)
    started.refresh_from_db()
    assert started.status == BookingStatus.BOOKED
    assert not AuditEntry.objects.filter(action__startswith="appointments.booking.").exists()


def test_no_show_is_refused_before_the_start(
    login: Login, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    later = make_booking(
        counsellor_a, tree["station_a1"], worker, starts_at=timezone.now() + timedelta(hours=2)
    )
    with pytest.raises(services.AttendanceRefused):
        services.booking_mark_no_show(actor=counsellor_a, booking=later)
    response = login(counsellor_a).post(url("booking_no_show", later), follow=True)
    assert "only after its start time" in response.content.decode()
    later.refresh_from_db()
    assert later.status == BookingStatus.BOOKED
    # Too early for a check-in as well (more than an hour before).
    with pytest.raises(services.AttendanceRefused):
        services.booking_check_in(actor=counsellor_a, booking=later)


def test_no_show_after_the_start_is_recorded_and_can_be_corrected(
    login: Login, counsellor_a: User, started: Booking
) -> None:
    client = login(counsellor_a)
    assert client.post(url("booking_no_show", started)).status_code == 302
    started.refresh_from_db()
    assert started.status == BookingStatus.NO_SHOW and started.marked_by == counsellor_a
    assert AuditEntry.objects.filter(action="appointments.booking.no_show").count() == 1
    # The worker turns up late: the counsellor checks them in after all.
    client.post(url("booking_check_in", started))
    started.refresh_from_db()
    assert started.status == BookingStatus.ATTENDED


def test_a_cancelled_booking_cannot_be_marked(counsellor_a: User, started: Booking) -> None:
    started.status = BookingStatus.CANCELLED
    started.save()
    with pytest.raises(Conflict):
        services.booking_check_in(actor=counsellor_a, booking=started)


def test_marking_the_last_session_of_a_case_gives_the_case_a_next_step(
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    started: Booking,
) -> None:
    case = Case.objects.create(
        worker=worker, counsellor=counsellor_a, station=tree["station_a1"], concern="family"
    )
    started.case = case
    started.save()
    assert not case.followups.exists()
    services.booking_mark_no_show(actor=counsellor_a, booking=started)
    followup = case.followups.get()
    assert followup.done_at is None
    assert followup.assigned_to == counsellor_a
    assert followup.due_on >= clock.today()


# --- repeated no-shows on the station page ------------------------------------------------


def test_repeated_no_shows_are_flagged_to_the_station_with_a_masked_handle(
    login: Login, tree: dict[str, OrgUnit], counsellor_a: User, worker: User, cadre_a: User
) -> None:
    once = make_user("once@example.com", phone="+8613900005678", phone_verified=True)
    now = timezone.now()
    for days in (3, 10):
        make_booking(
            counsellor_a,
            tree["station_a1"],
            worker,
            starts_at=now - timedelta(days=days),
            status=BookingStatus.NO_SHOW,
        )
    make_booking(
        counsellor_a,
        tree["station_a1"],
        once,
        starts_at=now - timedelta(days=4),
        status=BookingStatus.NO_SHOW,
    )
    # Outside the window: does not count.
    make_booking(
        counsellor_a,
        tree["station_a1"],
        once,
        starts_at=now - timedelta(days=400),
        status=BookingStatus.NO_SHOW,
    )
    response = login(cadre_a).get(
        reverse("staff:appointments:station_calendar", args=[tree["station_a1"].pk])
    )
    html = response.content.decode()
    flagged = response.context["week"].repeated_no_shows
    assert [(row.masked, row.count) for row in flagged] == [("•••• 1234", 2)]
    assert "•••• 1234" in html
    assert "5678" not in html  # below the threshold
    assert PHONE not in html and "worker@example.com" not in html


def test_the_threshold_follows_the_setting(
    settings: Any, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    from appointments.selectors.station_week import repeated_no_shows

    make_booking(
        counsellor_a,
        tree["station_a1"],
        worker,
        starts_at=timezone.now() - timedelta(days=2),
        status=BookingStatus.NO_SHOW,
    )
    assert repeated_no_shows(station_ids=[tree["station_a1"].pk]) == []
    settings.APPOINTMENT_NO_SHOW_FLAG = 1
    assert [r.count for r in repeated_no_shows(station_ids=[tree["station_a1"].pk])] == [1]
    assert repeated_no_shows(station_ids=[tree["station_b1"].pk]) == []


# --- meeting links -------------------------------------------------------------------------


def test_a_meeting_link_is_for_online_sessions_only(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    in_person = make_booking(
        counsellor_a, tree["station_a1"], worker, starts_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(services.AttendanceRefused) as refused:
        services.booking_meeting_link_set(
            actor=counsellor_a, booking=in_person, link="https://meet.example.com/abc"
        )
    assert refused.value.code == "not_online"
    in_person.refresh_from_db()
    assert in_person.meeting_link == ""


def test_the_worker_gets_the_meeting_link_and_sees_it_on_the_confirmation_page(
    login: Login,
    client: Client,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    online = make_booking(
        counsellor_a,
        tree["station_a1"],
        worker,
        starts_at=timezone.now() + timedelta(days=1),
        mode=Mode.ONLINE,
    )
    link = "https://meet.example.com/room-42"
    with django_capture_on_commit_callbacks(execute=True):
        response = login(counsellor_a).post(url("booking_meeting_link", online), {"link": link})
    assert response.status_code == 302
    online.refresh_from_db()
    assert online.meeting_link == link
    assert any(link in message.text for message in sms.outbox)
    entry = AuditEntry.objects.get(action="appointments.booking.meeting_link_set")
    assert entry.details == {"host": "meet.example.com"}
    # Reminders carry it too.
    _subject, body = bookings._texts(online, "reminder_day", "https://x/manage/")
    assert link in body

    client.force_login(worker)
    page = client.get(reverse("appointments:confirmation", args=[online.public_id]))
    assert link in page.content.decode()


def test_a_meeting_link_must_be_https(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    online = make_booking(
        counsellor_a,
        tree["station_a1"],
        worker,
        starts_at=timezone.now() + timedelta(days=1),
        mode=Mode.ONLINE,
    )
    with pytest.raises(services.AttendanceRefused):
        services.booking_meeting_link_set(
            actor=counsellor_a, booking=online, link="javascript:alert(1)"
        )
    with pytest.raises(NotFound):
        services.booking_meeting_link_set(
            actor=worker, booking=online, link="https://meet.example.com/x"
        )


# --- the number to call --------------------------------------------------------------------


@pytest.fixture
def phone_booking(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Booking:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    return make_booking(
        counsellor_a,
        tree["station_a1"],
        worker,
        starts_at=timezone.now() + timedelta(hours=3),
        mode=Mode.PHONE,
        reason="family",
    )


def test_the_counsellor_sees_the_number_on_the_booking_page_and_the_read_is_audited(
    login: Login, counsellor_a: User, phone_booking: Booking
) -> None:
    response = login(counsellor_a).get(url("booking", phone_booking))
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="appointments.booking.phone_viewed")
    assert entry.actor == counsellor_a and entry.target_id == str(phone_booking.pk)
    assert PHONE not in json.dumps(entry.details) and "1234" not in json.dumps(entry.details)


def test_the_number_is_nowhere_else(
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    cadre_a: User,
    second_counsellor: User,
    worker: User,
    phone_booking: Booking,
) -> None:
    client = login(counsellor_a)
    day = client.get(reverse("staff:appointments:day")).content.decode()
    assert str(phone_booking.public_id) in day
    assert PHONE not in day and "13800001234" not in day
    # Not for an in-person booking either.
    in_person = make_booking(
        counsellor_a, tree["station_a1"], worker, starts_at=timezone.now() + timedelta(hours=5)
    )
    assert PHONE not in client.get(url("booking", in_person)).content.decode()
    with pytest.raises(services.AttendanceRefused):
        services.booking_phone_number(actor=counsellor_a, booking=in_person)
    # Not for anyone else, not on the calendar, not in the API.
    with pytest.raises(NotFound):
        services.booking_phone_number(actor=second_counsellor, booking=phone_booking)
    calendar = (
        login(cadre_a)
        .get(
            reverse("staff:appointments:station_calendar", args=[tree["station_a1"].pk]),
            {"week": clock.local(phone_booking.starts_at).date().isoformat()},
        )
        .content.decode()
    )
    assert "王老师" in calendar
    assert PHONE not in calendar and "13800001234" not in calendar
    assert PHONE not in json.dumps(BookingSerializer(phone_booking).data, default=str)
    assert AuditEntry.objects.filter(action="appointments.booking.phone_viewed").count() == 0


# --- the counsellor cancels ------------------------------------------------------------------


def test_the_counsellor_cancels_a_session_and_the_worker_is_told_with_a_rebooking_link(
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    later = make_booking(
        counsellor_a, tree["station_a1"], worker, starts_at=timezone.now() + timedelta(days=2)
    )
    client = login(counsellor_a)
    assert "Cancel the session" in client.get(url("booking", later)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("booking_cancel", later), {"confirm": "yes"})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.status == BookingStatus.CANCELLED
    (message,) = [m for m in sms.outbox if m.purpose == "appointments.cancelled_by_counsellor"]
    assert message.to == worker.phone
    rebook = f"{reverse('appointments:slot_list')}?station={tree['station_a1'].public_id}"
    assert rebook in message.text
    # The link really lists that station's free times.
    page = client.get(rebook)
    assert page.status_code == 200 and page.context["form"].is_valid()


@pytest.mark.parametrize("persona", ["second_counsellor", "cadre_a", "cadre_b"])
def test_no_one_else_cancels_a_counsellors_session(
    login: Login,
    persona: str,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    request: pytest.FixtureRequest,
) -> None:
    later = make_booking(
        counsellor_a, tree["station_a1"], worker, starts_at=timezone.now() + timedelta(days=2)
    )
    response = login(request.getfixturevalue(persona)).post(
        url("booking_cancel", later), {"confirm": "yes"}
    )
    assert response.status_code == 404
    later.refresh_from_db()
    assert later.status == BookingStatus.BOOKED
