"""The "Sessions held" staff page (issue 16): a year's attended one-to-one sessions or pod
uses in the viewer's reach, whose total is the KPI figure of the unit and year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import count
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments.facts import booking_facts, pod_booking_refresh
from appointments.models import Booking, BookingStatus, Mode, Pod, PodBooking, PodBookingStatus
from core import clock
from core import facts as core_facts
from kpis.selectors.figures import figure_for, unit_figures
from network.models import OrgUnit, Role
from tests.appointments.factories import PodFactory, make_booking
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

PAGE = reverse("staff:appointments:sessions")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=clock.network_tz())
_hours = count(1)


@pytest.fixture(autouse=True)
def _june() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=clock.network_tz())


def in_march() -> datetime:
    """A different hour of March 2026 each time: a counsellor's sessions never overlap."""
    return local(2026, 3, 1, 8) + timedelta(hours=next(_hours))


def session(
    counsellor: User,
    station: OrgUnit,
    worker: User,
    *,
    at: datetime | None = None,
    status: str = BookingStatus.ATTENDED,
    mode: str = Mode.IN_PERSON,
) -> Booking:
    """A one-to-one session written directly, with the facts the services record for it."""
    booking = make_booking(
        counsellor, station, worker, starts_at=at or in_march(), status=status, mode=mode
    )
    core_facts.record(booking_facts(booking, booking.slot))
    return booking


def pod_use(
    pod: Pod,
    worker: User | None,
    *,
    at: datetime | None = None,
    status: str = PodBookingStatus.USED,
) -> PodBooking:
    """A pod booking (a walk-in when `worker` is None) with the facts the services record."""
    starts = at or in_march()
    booking = PodBooking.objects.create(
        pod=pod,
        worker=worker,
        walk_in=worker is None,
        status=status,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=15),
    )
    pod_booking_refresh(booking)
    return booking


def page(client: Client, **query: Any) -> Any:
    response = client.get(PAGE, query)
    assert response.status_code == 200
    return response


def total(client: Client, **query: Any) -> int:
    return int(page(client, **query).context["page"].paginator.count)


def stations_listed(client: Client, **query: Any) -> list[str]:
    return [row.station for row in page(client, **query).context["rows"]]


def kpi(unit: OrgUnit, code: str, year: int = 2026) -> Any:
    return figure_for(unit_figures(unit, year), code).actual


@pytest.fixture
def counsellor_b(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("counsellor.b1@example.com", Role.COUNSELLOR, tree["station_b1"])


# --- the total is the KPI figure --------------------------------------------------------------


def test_the_total_is_the_hand_count_and_the_kpi_figure(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    # Ten or more: the KPI figure hides a count of 1 to 9 (people-counts).
    held = [session(counsellor_a, tree["station_a1"], worker) for _ in range(8)]
    held += [session(counsellor_a, tree["room_a1r"], worker, mode=Mode.PHONE) for _ in range(3)]
    held += [session(counsellor_a, tree["room_ar"], worker, mode=Mode.ONLINE)]
    for status in (BookingStatus.CANCELLED, BookingStatus.NO_SHOW, BookingStatus.BOOKED):
        session(counsellor_a, tree["station_a1"], worker, status=status)
    session(counsellor_a, tree["station_a1"], worker, at=local(2025, 11, 3, 10))
    client = login(cadre_a)
    unit = tree["district_a"].public_id
    assert len(held) == 12
    assert total(client, unit=unit, year=2026) == 12
    assert kpi(tree["district_a"], "counselling_sessions") == 12
    assert total(client) == 12  # the current year, the whole reach
    page_html = page(client, unit=unit, year=2026).content.decode()
    assert 'data-total="12"' in page_html


def test_the_pod_total_is_the_hand_count_and_the_kpi_figure(
    login: Login, cadre_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    pod = PodFactory.create(station=tree["station_a1"], name="情绪调节舱一号")
    room = PodFactory.create(station=tree["room_a1r"], name="放松室")
    for _ in range(6):
        pod_use(pod, worker)
    for _ in range(4):
        pod_use(room, None)  # walk-ins count too
    for status in (PodBookingStatus.NO_SHOW, PodBookingStatus.CANCELLED, PodBookingStatus.BOOKED):
        pod_use(pod, worker, status=status)
    client = login(cadre_a)
    unit = tree["district_a"].public_id
    assert total(client, kind="pod", unit=unit, year=2026) == 10
    assert kpi(tree["district_a"], "pod_sessions") == 10
    assert total(client, unit=unit, year=2026) == 0  # no one-to-one session


def test_cancelled_no_show_and_still_booked_sessions_are_not_listed(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    attended = session(counsellor_a, tree["station_a1"], worker)
    for status in (BookingStatus.CANCELLED, BookingStatus.NO_SHOW, BookingStatus.BOOKED):
        session(counsellor_a, tree["station_a1"], worker, status=status)
    rows = page(login(cadre_a)).context["rows"]
    assert [row.starts_at for row in rows] == [attended.starts_at]


# --- filters ----------------------------------------------------------------------------------


def test_a_station_outside_the_chosen_subtree_is_excluded(
    login: Login,
    city_admin: User,
    counsellor_a: User,
    counsellor_b: User,
    worker: User,
    tree: dict[str, OrgUnit],
) -> None:
    session(counsellor_a, tree["station_a1"], worker)
    session(counsellor_a, tree["room_a1r"], worker)
    session(counsellor_a, tree["room_ar"], worker)
    session(counsellor_b, tree["station_b1"], worker)
    client = login(city_admin)
    assert sorted(stations_listed(client, unit=tree["station_a1"].public_id)) == [
        "甲一企业服务室",
        "甲一心灵驿站",
    ]
    assert sorted(stations_listed(client, unit=tree["district_a"].public_id)) == [
        "甲一企业服务室",
        "甲一心灵驿站",
        "甲区企业服务室",
    ]
    assert stations_listed(client, unit=tree["district_b"].public_id) == ["乙一心灵驿站"]
    assert total(client) == 4


def test_the_year_is_the_local_day_of_the_session(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    # Both are on 31 December in UTC; in the network's time zone they straddle the new year.
    station = tree["station_a1"]
    new_years_eve = session(counsellor_a, station, worker, at=local(2025, 12, 31, 23, 30))
    new_year = session(counsellor_a, station, worker, at=local(2026, 1, 1, 0, 30))
    client = login(cadre_a)
    assert [r.starts_at for r in page(client, year=2025).context["rows"]] == [
        new_years_eve.starts_at
    ]
    assert [r.starts_at for r in page(client, year=2026).context["rows"]] == [new_year.starts_at]
    # The same day as the KPI fact carries.
    assert booking_facts(new_years_eve, new_years_eve.slot)[0].day.year == 2025
    assert booking_facts(new_year, new_year.slot)[0].day.year == 2026
    html = page(client, year=2025).content.decode()
    assert "2025-12-31" in html and "23:30" in html


def test_the_pod_kind_lists_pod_uses_with_the_pod_and_how_it_was_used(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    pod = PodFactory.create(station=tree["station_a1"], name="一号")
    pod_use(pod, worker, at=local(2026, 3, 2, 9))
    pod_use(pod, None, at=local(2026, 3, 2, 10))
    session(counsellor_a, tree["station_a1"], worker)
    client = login(cadre_a)
    rows = page(client, kind="pod").context["rows"]
    assert [(r.station, r.provider, r.mode) for r in rows] == [
        ("甲一心灵驿站", "一号 · emotion-regulation pod", "walk-in"),
        ("甲一心灵驿站", "一号 · emotion-regulation pod", "booked ahead"),
    ]
    assert all(row.booking_id is None for row in rows)
    assert total(client, kind="nonsense") == 1  # an unknown kind is counselling


# --- who sees what ----------------------------------------------------------------------------


def test_a_district_cadre_does_not_see_another_districts_sessions(
    login: Login,
    cadre_b: User,
    counsellor_a: User,
    counsellor_b: User,
    worker: User,
    tree: dict[str, OrgUnit],
) -> None:
    session(counsellor_a, tree["station_a1"], worker)
    session(counsellor_a, tree["room_ar"], worker)
    session(counsellor_b, tree["station_b1"], worker)
    client = login(cadre_b)
    assert stations_listed(client) == ["乙一心灵驿站"]
    # District A is not a unit cadre B may choose: no filter, still only district B.
    assert stations_listed(client, unit=tree["district_a"].public_id) == ["乙一心灵驿站"]
    choices = dict(page(client).context["form"].fields["unit"].choices)
    assert str(tree["district_a"].public_id) not in choices
    assert str(tree["station_b1"].public_id) in choices


@pytest.mark.parametrize("persona", ["counsellor_a", "analyst"])
def test_staff_without_the_schedule_permission_get_404(
    persona: str, login: Login, request: pytest.FixtureRequest
) -> None:
    assert login(request.getfixturevalue(persona)).get(PAGE).status_code == 404


def test_no_worker_identity_and_links_only_to_the_viewers_own_bookings(
    login: Login,
    counsellor_a: User,
    worker: User,
    tree: dict[str, OrgUnit],
) -> None:
    # A counsellor who also leads the station: their own session links to its booking page
    # (which opens only for its counsellor); a colleague's does not.
    factories.MembershipFactory.create(
        user=counsellor_a, unit=tree["station_a1"], role=Role.UNIT_ADMIN
    )
    colleague = factories.staff("colleague@example.com", Role.COUNSELLOR, tree["station_a1"])
    own = session(counsellor_a, tree["station_a1"], worker)
    other = session(colleague, tree["station_a1"], worker)
    Booking.objects.filter(pk__in=[own.pk, other.pk]).update(reason="family")
    html = page(login(counsellor_a)).content.decode()
    assert reverse("staff:appointments:booking", args=[own.public_id]) in html
    assert reverse("staff:appointments:booking", args=[other.public_id]) not in html
    for secret in (worker.email, worker.phone, "family"):
        assert str(secret) not in html


def test_bad_parameters_are_no_filter_not_an_error(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    session(counsellor_a, tree["station_a1"], worker)
    client = login(cadre_a)
    for query in (
        {"unit": "not-a-uuid"},
        {"unit": "00000000-0000-0000-0000-000000000000"},
        {"year": "abc"},
        {"year": "99999"},
        {"year": "1999"},
        {"year": "-1"},
        {"kind": "pod'; --", "page": "abc"},
        {"page": "99"},
    ):
        response = page(client, **query)
        assert response.context["year"] == 2026
    assert total(client, unit="not-a-uuid", year="abc") == 1


# --- the page itself --------------------------------------------------------------------------


def test_the_page_in_chinese(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    for _ in range(3):
        session(counsellor_a, tree["station_a1"], worker)
    pod_use(PodFactory.create(station=tree["station_a1"]), None)
    client = login(cadre_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    html = page(client).content.decode()
    for text in ("已开展的咨询与使用记录", "共 3 次", "咨询方式", "面谈", "一对一咨询", "年度"):
        assert text in html
    assert "Sessions held" not in html
    pods = page(client, kind="pod").content.decode()
    assert "情绪调节舱或放松室" in pods and "现场使用" in pods and "共 1 次" in pods


def test_the_staff_navigation_and_the_station_calendars_link_to_the_page(
    login: Login, cadre_a: User, counsellor_a: User
) -> None:
    link = f'href="{PAGE}"'
    client = login(cadre_a)
    assert link in client.get(reverse("staff:home")).content.decode()
    assert link in client.get(reverse("staff:appointments:stations")).content.decode()
    assert link not in login(counsellor_a).get(reverse("staff:home")).content.decode()


def test_a_page_holds_fifty_sessions(
    login: Login, cadre_a: User, counsellor_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    for _ in range(51):
        session(counsellor_a, tree["station_a1"], worker)
    client = login(cadre_a)
    first = page(client)
    assert (len(first.context["rows"]), first.context["page"].paginator.count) == (50, 51)
    assert len(page(client, page=2).context["rows"]) == 1


# Session, user, TOTP check, memberships, the unit choices, the chosen unit's path, the count
# and the page of rows (counsellors, profiles, slots, stations and pods joined).
BUDGET = 8


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("kind", ["counselling", "pod"])
def test_the_query_count_does_not_grow_with_the_rows(
    size: int,
    kind: str,
    login: Login,
    cadre_a: User,
    worker: User,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Any,
) -> None:
    pod = PodFactory.create(station=tree["station_a1"])
    for n in range(size):
        counsellor = factories.staff(f"c{n}@example.com", Role.COUNSELLOR, tree["station_a1"])
        factories.PractitionerProfileFactory.create(user=counsellor)
        session(counsellor, tree["station_a1"], worker, mode=list(Mode)[n % 3])
        pod_use(pod, worker if n % 2 else None)
    client = login(cadre_a)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(PAGE, {"kind": kind, "unit": tree["district_a"].public_id})
    assert response.context["page"].paginator.count == size
