"""The booking filters (issue 10): every place that takes bookings is listed, walking
minutes only for in-person sessions, and a station without office hours says so instead
of offering a waitlist that would never move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments import services
from appointments.models import Mode, Pod
from network.models import OrgUnit, PractitionerProfile
from tests.appointments.factories import weekly_rule

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def en(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def pod_at(station: OrgUnit) -> Pod:
    return Pod.objects.create(
        station=station, name="一号", weekdays=list(range(7)), opens_at=time(9), closes_at=time(18)
    )


def listed_stations(client: Client) -> set[str]:
    form = client.get(reverse("appointments:slot_list")).context["form"]
    return {unit.name for unit in form.fields["station"].queryset}


def test_the_station_filter_lists_every_place_that_takes_bookings(
    en: Client, tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    # station A1: a counsellor's membership; station B1: only a pod; room A1r: only office
    # hours kept there; district A and room Ar: nothing to book.
    pod_at(tree["station_b1"])
    weekly_rule(counsellor_a, tree["room_a1r"], weekday=TODAY.weekday())
    assert listed_stations(en) == {"甲一心灵驿站", "乙一心灵驿站", "甲一企业服务室"}


def test_phone_and_online_slots_show_no_walking_minutes(
    en: Client, tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=3, mode=Mode.PHONE)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    page = en.get(reverse("appointments:slot_list"), {"point": "36.07,120.39"})
    assert page.context["near"] and page.context["near"][0].slot.mode == Mode.PHONE
    assert "on foot" not in page.content.decode()

    weekly_rule(counsellor_a, tree["station_a1"], weekday=TODAY.weekday() + 1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    page = en.get(reverse("appointments:slot_list"), {"point": "36.07,120.39"})
    assert page.context["near"][0].slot.mode == Mode.IN_PERSON
    assert "min on foot" in page.content.decode()


def test_a_station_where_no_counsellor_keeps_hours_explains_instead_of_a_waitlist(
    en: Client, tree: dict[str, OrgUnit], worker: User
) -> None:
    station = tree["station_b1"]
    pod_at(station)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    page = en.get(
        reverse("appointments:slot_list"), {"station": str(station.public_id), "date": tomorrow}
    )
    html = page.content.decode()
    assert "data-no-office-hours" in html and "data-waitlist-join" not in html
    assert "No counsellor keeps office hours at 乙一心灵驿站" in html
    assert f"{reverse('appointments:pod_list')}?station={station.public_id}" in html

    with pytest.raises(services.WaitlistRefused) as refused:
        services.waitlist_join(actor=worker, station=station, day=TODAY + timedelta(days=1))
    assert refused.value.code == "waitlist_no_office_hours"


def test_a_station_with_hours_but_no_free_time_offers_its_waitlist_without_a_date(
    en: Client, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    station = tree["station_a1"]
    # Office hours that begin beyond the booking horizon: kept, but nothing free yet.
    weekly_rule(counsellor_a, station, weekday=1, valid_from=TODAY + timedelta(days=60))
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    page = en.get(reverse("appointments:slot_list"), {"station": str(station.public_id)})
    html = page.content.decode()
    assert page.context["slots"] == [] and "data-waitlist-join" in html
    assert f"{reverse('appointments:waitlist_join')}?station={station.public_id}" in html
    entry = services.waitlist_join(actor=worker, station=station, day=TODAY + timedelta(days=2))
    assert entry.station == station
