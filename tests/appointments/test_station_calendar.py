"""The station lead's pages: a week's calendar, rooms, utilisation, no identities."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from appointments.models import Booking, BookingStatus, Case, FollowUp, Mode, Room, Slot
from appointments.selectors import station_week
from core import clock
from network.models import OrgUnit, PractitionerProfile
from tests.conftest import make_user
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

# A Monday well in the past: the constructed week.
WEEK = date(2025, 3, 3)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.network_tz())


def slot(
    counsellor: User,
    station: OrgUnit,
    starts_at: datetime,
    *,
    mode: str = Mode.IN_PERSON,
    room: Room | None = None,
    minutes: int = 50,
    withdrawn: bool = False,
) -> Slot:
    return Slot.objects.create(
        counsellor=counsellor,
        station=station,
        mode=mode,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        withdrawn=withdrawn,
    )


def book(s: Slot, worker: User, status: str = BookingStatus.BOOKED, reason: str = "") -> Booking:
    return Booking.objects.create(
        slot=s,
        worker=worker,
        counsellor_id=s.counsellor_id,
        room=s.room,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        status=status,
        reason=reason,
    )


def calendar_url(unit: OrgUnit) -> str:
    return reverse("staff:appointments:station_calendar", args=[unit.pk])


@pytest.fixture
def names(counsellor_a: User, second_counsellor: User) -> None:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师")
    PractitionerProfile.objects.create(user=second_counsellor, display_name="李老师")


def test_utilisation_of_a_constructed_week(
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    counsellor_a: User,
    second_counsellor: User,
    worker: User,
    room: Room,
    names: None,
) -> None:
    station = tree["station_a1"]
    # 王老师: four in-person 50-minute slots in the room on Tuesday.
    tuesday = WEEK + timedelta(days=1)
    s1, s2, s3, s4 = (slot(counsellor_a, station, at(tuesday, 9 + i), room=room) for i in range(4))
    book(s1, worker, BookingStatus.ATTENDED)
    book(s2, worker, BookingStatus.NO_SHOW)
    book(s3, worker, BookingStatus.CANCELLED)  # cancelled: the slot counts as free
    # A withdrawn free slot is no longer offered; a 30-minute phone slot on Friday is.
    slot(counsellor_a, station, at(tuesday, 15), room=room, withdrawn=True)
    friday = WEEK + timedelta(days=4)
    phone = slot(counsellor_a, station, at(friday, 9), mode=Mode.PHONE, minutes=30)
    book(phone, worker)
    # 李老师: two phone slots on Wednesday, one booked.
    wednesday = WEEK + timedelta(days=2)
    w1 = slot(second_counsellor, station, at(wednesday, 9), mode=Mode.PHONE)
    slot(second_counsellor, station, at(wednesday, 10), mode=Mode.PHONE)
    book(w1, worker)
    # Outside the week or the station: not counted.
    slot(counsellor_a, station, at(WEEK + timedelta(days=7), 9), room=room)
    book(slot(counsellor_a, tree["station_b1"], at(tuesday, 16)), worker)
    del s4

    response = login(cadre_a).get(calendar_url(station), {"week": "2025-03-05"})  # a Wednesday
    assert response.status_code == 200
    week = response.context["week"]
    assert week.start == WEEK
    figures = {
        u.label: (u.offered_minutes, u.booked_minutes, u.attended, u.no_show, u.percent)
        for u in week.counsellors
    }
    assert figures == {
        "王老师": (230, 130, 1, 1, 57),
        "李老师": (100, 50, 0, 0, 50),
    }
    rooms = {u.label: (u.offered_minutes, u.booked_minutes, u.percent) for u in week.rooms}
    assert rooms == {room.name: (200, 100, 50)}
    assert (week.total.offered_minutes, week.total.booked_minutes) == (330, 180)
    tuesday_row = week.days[1]
    assert [(name, [e.status for e in entries]) for name, entries in tuesday_row.by_counsellor] == [
        ("王老师", [BookingStatus.ATTENDED, BookingStatus.NO_SHOW])
    ]
    assert [name for name, _ in tuesday_row.by_room] == [room.name]


def test_the_calendar_shows_no_worker_identity_or_reason(
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    counsellor_a: User,
    worker: User,
    room: Room,
    names: None,
) -> None:
    worker.first_name, worker.last_name = "小明", "张"
    worker.save()
    station = tree["station_a1"]
    booked = book(
        slot(counsellor_a, station, at(WEEK + timedelta(days=1), 9), room=room),
        worker,
        reason="family",
    )
    response = login(cadre_a).get(calendar_url(station), {"week": WEEK.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "王老师" in html and "09:00–09:50" in html and room.name in html
    for secret in ("worker@example.com", "小明", "13800001234", str(booked.public_id)):
        assert secret not in html
    assert "family" not in html.lower()
    entry = response.context["week"].days[1].by_counsellor[0][1][0]
    assert not hasattr(entry, "worker") and not hasattr(entry, "reason")


def test_outsiders_get_404_and_lists_stay_in_reach(
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    cadre_b: User,
    centre_admin: User,
    counsellor_a: User,
) -> None:
    station = tree["station_a1"]
    assert login(cadre_b).get(calendar_url(station)).status_code == 404
    assert login(cadre_b).get(calendar_url(tree["district_a"])).status_code == 404
    assert login(counsellor_a).get(calendar_url(station)).status_code == 404
    assert login(counsellor_a).get(reverse("staff:appointments:stations")).status_code == 404
    assert login(cadre_a).get(calendar_url(tree["station_b1"])).status_code == 404
    assert (
        login(cadre_a)
        .get(reverse("staff:appointments:station_calendar", args=[999999]))
        .status_code
        == 404
    )

    listed = login(cadre_a).get(reverse("staff:appointments:stations")).context["units"]
    assert {u.pk for u in listed} == {tree[k].pk for k in ("station_a1", "room_a1r", "room_ar")}
    listed = login(centre_admin).get(reverse("staff:appointments:stations")).context["units"]
    assert tree["station_b1"].pk in {u.pk for u in listed}
    assert login(centre_admin).get(calendar_url(station)).status_code == 200


def test_a_bad_week_falls_back_to_this_week(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    response = login(cadre_a).get(calendar_url(tree["station_a1"]), {"week": "not-a-date"})
    assert response.status_code == 400  # the form says what is wrong; this week is shown
    assert response.context["week"].start == station_week.week_start(clock.today())


def test_pod_usage_and_overdue_followups_of_the_station(
    monkeypatch: pytest.MonkeyPatch,
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    counsellor_a: User,
    worker: User,
    names: None,
) -> None:
    station = tree["station_a1"]
    calls: list[dict[str, Any]] = []

    def usage(**kwargs: Any) -> dict[int, dict[str, int]]:
        calls.append(kwargs)
        return {station.pk: {"booked": 7, "used": 5, "walk_in": 3, "no_show": 2}}

    monkeypatch.setattr(station_week.pods, "pod_usage", usage)
    here = Case.objects.create(
        worker=worker, counsellor=counsellor_a, station=station, concern="family"
    )
    elsewhere = Case.objects.create(
        worker=worker, counsellor=counsellor_a, station=tree["station_b1"], concern="sleep"
    )
    past = clock.today() - timedelta(days=3)
    for case in (here, elsewhere):
        FollowUp.objects.create(case=case, kind="visit", due_on=past, assigned_to=counsellor_a)
    monkeypatch.setattr(
        station_week.cases,
        "overdue_followups",
        lambda *, viewer: FollowUp.objects.filter(done_at__isnull=True, due_on__lt=clock.today()),
    )
    response = login(cadre_a).get(calendar_url(station), {"week": WEEK.isoformat()})
    week = response.context["week"]
    assert week.pod_usage == {"booked": 7, "used": 5, "walk_in": 3, "no_show": 2}
    assert calls[0]["station_ids"] == [station.pk]
    assert calls[0]["end"] - calls[0]["start"] == timedelta(days=7)
    assert week.overdue_count == 1 and week.overdue[0].case_id == here.pk
    html = response.content.decode()
    assert "1 follow-up is overdue." in html


def _fill(station: OrgUnit, counsellors: list[User], room: Room, n: int) -> None:
    workers = [make_user(f"w{i}@example.com", phone=f"+86139000{i:05d}") for i in range(3)]
    for i in range(n):
        counsellor = counsellors[i % len(counsellors)]
        day = WEEK + timedelta(days=i % 7)
        s = slot(counsellor, station, at(day, 8 + i // 7), room=room if i % 2 else None)
        status = [BookingStatus.BOOKED, BookingStatus.NO_SHOW, BookingStatus.ATTENDED][i % 3]
        if i % 4:
            book(s, workers[i % 3], status)


@pytest.mark.parametrize("size", [4, 60])
def test_the_calendar_has_a_query_budget(
    size: int,
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    counsellor_a: User,
    second_counsellor: User,
    room: Room,
    names: None,
    django_assert_max_num_queries: Any,
) -> None:
    station = tree["station_a1"]
    _fill(station, [counsellor_a, second_counsellor], room, size)
    client = login(cadre_a)
    # session, user, TOTP, unit, memberships, rooms, slots, follow-ups, pods, no-shows
    with django_assert_max_num_queries(10):
        response = client.get(calendar_url(station), {"week": WEEK.isoformat()})
    assert response.status_code == 200
    assert response.context["week"].total.offered_minutes == 50 * size
    with django_assert_max_num_queries(6):
        assert client.get(reverse("staff:appointments:stations")).status_code == 200
