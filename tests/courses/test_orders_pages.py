"""Staff pages of ordering: the order form, the list, an order's page with its steps,
the suggestions and the expert's answers; every refusal comes back on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from courses import services
from courses.models import HalfDay, Order, OrderStatus
from courses.services import OrderData
from network.models import OrgUnit, PractitionerProfile, Role
from tests.courses.conftest import Ordering
from tests.network import factories

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form(ordering: Ordering, unit: OrgUnit, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "unit": unit.pk,
        "first_topic": ordering.catalogue.stress.pk,
        "second_topic": ordering.catalogue.parenting.pk,
        "date_1": "2026-05-12",
        "half_day_1": HalfDay.MORNING,
        "date_2": "2026-05-14",
        "half_day_2": HalfDay.AFTERNOON,
        "date_3": "",
        "half_day_3": "",
        "venue": "甲一企业三楼报告厅",
        "venue_capacity": "120",
        "audience_size": "80",
        "key_groups": ["women"],
        "contact_name": "李干事",
        "contact_phone": "13912345678",
    }
    values.update(changes)
    return values


def test_a_room_admin_orders_through_the_form(
    client: Client, ordering: Ordering, tree: dict[str, OrgUnit]
) -> None:
    signed_in(client, ordering.room_admin)
    url = reverse("staff:courses:order_create")
    page = client.get(url)
    assert page.status_code == 200
    units = page.context["form"].fields["unit"].queryset
    assert list(units) == [tree["room_a1r"]]  # only the units the admin reaches
    done = client.post(url, form(ordering, tree["room_a1r"]))
    order = Order.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("staff:courses:order_detail", args=[order.public_id])
    assert order.contact_phone == "+8613912345678" and order.key_groups == ["women"]
    detail = client.get(done["Location"])
    assert "139****5678" in detail.content.decode()  # the phone is shown masked
    assert "+8613912345678" not in detail.content.decode()


def test_a_refusal_is_shown_on_the_form_and_nothing_is_saved(
    client: Client, ordering: Ordering, tree: dict[str, OrgUnit]
) -> None:
    signed_in(client, ordering.room_admin)
    page = client.post(
        reverse("staff:courses:order_create"),
        form(ordering, tree["room_a1r"], venue_capacity="50"),
    )
    assert page.status_code == 400
    assert "An audience of 80 does not fit a venue for 50" in page.content.decode()
    assert not Order.objects.exists()


def test_no_open_round_says_so(client: Client, ordering: Ordering) -> None:
    ordering.round.delete()
    signed_in(client, ordering.room_admin)
    page = client.get(reverse("staff:courses:order_create"))
    assert "No ordering round is open" in page.content.decode()


@pytest.fixture
def order(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> Order:
    return services.order_submit(
        actor=ordering.room_admin, unit=tree["room_a1r"], round=ordering.round, data=order_data()
    )


def test_district_and_centre_approve_from_the_order_page(
    client: Client, order: Order, ordering: Ordering, centre_admin: User
) -> None:
    url = reverse("staff:courses:order_detail", args=[order.public_id])
    signed_in(client, ordering.room_admin)
    own = client.get(url).content.decode()
    assert 'data-step="district-approve"' not in own  # the unit does not review its own
    step = reverse("staff:courses:order_step", args=[order.public_id, "district-approve"])
    assert client.post(step).status_code == 403
    signed_in(client, ordering.district_admin)
    assert 'data-step="district-approve"' in client.get(url).content.decode()
    assert client.post(step).status_code == 302
    signed_in(client, centre_admin)
    page = client.get(url)
    choices = page.context["approve_form"].fields["choice"].choices
    approve = reverse("staff:courses:order_step", args=[order.public_id, "approve"])
    assert client.post(approve, {"approve-choice": choices[0][0]}).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    timeline = client.get(url).content.decode()
    assert timeline.count("data-event=") == 3
    assert 'data-step="assign"' in timeline


def test_a_reason_is_required_to_return(client: Client, order: Order, ordering: Ordering) -> None:
    signed_in(client, ordering.district_admin)
    step = reverse("staff:courses:order_step", args=[order.public_id, "return"])
    page = client.post(step, {"return-reason": ""})
    assert page.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_another_districts_cadre_gets_not_found(
    client: Client, order: Order, cadre_b: User
) -> None:
    signed_in(client, cadre_b)
    url = reverse("staff:courses:order_detail", args=[order.public_id])
    assert client.get(url).status_code == 404
    step = reverse("staff:courses:order_step", args=[order.public_id, "district-approve"])
    assert client.post(step).status_code == 404
    assert client.get(reverse("staff:courses:order_list")).context["page"].paginator.count == 0


def test_the_centre_accepts_the_suggestion_in_one_click_and_the_expert_accepts(
    client: Client, order: Order, ordering: Ordering, centre_admin: User
) -> None:
    services.order_district_approve(actor=ordering.district_admin, order=order)
    services.order_approve(actor=centre_admin, order=order)
    signed_in(client, centre_admin)
    url = reverse("staff:courses:order_assign", args=[order.public_id])
    page = client.get(url)
    assert [s.expert.code for s in page.context["suggestions"]] == ["ZJ-001"]
    zheng = ordering.catalogue.zheng
    assert client.post(url, {"expert": str(zheng.public_id)}).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.ASSIGNED
    # Experts sign in to the staff site (staff with TOTP, the expert role).
    expert_user = factories.staff(
        "zheng@example.com", Role.EXPERT, OrgUnit.objects.get(parent__isnull=True)
    )
    PractitionerProfile.objects.filter(pk=zheng.practitioner.pk).update(user=expert_user)
    signed_in(client, expert_user)
    listed = client.get(reverse("staff:courses:assignment_list"))
    assert list(listed.context["orders"]) == [order]
    answer = reverse("staff:courses:assignment_answer", args=[order.public_id, "accept"])
    assert client.post(answer).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED


def test_the_order_list_stays_within_its_query_budget(
    client: Client,
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    signed_in(client, centre_admin)
    url = reverse("staff:courses:order_list")
    topics = [ordering.catalogue.stress, ordering.catalogue.team, ordering.catalogue.sandplay]
    for size, units in ((1, ["room_a1r"]), (6, ["room_ar", "station_a1", "district_a"])):
        for unit in units:
            for topic in topics[: 1 if size == 1 else 2]:
                services.order_submit(
                    actor=centre_admin,
                    unit=tree[unit],
                    round=ordering.round,
                    data=order_data(first_topic=topic, second_topic=None),
                )
        with django_assert_max_num_queries(14):
            page = client.get(url)
        assert page.status_code == 200


def test_rounds_are_opened_by_the_centre_only(
    client: Client, ordering: Ordering, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    url = reverse("staff:courses:round_list")
    signed_in(client, ordering.district_admin)
    assert client.get(url).context["form"] is None
    assert client.post(url, {"year": "2027"}).status_code == 404
    signed_in(client, centre_admin)
    data = {
        "year": "2027",
        "opens_on": "2026-12-01",
        "closes_on": "2027-04-29",
        "all_topics": "on",
        f"quota_{tree['district_a'].pk}": "5",
    }
    assert client.post(url, data).status_code == 302
    from courses.models import Round

    created = Round.objects.get(year=2027)
    assert created.quotas.get().quota == 5
    assert created.topics.count() == 4  # every active topic


def test_the_order_page_stays_within_its_query_budget_as_the_timeline_grows(
    client: Client,
    order: Order,
    ordering: Ordering,
    centre_admin: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    signed_in(client, centre_admin)
    url = reverse("staff:courses:order_detail", args=[order.public_id])
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    services.order_district_approve(actor=ordering.district_admin, order=order)
    services.order_approve(actor=centre_admin, order=order)
    services.order_assign(actor=centre_admin, order=order, expert=ordering.catalogue.zheng)
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert page.content.decode().count("data-event=") == 4
    assert "郑教授" in page.content.decode()
