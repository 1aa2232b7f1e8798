"""Premium courses by month: the portal's "this month" and archive, the staff plan with its
shortfall warnings, and the staff pages refused to everyone but the centre's managers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.errors import PermissionDenied
from learning import selectors, services
from learning.models import ItemStatus, PremiumCourse
from network.models import AuditEntry
from tests.learning.conftest import DURING
from tests.learning.factories import library_item
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_may_2026() -> Iterator[None]:
    with time_machine.travel(DURING, tick=False):
        yield


STAFF_PAGES = ("staff:learning:library_items", "staff:learning:premium")


def test_this_months_page_shows_the_months_courses_in_order(client: Client) -> None:
    first, second, april = (library_item(title=t) for t in ("五月第一课", "五月第二课", "四月课"))
    PremiumCourse.objects.create(year=2026, month=5, item=second, order=2)
    PremiumCourse.objects.create(year=2026, month=5, item=first, order=1)
    PremiumCourse.objects.create(year=2026, month=4, item=april, order=1)
    courses = selectors.premium_this_month(viewer=None)
    assert [c.item.title for c in courses] == ["五月第一课", "五月第二课"]
    page = client.get(reverse("learning:this_month"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert html.index("五月第一课") < html.index("五月第二课") and "四月课" not in html


def test_the_archive_lists_past_months_but_not_future_ones(client: Client) -> None:
    item = library_item(title="课程")
    hidden = library_item(title="已撤下的课", status=ItemStatus.WITHDRAWN)
    for year, month in ((2026, 3), (2026, 5), (2026, 7)):
        PremiumCourse.objects.create(year=year, month=month, item=item, order=1)
    PremiumCourse.objects.create(year=2026, month=3, item=hidden, order=2)
    assert selectors.premium_archive_months(viewer=None) == [(2026, 5), (2026, 3)]
    html = client.get(reverse("learning:archive")).content.decode()
    assert reverse("learning:archive_month", args=[2026, 3]) in html
    assert reverse("learning:archive_month", args=[2026, 7]) not in html
    march = client.get(reverse("learning:archive_month", args=[2026, 3])).content.decode()
    assert "课程" in march and "已撤下的课" not in march
    assert client.get(reverse("learning:archive_month", args=[2026, 7])).status_code == 404
    assert client.get(reverse("learning:archive_month", args=[2026, 13])).status_code == 404


def test_the_plan_warns_for_each_month_short_of_the_planned_number(
    login: Login, centre_admin: User, settings: object
) -> None:
    a, b, c = (library_item(title=t) for t in ("甲", "乙", "丙"))
    services.premium_schedule(actor=centre_admin, year=2026, month=5, item=a)
    services.premium_schedule(actor=centre_admin, year=2026, month=5, item=b)
    services.premium_schedule(actor=centre_admin, year=2026, month=6, item=c)
    plan = selectors.premium_plan(viewer=centre_admin)
    assert [(m.year, m.month, m.scheduled, m.short) for m in plan] == [
        (2026, 5, 2, False),
        (2026, 6, 1, True),
        (2026, 7, 0, True),
    ]
    html = login(centre_admin).get(reverse("staff:learning:premium")).content.decode()
    assert html.count("data-short") == 2
    assert "Only 1 scheduled; 2 premium courses are planned for each month." in html
    settings.LEARNING_PREMIUM_PER_MONTH = 3  # type: ignore[attr-defined]
    assert [m.short for m in selectors.premium_plan(viewer=centre_admin)] == [True, True, True]


def test_a_withdrawn_item_does_not_count_towards_the_plan(centre_admin: User) -> None:
    a, b = library_item(title="甲"), library_item(title="乙")
    services.premium_schedule(actor=centre_admin, year=2026, month=5, item=a)
    services.premium_schedule(actor=centre_admin, year=2026, month=5, item=b)
    services.item_withdraw(actor=centre_admin, item=b)
    assert selectors.premium_plan(viewer=centre_admin)[0].short is True


def test_scheduling_through_the_staff_page_appends_in_order_and_audits(
    login: Login, centre_admin: User
) -> None:
    a, b = library_item(title="甲"), library_item(title="乙")
    client = login(centre_admin)
    for item in (a, b):
        response = client.post(
            reverse("staff:learning:premium"), {"month": "2026-06", "item": item.pk}
        )
        assert response.status_code == 302
    rows = PremiumCourse.objects.filter(year=2026, month=6).order_by("order")
    assert [(r.item_id, r.order) for r in rows] == [(a.pk, 1), (b.pk, 2)]
    again = client.post(reverse("staff:learning:premium"), {"month": "2026-06", "item": a.pk})
    assert again.status_code == 400 and "already taken" in again.content.decode()
    assert AuditEntry.objects.filter(action="learning.premium.scheduled").count() == 2
    removed = client.post(reverse("staff:learning:premium_remove", args=[rows[0].pk]))
    assert removed.status_code == 302
    assert list(PremiumCourse.objects.values_list("item_id", flat=True)) == [b.pk]


def test_a_month_outside_the_plan_is_refused(login: Login, centre_admin: User) -> None:
    item = library_item()
    response = login(centre_admin).post(
        reverse("staff:learning:premium"), {"month": "2027-01", "item": item.pk}
    )
    assert response.status_code == 400
    assert not PremiumCourse.objects.exists()


def test_only_the_centres_managers_schedule(cadre_a: User, worker: User) -> None:
    item = library_item()
    for actor in (cadre_a, worker, None):
        with pytest.raises(PermissionDenied):
            services.premium_schedule(actor=actor, year=2026, month=5, item=item)
    assert not PremiumCourse.objects.exists()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_are_refused_to_workers_and_other_staff(
    login: Login, worker: User, cadre_a: User, counsellor_a: User, name: str
) -> None:
    client = login(worker)
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]
    for outsider in (cadre_a, counsellor_a):
        assert login(outsider).get(reverse(name)).status_code == 404


def test_the_staff_item_list_shows_this_months_views_within_its_budget(
    login: Login, centre_admin: User, django_assert_max_num_queries: object
) -> None:
    client = login(centre_admin)
    for size in (2, 15):
        for n in range(size):
            item = library_item(title=f"条目{size}-{n}")
            services.item_view_count(item=item)
        with django_assert_max_num_queries(12):  # type: ignore[operator]
            response = client.get(reverse("staff:learning:library_items"))
        assert response.status_code == 200
    assert "<td data-views>1</td>" in response.content.decode()
    links = {url for url, _label in centre_admin_links(centre_admin)}
    assert reverse("staff:learning:premium") in links


def centre_admin_links(user: User) -> list[tuple[str, object]]:
    from django.apps import apps

    return apps.get_app_config("learning").staff_links(user)  # type: ignore[attr-defined]
