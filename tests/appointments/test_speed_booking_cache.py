"""/appointments/ from core.public_cache: the form and free times cached per query and minute,
fresh once a slot is booked; the visitor's own links and the waitlist form never cached."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Mode, Slot
from core import clock
from network.models import OrgUnit
from tests.appointments.factories import SlotFactory, weekly_rule
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/appointments/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _slot(counsellor: User, station: OrgUnit, *, hour: int, mode: str = Mode.IN_PERSON) -> Slot:
    starts = datetime.combine(
        clock.today() + timedelta(days=3), time(hour), tzinfo=clock.network_tz()
    )
    return SlotFactory.create(
        counsellor=counsellor,
        station=station,
        mode=mode,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
    )


def _results(html: bytes) -> str:
    text = html.decode()
    return text[text.index('<section class="slot-results"') : text.index("</section>")]


def test_the_second_booking_page_makes_no_query_and_a_booked_time_leaves_it(
    client: Client, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    slots = [_slot(counsellor_a, tree["station_a1"], hour=h) for h in (9, 10)]
    with time_machine.travel(timezone.now(), tick=False):  # within one minute of the cache
        first = client.get(URL, **EN)  # type: ignore[arg-type]
        with CaptureQueriesContext(connection) as queries:
            again = client.get(URL, **EN)  # type: ignore[arg-type]
    assert _results(again.content) == _results(first.content)
    assert _results(first.content).count("Book this time") == 2
    assert len(queries) == 0  # an anonymous visitor: no session, no slot read

    services.booking_create(actor=worker, worker=worker, slot=slots[0])
    assert _results(client.get(URL, **EN).content).count("Book this time") == 1  # type: ignore[arg-type]


def test_the_visitors_links_and_phone_hint_are_their_own(
    client: Client, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    _slot(counsellor_a, tree["station_a1"], hour=9, mode=Mode.PHONE)
    anonymous = client.get(URL, **EN).content.decode()  # type: ignore[arg-type]
    client.force_login(worker)  # a verified mobile number: may book by phone
    signed_in = client.get(URL, **EN).content.decode()  # type: ignore[arg-type]
    client.force_login(make_user("nophone@example.com"))
    no_phone = client.get(URL, **EN).content.decode()  # type: ignore[arg-type]

    assert "My bookings" not in anonymous and "My bookings" in signed_in
    assert "data-phone-needed" in anonymous and "data-phone-needed" in no_phone
    assert "data-phone-needed" not in signed_in


def test_the_waitlist_form_and_its_token_are_rendered_per_request(
    client: Client, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)  # keeps office hours there
    booked_day = clock.today() + timedelta(days=5)
    params = {"station": str(tree["station_a1"].public_id), "date": booked_day.isoformat()}
    anonymous = client.get(URL, params, **EN).content.decode()  # type: ignore[arg-type]
    client.force_login(worker)
    signed_in = client.get(URL, params, **EN).content.decode()  # type: ignore[arg-type]
    assert "Sign in to join the waitlist" in anonymous and "Put me on the waitlist" not in anonymous
    assert "Put me on the waitlist" in signed_in and "Sign in to join" not in signed_in
