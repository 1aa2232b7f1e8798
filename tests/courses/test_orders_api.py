"""The orders API (scope courses:order): create and track orders for the partner's units."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from courses import services
from courses.models import EventKind, HalfDay, Order, OrderStatus, RoundQuota
from network.models import OrgUnit, PartnerApp, Scope
from tests.courses.conftest import Ordering
from tests.network.factories import PartnerAppFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/courses/orders/"


@pytest.fixture
def app(tree: dict[str, OrgUnit]) -> PartnerApp:
    """A district A union's app, with the ordering scope."""
    return PartnerAppFactory(scopes=[Scope.COURSES_ORDER], unit=tree["district_a"])


def auth(app: PartnerApp) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {app.plain_key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def body(ordering: Ordering, unit: OrgUnit, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "round": str(ordering.round.public_id),
        "unit": str(unit.public_id),
        "first_topic": str(ordering.catalogue.stress.public_id),
        "second_topic": str(ordering.catalogue.parenting.public_id),
        "dates": [
            {"date": "2026-05-12", "half_day": HalfDay.MORNING},
            {"date": "2026-05-14", "half_day": HalfDay.AFTERNOON},
        ],
        "venue": "甲一企业三楼报告厅",
        "venue_capacity": 120,
        "audience_size": 80,
        "key_groups": ["frontline", "gig"],
        "contact_name": "李干事",
        "contact_phone": "139 1234 5678",
    }
    values.update(changes)
    return values


def post(client: Client, app: PartnerApp, data: dict[str, Any], url: str = URL) -> Any:
    return client.post(url, data, content_type="application/json", **auth(app))


def test_a_partner_orders_for_its_unit_and_tracks_it(
    client: Client,
    app: PartnerApp,
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    created = post(client, app, body(ordering, tree["room_a1r"]))
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == OrderStatus.SUBMITTED
    assert [d["date"] for d in data["dates"]] == ["2026-05-12", "2026-05-14"]
    assert [e["kind"] for e in data["timeline"]] == [EventKind.SUBMITTED]
    assert "contact_phone" not in data
    order = Order.objects.get()
    assert order.partner_app == app and order.contact_phone == "+8613912345678"
    for size, topics in (
        (2, [ordering.catalogue.team]),
        (6, [ordering.catalogue.sandplay, ordering.catalogue.parenting]),
    ):
        for unit in ("room_ar", "station_a1"):
            for topic in topics:
                post(
                    client,
                    app,
                    body(ordering, tree[unit], first_topic=str(topic.public_id), second_topic=None),
                )
        with django_assert_max_num_queries(8):
            listed = client.get(URL, **auth(app))
        assert listed.status_code == 200
        assert len(listed.json()["results"]) == size + 1
    one = client.get(f"{URL}{data['id']}/", **auth(app))
    assert one.json()["id"] == data["id"]


@pytest.mark.parametrize(
    ("changes", "code", "text"),
    [
        ({"audience_size": 200}, "order_audience_over_capacity", "does not fit a venue for 120"),
        (
            {
                "dates": [
                    {"date": "2026-03-02", "half_day": "morning"},
                    {"date": "2026-05-14", "half_day": "morning"},
                ]
            },
            "order_date_past",
            "has passed",
        ),
        (
            {"dates": [{"date": "2026-05-12", "half_day": "morning"}]},
            "order_dates_count",
            "Give two or three preferred dates.",
        ),
    ],
)
def test_the_api_refuses_as_the_staff_site_does(
    client: Client,
    app: PartnerApp,
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    changes: dict[str, Any],
    code: str,
    text: str,
) -> None:
    refused = post(client, app, body(ordering, tree["room_a1r"], **changes))
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == code
    assert text in refused.json()["error"]["message"]
    assert not Order.objects.exists()


def test_duplicate_and_over_quota_orders_are_refused_by_the_api(
    client: Client, app: PartnerApp, ordering: Ordering, tree: dict[str, OrgUnit]
) -> None:
    assert post(client, app, body(ordering, tree["room_a1r"])).status_code == 201
    again = post(client, app, body(ordering, tree["room_a1r"]))
    assert again.json()["error"]["code"] == "order_duplicate"
    RoundQuota.objects.create(round=ordering.round, district=tree["district_a"], quota=1)
    over = post(client, app, body(ordering, tree["room_ar"]))
    assert over.json()["error"]["code"] == "order_over_quota"


def test_a_unit_outside_the_apps_reach_is_not_found(
    client: Client,
    app: PartnerApp,
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    centre_admin: User,
) -> None:
    assert post(client, app, body(ordering, tree["station_b1"])).status_code == 404
    theirs = services.order_submit(
        actor=centre_admin,
        unit=tree["station_b1"],
        round=ordering.round,
        data=services.OrderData(
            first_topic=ordering.catalogue.team,
            dates=[services.PreferredDate(d, HalfDay.MORNING) for d in _days()],
            venue="乙一驿站",
            venue_capacity=30,
            audience_size=20,
            contact_name="王",
            contact_phone="+8613900000000",
        ),
    )
    assert client.get(f"{URL}{theirs.public_id}/", **auth(app)).status_code == 404
    assert client.get(URL, **auth(app)).json()["results"] == []


def _days() -> list[Any]:
    from datetime import date

    return [date(2026, 6, 2), date(2026, 6, 3)]


def test_without_the_scope_or_a_key_the_api_refuses(
    client: Client, ordering: Ordering, tree: dict[str, OrgUnit], centre_admin: User
) -> None:
    other = PartnerAppFactory(scopes=[Scope.STATIONS_READ])
    refused = post(client, other, body(ordering, tree["room_a1r"]))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "scope_missing"
    assert client.get(URL).status_code in {401, 403}
    client.force_login(centre_admin)  # a signed-in person is not a partner app
    assert client.get(URL).status_code == 403


def test_the_partner_answers_the_centres_proposal(
    client: Client,
    app: PartnerApp,
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    centre_admin: User,
) -> None:
    from datetime import date

    order_id = post(client, app, body(ordering, tree["room_a1r"])).json()["id"]
    order = Order.objects.get(public_id=order_id)
    services.order_district_approve(actor=centre_admin, order=order)
    services.order_propose(
        actor=centre_admin,
        order=order,
        topic=ordering.catalogue.team,
        day=date(2026, 6, 9),
        half_day=HalfDay.MORNING,
    )
    answered = post(client, app, {"accept": True}, url=f"{URL}{order_id}/proposal/")
    assert answered.status_code == 200
    assert answered.json()["status"] == OrderStatus.APPROVED
    again = post(client, app, {"accept": False}, url=f"{URL}{order_id}/proposal/")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "order_wrong_state"


def test_open_rounds_list_their_topics(client: Client, app: PartnerApp, ordering: Ordering) -> None:
    rounds = client.get("/api/v1/courses/rounds/", **auth(app)).json()
    assert [r["year"] for r in rounds] == [2026]
    assert str(ordering.catalogue.stress.public_id) in rounds[0]["topics"]
