"""The library's API: live items with filters and pages, this month's courses, the schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
import yaml
from django.core.files.base import ContentFile
from django.test import Client

from learning.models import ItemDailyViews, ItemKind, ItemStatus, PremiumCourse
from network import services as network_services
from network.models import Scope
from tests.learning.conftest import DURING
from tests.learning.factories import library_item
from tests.learning.schema import check
from tests.network import factories

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/library/items/"
THIS_MONTH = "/api/v1/library/this-month/"


@pytest.fixture(autouse=True)
def _in_may_2026() -> Iterator[None]:
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def spec(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_list_shows_live_items_only_with_their_media_urls(
    client: Client, spec: dict[str, Any], media: Path
) -> None:
    article = library_item(title="文章", audiences=["gig"])
    audio = library_item(kind=ItemKind.AUDIO, title="音频", body="")
    audio.media_file.save("calm.wav", ContentFile(b"RIFF"))
    video = library_item(
        kind=ItemKind.VIDEO, title="视频", body="", external_url="https://example.org/v.mp4"
    )
    library_item(title="草稿", status=ItemStatus.DRAFT)
    response = client.get(ITEMS, HTTP_ACCEPT_LANGUAGE="en")
    check(spec, "get", ITEMS, response)
    body = response.json()
    by_title = {row["title"]: row for row in body["results"]}
    assert set(by_title) == {"文章", "音频", "视频"}
    assert by_title["文章"]["media_url"] is None
    assert by_title["文章"]["audiences"] == ["gig"]
    assert by_title["音频"]["media_url"].endswith(
        f"/learning/library/items/{audio.public_id}/media/"
    )
    assert by_title["视频"]["media_url"] == "https://example.org/v.mp4"
    assert by_title["文章"]["page_url"].endswith(f"/learning/library/items/{article.public_id}/")
    assert by_title["视频"]["id"] == str(video.public_id)
    assert not ItemDailyViews.objects.exists()  # listing is not viewing


def test_the_list_filters_and_refuses_an_unknown_category(
    client: Client, spec: dict[str, Any]
) -> None:
    library_item(title="压力", category="stress")
    library_item(title="亲子", category="parenting")
    response = client.get(ITEMS, {"category": "parenting"})
    assert [row["title"] for row in response.json()["results"]] == ["亲子"]
    assert client.get(ITEMS, {"kind": "video"}).json()["results"] == []
    refused = client.get(ITEMS, {"category": "astrology"})
    check(spec, "get", ITEMS, refused)
    assert refused.status_code == 400


def test_the_list_is_paginated_within_its_query_budget(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for size in (5, 60):
        for n in range(size):
            library_item(title=f"条目{size}-{n}")
        with django_assert_max_num_queries(3):
            response = client.get(ITEMS)
        assert response.status_code == 200
    body = response.json()
    assert body["count"] == 65 and len(body["results"]) == 50 and body["next"]


def test_this_month_lists_the_premium_courses_in_order(
    client: Client, spec: dict[str, Any]
) -> None:
    first, second, june = (library_item(title=t) for t in ("第一课", "第二课", "六月课"))
    PremiumCourse.objects.create(year=2026, month=5, item=second, order=2)
    PremiumCourse.objects.create(year=2026, month=5, item=first, order=1)
    PremiumCourse.objects.create(year=2026, month=6, item=june, order=1)
    response = client.get(THIS_MONTH)
    check(spec, "get", THIS_MONTH, response)
    rows = response.json()
    assert [(r["order"], r["item"]["title"]) for r in rows] == [(1, "第一课"), (2, "第二课")]
    assert {(r["year"], r["month"]) for r in rows} == {(2026, 5)}


def test_a_partner_app_reads_and_a_bad_key_is_refused(client: Client) -> None:
    library_item()
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.KPIS_READ], unit=None
    )
    ok = client.get(ITEMS, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200 and ok.json()["count"] == 1
    refused = client.get(THIS_MONTH, HTTP_AUTHORIZATION="Bearer not-a-key")
    assert refused.status_code == 401
