"""Pages with personal data are never stored by a cache (`Cache-Control: private, no-store`),
and an anonymous visitor's session lasts hours while a signed-in one keeps its length."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Booking, Slot
from appointments.notifications import links
from assessments import access
from assessments import services as assessment_services
from network.models import OrgUnit, Role
from tests.appointments.factories import weekly_rule
from tests.assessments.portal import take
from tests.conftest import PASSWORD
from tests.network import factories

pytestmark = pytest.mark.django_db


def uncached(response: object) -> bool:
    parts = {p.strip() for p in response["Cache-Control"].split(",")}  # type: ignore[index]
    return {"private", "no-store"} <= parts


@pytest.fixture
def booking(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Booking:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = Slot.objects.filter(counsellor=counsellor_a).order_by("starts_at").last()
    assert slot is not None
    return services.booking_create(actor=worker, worker=worker, slot=slot)


def test_booking_pages_and_calendar_files_are_not_stored(
    client: Client, worker: User, booking: Booking
) -> None:
    token = links.manage_token(booking)
    anonymous = [
        reverse("appointments:manage", args=[token]),
        reverse("appointments:manage_ics", args=[token]),
        reverse("appointments:manage_done"),
    ]
    for url in anonymous:
        response = client.get(url)
        assert response.status_code == 200 and uncached(response), url
    client.force_login(worker)
    mine = [
        reverse("appointments:mine"),
        reverse("appointments:confirmation", args=[booking.public_id]),
        reverse("appointments:booking_ics", args=[booking.public_id]),
        reverse("appointments:book", args=[booking.slot.public_id]),
    ]
    for url in mine:
        response = client.get(url)
        assert response.status_code in {200, 409} and uncached(response), url


def test_result_and_report_pages_are_not_stored(client: Client) -> None:
    assessment_services.instrument_load_files()
    submission, _code = assessment_services.submission_create(
        actor=None, instrument_code="phq9", answers=[0] * 9, language="en"
    )
    client.cookies[access.COOKIE_NAME] = access.encode(
        access.ResultPass(ids=[str(submission.public_id)])
    )
    result = client.get(reverse("assessments:result", args=[submission.public_id]))
    assert result.status_code == 200 and uncached(result)
    asked = client.post(reverse("assessments:report_request", args=[submission.public_id]))
    assert uncached(asked)


@pytest.mark.parametrize(
    "url", ["/staff/", "/staff/network/audit/", "/admin/", "/admin/network/auditentry/"]
)
def test_every_staff_page_is_not_stored(client: Client, tree: dict[str, OrgUnit], url: str) -> None:
    client.force_login(factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["district_a"]))
    response = client.get(url)
    assert response.status_code == 200 and uncached(response)


def test_other_pages_for_a_signed_in_worker_are_private(client: Client, worker: User) -> None:
    client.force_login(worker)
    assert "private" in client.get("/")["Cache-Control"]


def session_age(client: Client) -> int:
    row = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    return round((row.expire_date - timezone.now()).total_seconds())


def test_an_anonymous_session_lasts_hours_and_signing_in_gives_the_usual_length(
    client: Client, worker: User
) -> None:
    assessment_services.instrument_load_files()
    client.post(reverse("assessments:take", kwargs={"key": "phq9"}))  # a flow in the session
    hours = settings.ANONYMOUS_SESSION_HOURS * 3600
    assert settings.ANONYMOUS_SESSION_HOURS <= 12
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == hours
    assert abs(session_age(client) - hours) < 60

    response = client.post(
        reverse("account_login"), {"login": "worker@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert abs(session_age(client) - settings.SESSION_COOKIE_AGE) < 60


def test_an_anonymous_visit_that_keeps_nothing_is_forgotten_at_once(client: Client) -> None:
    # Given a worker who started a questionnaire (a flow in the session)
    assessment_services.instrument_load_files()
    client.post(reverse("assessments:take", kwargs={"key": "phq9"}))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()

    # When they finish it
    answers = {"phq9": [1] * 9}
    result = take(client, "phq9", answers)["Location"]

    # Then the session's row is gone, its cookie cleared, and the result page reads no session
    assert not Session.objects.filter(session_key=key).exists()
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == ""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(result)
    assert page.status_code == 200 and "PHQ-9" in page.content.decode()
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_a_session_still_holding_something_is_kept(client: Client) -> None:
    assessment_services.instrument_load_files()
    client.post(reverse("assessments:take", kwargs={"key": "phq9"}))
    client.post(reverse("assessments:take", kwargs={"key": "gad7"}))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    take(client, "phq9", {"phq9": [1] * 9})  # GAD-7 is still in progress
    session = Session.objects.get(session_key=key)
    assert "assessments.flows" in session.get_decoded()
    assert abs(session_age(client) - settings.ANONYMOUS_SESSION_HOURS * 3600) < 60
