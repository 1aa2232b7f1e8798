"""Emotion-regulation pods and relaxation rooms: 15-minute bookings, walk-ins, usage."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import (
    Case,
    Pod,
    PodBooking,
    PodBookingStatus,
    PodKind,
    SessionNote,
    WaitlistEntry,
)
from appointments.selectors import pods as pods_selectors
from appointments.selectors import waitlist
from core import clock
from core.errors import NotFound
from network.models import OrgUnit, Role
from tests.conftest import make_user
from tests.network import factories

pytestmark = pytest.mark.django_db

EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


def _tz_today() -> date:
    return clock.today()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.network_tz())


def _pod(station: OrgUnit, name: str = "情绪调节舱", **extra: object) -> Pod:
    values: dict[str, object] = {
        "weekdays": EVERY_DAY,
        "opens_at": time(0),
        "closes_at": time(23, 45),
        "kind": PodKind.POD,
    }
    values.update(extra)
    return Pod.objects.create(station=station, name=name, **values)


@pytest.fixture
def pod(tree: dict[str, OrgUnit]) -> Pod:
    return _pod(tree["station_a1"], opens_at=time(9), closes_at=time(17))


@pytest.fixture
def tomorrow() -> date:
    return _tz_today() + timedelta(days=1)


def _client(client: Client, user: User) -> Client:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _book(client: Client, pod: Pod, moment: datetime) -> str:
    """Post a booking and return the page it lands on (messages included)."""
    response = client.post(
        reverse("appointments:pod_book", args=[pod.public_id]),
        {"starts_at": moment.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


# --- Booking in the portal ----------------------------------------------------------------


def test_a_worker_books_a_free_15_minute_time_without_case_or_notes(
    client: Client, pod: Pod, worker: User, tomorrow: date
) -> None:
    page = client.get(
        reverse("appointments:pod_detail", args=[pod.public_id]),
        {"day": tomorrow.isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "10:15" in page and "16:45" in page and "17:00" not in page.split("Free times")[1]

    html = _book(_client(client, worker), pod, _at(tomorrow, 10, 15))

    booking = PodBooking.objects.get(pod=pod)
    assert booking.worker == worker and booking.status == PodBookingStatus.BOOKED
    assert booking.starts_at == _at(tomorrow, 10, 15)
    assert booking.ends_at - booking.starts_at == timedelta(minutes=15)
    assert "The pod is booked for you" in html and "情绪调节舱" in html
    assert Case.objects.count() == 0 and SessionNote.objects.count() == 0
    assert _at(tomorrow, 10, 15) not in pods_selectors.pod_free_times(pod=pod, day=tomorrow)


def test_the_same_time_again_is_refused_with_a_clear_message(
    client: Client, pod: Pod, worker: User, tomorrow: date
) -> None:
    services.pod_booking_create(
        actor=make_user("first@example.com"), pod=pod, starts_at=_at(tomorrow, 11)
    )
    html = _book(_client(client, worker), pod, _at(tomorrow, 11))
    assert "This time has just been taken. Please choose another one." in html
    assert PodBooking.objects.filter(pod=pod).count() == 1
    with pytest.raises(services.PodTimeTaken) as caught:
        services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, 11))
    assert caught.value.status == 409


@pytest.mark.parametrize(
    ("label", "shift"),
    [
        ("before opening", (8, 45)),
        ("ending after closing", (16, 50)),
        ("off the 15-minute grid", (10, 5)),
        ("at closing", (17, 0)),
    ],
)
def test_times_outside_the_window_are_refused(
    pod: Pod, worker: User, tomorrow: date, label: str, shift: tuple[int, int]
) -> None:
    with pytest.raises(services.PodBookingRefused) as caught:
        services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, *shift))
    assert caught.value.code == "pod_time_invalid", label
    assert not PodBooking.objects.exists()


def test_a_closed_weekday_and_the_past_are_refused(
    client: Client, tree: dict[str, OrgUnit], worker: User, tomorrow: date
) -> None:
    closed = _pod(tree["station_a1"], name="放松室", weekdays=[(tomorrow.weekday() + 1) % 7])
    html = _book(_client(client, worker), closed, _at(tomorrow, 10))
    assert "The pod cannot be booked at that time" in html
    always = _pod(tree["station_a1"], name="全天舱")
    with pytest.raises(services.PodBookingRefused):
        services.pod_booking_create(
            actor=worker, pod=always, starts_at=_at(_tz_today() - timedelta(days=1), 10)
        )
    assert not PodBooking.objects.exists()
    assert tomorrow not in pods_selectors.pod_days(closed)


def test_the_number_of_open_pod_bookings_is_limited(
    client: Client, pod: Pod, worker: User, tomorrow: date, settings: object
) -> None:
    assert settings.POD_MAX_OPEN_BOOKINGS == 2  # type: ignore[attr-defined]
    services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, 9))
    services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, 9, 15))
    html = _book(_client(client, worker), pod, _at(tomorrow, 9, 30))
    assert "You already have 2 open pod bookings" in html
    assert PodBooking.objects.filter(worker=worker).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_workers_racing_pod_requests_never_pass_the_open_pod_bookings_limit(
    pod: Pod, worker: User, tomorrow: date, settings: object, at_once: Any
) -> None:
    """Six requests of one worker for six free times at once: exactly POD_MAX are booked."""
    assert settings.POD_MAX_OPEN_BOOKINGS == 2  # type: ignore[attr-defined]
    times = [_at(tomorrow, 10 + i // 4, 15 * (i % 4)) for i in range(6)]
    results = at_once(
        [
            functools.partial(services.pod_booking_create, actor=worker, pod=pod, starts_at=moment)
            for moment in times
        ]
    )
    outcomes = [
        f"refused:{r.code}" if isinstance(r, services.PodBookingRefused) else "won" for r in results
    ]
    assert sorted(outcomes) == ["refused:pod_limit"] * 4 + ["won"] * 2
    assert PodBooking.objects.filter(worker=worker, status=PodBookingStatus.BOOKED).count() == 2


def test_cancelling_frees_the_time_and_only_the_owner_may(
    client: Client, pod: Pod, worker: User, tomorrow: date
) -> None:
    booking = services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, 12))
    other = _client(client, make_user("other@example.com"))
    url = reverse("appointments:pod_cancel", args=[booking.public_id])
    assert other.post(url, {"confirm": "yes"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == PodBookingStatus.BOOKED

    unconfirmed = _client(client, worker).post(url)
    assert unconfirmed.status_code == 400 and 'name="confirm"' in unconfirmed.content.decode()
    booking.refresh_from_db()
    assert booking.status == PodBookingStatus.BOOKED
    response = _client(client, worker).post(url, {"confirm": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == PodBookingStatus.CANCELLED
    assert _at(tomorrow, 12) in pods_selectors.pod_free_times(pod=pod, day=tomorrow)
    again = services.pod_booking_create(
        actor=make_user("next@example.com"), pod=pod, starts_at=_at(tomorrow, 12)
    )
    assert again.status == PodBookingStatus.BOOKED


def test_pod_bookings_appear_on_my_bookings(
    client: Client, pod: Pod, worker: User, tomorrow: date
) -> None:
    booking = services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, 14, 30))
    html = _client(client, worker).get(reverse("appointments:mine")).content.decode()
    assert f'data-pod-booking="{booking.public_id}"' in html
    assert reverse("appointments:pod_cancel", args=[booking.public_id]) in html


def test_the_pod_list_filters_by_station(
    client: Client, tree: dict[str, OrgUnit], pod: Pod
) -> None:
    other = _pod(tree["station_b1"], name="乙站放松室", kind=PodKind.RELAXATION_ROOM)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("appointments:pod_list")
    html = client.get(url).content.decode()
    assert str(pod.public_id) in html and str(other.public_id) in html
    html = client.get(url, {"station": str(tree["station_b1"].public_id)}).content.decode()
    assert str(pod.public_id) not in html and str(other.public_id) in html
    assert "relaxation room" in html


# --- Staff ---------------------------------------------------------------------------------


@pytest.fixture
def today_booking(pod: Pod, worker: User) -> PodBooking:
    start = _at(_tz_today(), 9)
    return PodBooking.objects.create(
        pod=pod, worker=worker, starts_at=start, ends_at=start + timedelta(minutes=15)
    )


def test_staff_see_todays_bookings_and_mark_used_or_no_show(
    client: Client, cadre_a: User, today_booking: PodBooking
) -> None:
    c = _client(client, cadre_a)
    page = c.get(reverse("staff:appointments:pods"))
    assert page.status_code == 200
    assert f'data-pod-booking="{today_booking.public_id}"' in page.content.decode()
    url = reverse("staff:appointments:pod_mark", args=[today_booking.public_id])

    assert c.post(url, {"status": "used"}).status_code == 302
    today_booking.refresh_from_db()
    assert today_booking.status == PodBookingStatus.USED
    c.post(url, {"status": "no_show"})
    today_booking.refresh_from_db()
    assert today_booking.status == PodBookingStatus.NO_SHOW
    c.post(url, {"status": "cancelled"})
    today_booking.refresh_from_db()
    assert today_booking.status == PodBookingStatus.NO_SHOW


def test_a_future_booking_cannot_be_marked_yet(
    client: Client, cadre_a: User, pod: Pod, worker: User, tomorrow: date
) -> None:
    booking = services.pod_booking_create(actor=worker, pod=pod, starts_at=_at(tomorrow, 9))
    with pytest.raises(services.PodBookingRefused):
        services.pod_booking_mark(actor=cadre_a, booking=booking, status=PodBookingStatus.USED)


def test_an_emotion_regulator_records_a_walk_in(client: Client, tree: dict[str, OrgUnit]) -> None:
    room = _pod(tree["station_a1"], name="放松室", kind=PodKind.RELAXATION_ROOM)
    regulator = factories.staff("regulator@example.com", Role.EMOTION_REGULATOR, tree["station_a1"])
    c = _client(client, regulator)
    response = c.post(reverse("staff:appointments:pod_walk_in", args=[room.public_id]))
    assert response.status_code == 302
    walk_in = PodBooking.objects.get(pod=room)
    assert walk_in.walk_in and walk_in.worker is None
    assert walk_in.status == PodBookingStatus.USED
    # The time under way (the window's last time after it closes).
    assert walk_in.starts_at == pods_selectors.walk_in_times(room)[-1]
    assert walk_in.starts_at <= timezone.now()
    # The same time twice is refused; the message says why.
    page = c.post(
        reverse("staff:appointments:pod_walk_in", args=[room.public_id]), follow=True
    ).content.decode()
    assert "already taken" in page
    assert PodBooking.objects.filter(pod=room).count() == 1


def test_the_outsider_cannot_mark_or_record_and_does_not_see_them(
    client: Client, cadre_b: User, pod: Pod, today_booking: PodBooking
) -> None:
    c = _client(client, cadre_b)
    page = c.get(reverse("staff:appointments:pods")).content.decode()
    assert str(today_booking.public_id) not in page and str(pod.public_id) not in page
    mark = reverse("staff:appointments:pod_mark", args=[today_booking.public_id])
    assert c.post(mark, {"status": "used"}).status_code == 404
    walk_in = reverse("staff:appointments:pod_walk_in", args=[pod.public_id])
    assert c.post(walk_in).status_code == 404
    today_booking.refresh_from_db()
    assert today_booking.status == PodBookingStatus.BOOKED
    assert not PodBooking.objects.filter(walk_in=True).exists()
    with pytest.raises(NotFound):
        services.pod_booking_mark(actor=cadre_b, booking=today_booking, status="used")


def test_a_counsellor_without_the_pod_role_gets_404(
    client: Client, counsellor_a: User, pod: Pod
) -> None:
    assert _client(client, counsellor_a).get(reverse("staff:appointments:pods")).status_code == 404


# --- Usage ---------------------------------------------------------------------------------


def test_pod_usage_counts_each_kind_per_station_in_one_query(
    tree: dict[str, OrgUnit], worker: User, django_assert_num_queries: object
) -> None:
    a1 = _pod(tree["station_a1"])
    a1_room = _pod(tree["station_a1"], name="放松室")
    b1 = _pod(tree["station_b1"])
    day = date(2025, 3, 10)

    def add(p: Pod, hour: int, status: str, *, walk_in: bool = False, day: date = day) -> None:
        start = _at(day, hour)
        PodBooking.objects.create(
            pod=p,
            worker=None if walk_in else worker,
            walk_in=walk_in,
            status=status,
            starts_at=start,
            ends_at=start + timedelta(minutes=15),
        )

    add(a1, 9, PodBookingStatus.BOOKED)
    add(a1, 10, PodBookingStatus.USED)
    add(a1, 11, PodBookingStatus.NO_SHOW)
    add(a1, 12, PodBookingStatus.CANCELLED)
    add(a1_room, 9, PodBookingStatus.USED, walk_in=True)
    add(a1_room, 10, PodBookingStatus.USED, walk_in=True)
    add(b1, 9, PodBookingStatus.USED)
    add(a1, 9, PodBookingStatus.USED, day=date(2025, 4, 1))  # outside the range

    start, end = pods_selectors.month_bounds(day)
    ids = [tree["station_a1"].pk, tree["station_b1"].pk, tree["room_ar"].pk]
    with django_assert_num_queries(1):  # type: ignore[operator]
        usage = pods_selectors.pod_usage(station_ids=iter(ids), start=start, end=end)

    assert usage[tree["station_a1"].pk] == {"booked": 3, "used": 3, "walk_in": 2, "no_show": 1}
    assert usage[tree["station_b1"].pk] == {"booked": 1, "used": 1, "walk_in": 0, "no_show": 0}
    assert usage[tree["room_ar"].pk] == {"booked": 0, "used": 0, "walk_in": 0, "no_show": 0}


def test_the_staff_page_shows_the_months_usage(
    client: Client, cadre_a: User, today_booking: PodBooking
) -> None:
    html = _client(client, cadre_a).get(reverse("staff:appointments:pods")).content.decode()
    assert f'data-usage="{today_booking.pod.station.public_id}"' in html


# --- Query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 8])
def test_the_pod_list_has_a_fixed_query_budget(
    client: Client, tree: dict[str, OrgUnit], size: int, django_assert_max_num_queries: object
) -> None:
    stations = [tree["station_a1"], tree["station_b1"], tree["room_ar"]]
    for n in range(size):
        _pod(stations[n % len(stations)], name=f"舱{n}")
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        response = client.get(reverse("appointments:pod_list"))
    assert response.content.decode().count("data-pod=") == size


@pytest.mark.parametrize("size", [1, 6])
def test_my_bookings_has_a_fixed_query_budget(
    client: Client,
    tree: dict[str, OrgUnit],
    worker: User,
    size: int,
    django_assert_max_num_queries: object,
) -> None:
    pod = _pod(tree["station_a1"])
    station = tree["station_b1"]
    for n in range(size):
        start = _at(_tz_today() + timedelta(days=1 + n), 10)
        PodBooking.objects.create(
            pod=pod, worker=worker, starts_at=start, ends_at=start + timedelta(minutes=15)
        )
        past = _at(_tz_today() - timedelta(days=1 + n), 10)
        PodBooking.objects.create(
            pod=pod,
            worker=worker,
            status=PodBookingStatus.USED,
            starts_at=past,
            ends_at=past + timedelta(minutes=15),
        )
        WaitlistEntry.objects.create(
            worker=worker, station=station, day=_tz_today() + timedelta(days=n)
        )
    c = _client(client, worker)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = c.get(reverse("appointments:mine"))
    html = response.content.decode()
    assert html.count("data-pod-booking=") == 2 * size
    assert html.count("data-waitlist=") == size
    assert len(waitlist.worker_entries(viewer=worker)) == size


def test_the_demo_pods_load_idempotently(tree: dict[str, OrgUnit]) -> None:
    from appointments.demo import pods as pods_demo
    from network.models import Level

    factories.unit("台东心灵驿站", Level.STATION, tree["district_a"])
    pods_demo.load(None)
    pods_demo.load(None)
    names = sorted(Pod.objects.values_list("name", flat=True))
    assert names == sorted(["放松室", "情绪调节舱一号"])
