"""The audit log shows a worker's identity in entries about their care only to those who
already see the worker there; everyone else reads a stable pseudonym, and sentences."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from appointments import services
from appointments.models import Booking, Slot
from network import audit
from network.audit_display import audit_rows, worker_pseudonym
from network.audit_sentences import sentence
from network.models import AuditEntry, Membership, OrgUnit, Role
from tests.appointments.factories import weekly_rule
from tests.conftest import make_user
from tests.network import factories
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

AUDIT = reverse("staff:network:audit")
ADMIN_AUDIT = reverse("admin:network_auditentry_changelist")


def book(worker: User, counsellor: User, station: OrgUnit) -> Booking:
    weekly_rule(counsellor, station, weekday=2)
    services.slots_regenerate(counsellor_id=counsellor.pk)
    slot = Slot.objects.filter(counsellor=counsellor).order_by("starts_at").last()
    assert slot is not None
    return services.booking_create(actor=worker, worker=worker, slot=slot)


@pytest.fixture
def booked(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Booking:
    booking = book(worker, counsellor_a, tree["station_a1"])
    services.booking_cancel(actor=worker, booking=booking)
    return booking


@pytest.fixture
def booked_in_b(tree: dict[str, OrgUnit], worker: User) -> Booking:
    counsellor_b = factories.staff("counsellor.b1@example.com", Role.COUNSELLOR, tree["station_b1"])
    return book(worker, counsellor_b, tree["station_b1"])


def page(client: Client) -> str:
    response = client.get(AUDIT)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.HOTLINE_SUPERVISOR])
def test_a_station_lead_and_the_hotline_lead_see_a_pseudonym(
    login: Login, tree: dict[str, OrgUnit], booked: Booking, worker: User, role: str
) -> None:
    unit = tree["station_a1"] if role == Role.UNIT_ADMIN else tree["centre"]
    viewer = factories.staff(f"{role}@example.com", role, unit)
    html = page(login(viewer))
    assert "worker@example.com" not in html
    assert html.count(worker_pseudonym(worker.pk)) == 2  # booked, then cancelled: one worker
    assert "Booked a counselling session (in person)" in html
    assert "Cancelled a counselling booking" in html


def test_another_districts_admin_sees_a_pseudonym(
    login: Login, cadre_b: User, booked_in_b: Booking, worker: User
) -> None:
    html = page(login(cadre_b))
    assert "worker@example.com" not in html
    assert worker_pseudonym(worker.pk) in html


def test_the_admin_changelist_shows_the_pseudonym_too(
    login: Login, tree: dict[str, OrgUnit], booked: Booking, worker: User
) -> None:
    lead = factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    client = login(lead)
    html = client.get(ADMIN_AUDIT).content.decode()
    assert "worker@example.com" not in html and worker_pseudonym(worker.pk) in html
    entry = AuditEntry.objects.get(action="appointments.booking.created")
    detail = client.get(reverse("admin:network_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert "worker@example.com" not in detail.content.decode()


def test_the_bookings_counsellor_sees_the_worker(
    login: Login, tree: dict[str, OrgUnit], counsellor_a: User, booked: Booking
) -> None:
    # A counsellor who also leads the station may open the page: there they see their worker.
    Membership.objects.create(user=counsellor_a, role=Role.UNIT_ADMIN, unit=tree["station_a1"])
    html = page(login(counsellor_a))
    assert "worker@example.com" in html


def test_the_clinical_supervisor_sees_the_worker_and_others_do_not(
    tree: dict[str, OrgUnit], counsellor_a: User, booked: Booking, booked_in_b: Booking
) -> None:
    supervisor = factories.staff("sup@example.com", Role.CLINICAL_SUPERVISOR, tree["district_a"])
    entries = list(AuditEntry.objects.filter(action="appointments.booking.created"))
    shown = {row.entry.unit_path: row.who for row in audit_rows(supervisor, entries)}
    assert shown[tree["station_a1"].path] == "worker@example.com"
    assert shown[tree["station_b1"].path].startswith("worker #")  # outside the supervisor's reach
    by_counsellor = {row.entry.unit_path: row.who for row in audit_rows(counsellor_a, entries)}
    assert by_counsellor[tree["station_a1"].path] == "worker@example.com"
    assert by_counsellor[tree["station_b1"].path].startswith("worker #")


def test_staff_acting_keep_their_name_and_a_staff_member_booking_for_themselves_does_not(
    tree: dict[str, OrgUnit], counsellor_a: User, cadre_a: User
) -> None:
    lead = factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    booking = book(lead, counsellor_a, tree["station_a1"])
    services.booking_cancel(actor=counsellor_a, booking=booking)
    rows = audit_rows(cadre_a, list(AuditEntry.objects.filter(target_id=str(booking.pk))))
    by_action = {row.entry.action: row.who for row in rows}
    assert by_action["appointments.booking.created"] == worker_pseudonym(lead.pk)
    assert by_action["appointments.booking.cancelled"] == "counsellor.a@example.com"


def test_the_pseudonym_is_stable_and_differs_between_workers(db: None) -> None:
    other = make_user("other@example.com")
    assert worker_pseudonym(other.pk) == worker_pseudonym(other.pk)
    assert worker_pseudonym(other.pk) != worker_pseudonym(other.pk + 1)
    assert worker_pseudonym(other.pk).startswith("worker #")


def test_the_actor_filter_never_matches_a_workers_email(
    login: Login, tree: dict[str, OrgUnit], booked: Booking
) -> None:
    lead = factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    response = login(lead).get(AUDIT, {"actor": "worker@"})
    assert list(response.context["page"].object_list) == []


def test_sentences_render_in_chinese(
    client: Client, tree: dict[str, OrgUnit], booked: Booking
) -> None:
    lead = factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    client.force_login(lead)
    html = client.get(AUDIT, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "预约了咨询（面谈）" in html
    assert "取消了咨询预约" in html
    assert "appointments.booking.created" in html  # the code stays, small, for the curious


def test_unknown_codes_fall_back_readably(tree: dict[str, OrgUnit], cadre_a: User) -> None:
    entry = audit.record(
        actor=cadre_a,
        action="appointments.pod_booking.teleported",
        unit=tree["station_a1"],
        details={"mode": "phone", "seats": 2},
    )
    with translation.override("en"):
        assert sentence(entry) == "pod booking: teleported (mode: by phone; seats: 2)"
    with translation.override("zh-hans"):
        assert "电话" in sentence(entry)
