"""The demand view: orders by topic × district × month, as a table and a heat map."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from courses import selectors, services
from courses.models import HalfDay, Order
from courses.services import OrderData, PreferredDate
from network.models import OrgUnit, Role
from tests.courses.conftest import Ordering
from tests.network import factories

pytestmark = pytest.mark.django_db


def dates(month: int) -> list[PreferredDate]:
    return [
        PreferredDate(date(2026, month, 10), HalfDay.MORNING),
        PreferredDate(date(2026, 12, 1), HalfDay.AFTERNOON),  # only the first date counts
    ]


@pytest.fixture
def orders(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
) -> list[Order]:
    cat = ordering.catalogue
    wanted = [
        (tree["room_a1r"], cat.stress, 5),
        (tree["room_ar"], cat.stress, 5),
        (tree["station_a1"], cat.stress, 6),
        (tree["room_a1r"], cat.team, 6),
        (tree["station_b1"], cat.stress, 5),
    ]
    return [
        services.order_submit(
            actor=centre_admin,
            unit=unit,
            round=ordering.round,
            data=order_data(first_topic=topic, second_topic=None, dates=dates(month)),
        )
        for unit, topic, month in wanted
    ]


def test_the_figures_count_each_order_once_by_topic_district_and_month(
    orders: list[Order],
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    centre_admin: User,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        figures = selectors.demand(viewer=centre_admin, round=ordering.round)
    table = {(r.topic.code, r.district.name): r.by_month for r in figures.rows}
    may, june = 4, 5
    assert table[("YL-001", "甲区分中心")][may] == 2
    assert table[("YL-001", "甲区分中心")][june] == 1
    assert table[("YL-001", "乙区分中心")][may] == 1
    assert table[("TD-002", "甲区分中心")][june] == 1
    assert figures.total == 5
    assert figures.month_totals[may] == 3 and figures.month_totals[11] == 0
    assert [t.code for t in figures.topics] == ["YL-001", "TD-002"]  # most wanted first
    assert figures.heat_cells() == [[may, 0, 3], [june, 0, 1], [june, 1, 1]]


def test_a_district_filter_and_a_district_viewer_see_only_their_district(
    orders: list[Order], ordering: Ordering, tree: dict[str, OrgUnit], centre_admin: User
) -> None:
    only_b = selectors.demand(
        viewer=centre_admin, round=ordering.round, district=tree["district_b"]
    )
    assert only_b.total == 1
    seen_by_a = selectors.demand(viewer=ordering.district_admin, round=ordering.round)
    assert seen_by_a.total == 4


def test_the_demand_page_shows_the_table_and_loads_echarts_only_there(
    orders: list[Order],
    ordering: Ordering,
    centre_admin: User,
    client: Client,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    client.force_login(centre_admin)
    url = reverse("staff:courses:demand") + f"?round={ordering.round.public_id}"
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-grand-total>5<" in html
    assert "vendor/echarts/echarts.min.js" in html
    assert 'id="demand-data"' in html
    other = client.get(reverse("staff:courses:order_list"))
    assert "echarts" not in other.content.decode()


def test_the_demand_page_is_the_centres(
    orders: list[Order], ordering: Ordering, client: Client, tree: dict[str, OrgUnit]
) -> None:
    client.force_login(ordering.district_admin)
    assert client.get(reverse("staff:courses:demand")).status_code == 404
    analyst = factories.staff("an@example.com", Role.ANALYST, tree["centre"])
    client.force_login(analyst)
    assert client.get(reverse("staff:courses:demand")).status_code == 404
