"""Views are counted per item and day with no identity; completions once per worker; the
worker's history; the monthly figures for the KPIs."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from accounts.models import User
from learning import selectors, services
from learning.models import ItemCompletion, ItemDailyViews, ItemStatus, LibraryItem, PremiumCourse
from network.models import AuditEntry
from tests.conftest import make_user
from tests.learning.conftest import DURING
from tests.learning.factories import library_item
from tests.network.personas import Login

IDENTITY_WORDS = ("user", "ip", "address", "session", "device", "agent", "worker", "cookie")


@pytest.mark.django_db
def test_the_counter_row_has_no_field_that_could_identify_anyone() -> None:
    names = {field.name for field in ItemDailyViews._meta.get_fields()}
    assert names == {"id", "item", "day", "count"}
    assert not any(word in name for name in names for word in IDENTITY_WORDS)


@pytest.mark.django_db
@time_machine.travel(DURING, tick=False)
def test_opening_an_item_counts_one_view_and_stores_nothing_about_the_visitor(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    item = library_item()
    page = reverse("learning:library_item", args=[item.public_id])
    audits = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        responses = [
            client.get(page, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="PhoneBrowser/1.0")
            for _ in range(3)
        ]
    row = ItemDailyViews.objects.get()
    assert (row.item_id, row.day, row.count) == (item.pk, date(2026, 5, 12), 3)
    assert AuditEntry.objects.count() == audits
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "203.0.113.7" not in logged and "PhoneBrowser" not in logged
    assert "learning" not in {record.name.split(".")[0] for record in caplog.records}
    # No session (nor any other cookie) was started to count the visitor.
    assert all(response.cookies.get(settings.SESSION_COOKIE_NAME) is None for response in responses)


@pytest.mark.django_db
def test_views_are_counted_per_day_in_the_networks_time_zone() -> None:
    item = library_item()
    shanghai = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime(2026, 5, 31, 23, 50, tzinfo=shanghai), tick=False):
        services.item_view_count(item=item)
    with time_machine.travel(datetime(2026, 6, 1, 0, 10, tzinfo=shanghai), tick=False):
        services.item_view_count(item=item)
        services.item_view_count(item=item)
    assert dict(ItemDailyViews.objects.values_list("day", "count")) == {
        date(2026, 5, 31): 1,
        date(2026, 6, 1): 2,
    }
    assert selectors.item_views_in_month(year=2026, month=6) == {item.pk: 2}
    assert selectors.online_learning_visits(year=2026, month=5) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_concurrent_first_views_of_the_day_are_all_counted() -> None:
    item = library_item()
    copies = 8
    barrier = threading.Barrier(copies)
    errors: list[BaseException] = []

    def view() -> None:
        try:
            barrier.wait(timeout=30)
            services.item_view_count(item=item)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=view) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert ItemDailyViews.objects.get(item=item).count == copies


@pytest.mark.django_db
@time_machine.travel(DURING, tick=False)
def test_a_worker_marks_an_item_complete_once_and_sees_it_in_the_history(
    login: Login, worker: User
) -> None:
    item = library_item(title="情绪急救")
    client = login(worker)
    complete = reverse("learning:library_complete", args=[item.public_id])
    assert client.post(complete).status_code == 302
    assert client.post(complete).status_code == 302
    assert ItemCompletion.objects.filter(worker=worker, item=item).count() == 1
    page = client.get(reverse("learning:library_item", args=[item.public_id])).content.decode()
    assert "data-completed" in page and "data-complete>" not in page
    history = client.get(reverse("learning:history"))
    assert "情绪急救" in history.content.decode()
    assert "no-store" in history["Cache-Control"]
    assert selectors.completions_in_month(year=2026, month=5) == 1


@pytest.mark.django_db
def test_the_completion_is_unique_per_worker_and_item_in_the_database(worker: User) -> None:
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    item = library_item()
    services.item_complete(actor=worker, item=item)
    assert services.item_complete(actor=worker, item=item).pk == ItemCompletion.objects.get().pk
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemCompletion.objects.create(worker=worker, item=item, completed_at=timezone.now())


@pytest.mark.django_db
def test_the_history_shows_only_my_completions(login: Login, worker: User) -> None:
    mine = library_item(title="我的条目")
    theirs = library_item(title="别人的条目")
    other = make_user("other@example.com")
    services.item_complete(actor=worker, item=mine)
    services.item_complete(actor=other, item=theirs)
    page = login(worker).get(reverse("learning:history")).content.decode()
    assert "我的条目" in page and "别人的条目" not in page


@pytest.mark.django_db
def test_anonymous_visitors_cannot_complete_and_the_history_asks_to_sign_in(
    client: Client,
) -> None:
    item = library_item()
    response = client.post(reverse("learning:library_complete", args=[item.public_id]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ItemCompletion.objects.exists()
    response = client.get(reverse("learning:history"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_an_item_no_longer_live_cannot_be_completed(worker: User) -> None:
    item = library_item(status=ItemStatus.WITHDRAWN)
    with pytest.raises(services.LibraryRefused):
        services.item_complete(actor=worker, item=item)


@pytest.mark.django_db
@time_machine.travel(DURING, tick=False)
def test_online_courses_published_counts_the_months_published_premium_courses() -> None:
    published = library_item(title="已发布")
    draft = library_item(title="草稿", status=ItemStatus.DRAFT)
    PremiumCourse.objects.create(year=2026, month=5, item=published, order=1)
    PremiumCourse.objects.create(year=2026, month=5, item=draft, order=2)
    PremiumCourse.objects.create(year=2026, month=6, item=published, order=1)
    assert selectors.online_courses_published(year=2026, month=5) == 1
    assert selectors.online_courses_published(year=2026, month=4) == 0
    assert LibraryItem.objects.count() == 2
