"""The library's demo data (what `make run` shows) and the admin's item form."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from learning import selectors
from learning.demo import library as demo
from learning.models import ItemKind, LibraryItem, PremiumCourse
from tests.learning.conftest import DURING
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


@time_machine.travel(DURING, tick=False)
def test_the_demo_has_each_kind_and_two_courses_this_month(
    city_admin: User, media: Path, client: Client
) -> None:
    demo.load(city_admin)
    demo.load(city_admin)  # idempotent
    kinds = Counter(LibraryItem.objects.values_list("kind", flat=True))
    assert kinds == {ItemKind.ARTICLE: 2, ItemKind.VIDEO: 2, ItemKind.AUDIO: 1}
    assert len(selectors.premium_this_month(viewer=None)) == 2
    assert PremiumCourse.objects.count() == 2
    audio = LibraryItem.objects.get(kind=ItemKind.AUDIO)
    response = client.get(
        reverse("learning:library_media", args=[audio.public_id]), HTTP_RANGE="bytes=0-43"
    )
    assert response.status_code == 206
    assert b"".join(response.streaming_content)[:4] == b"RIFF"  # type: ignore[attr-defined]
    page = client.get(reverse("learning:this_month")).content.decode()
    assert demo.VIDEOS[0][0] in page and demo.ARTICLES[0][0] in page


def test_the_admin_form_saves_a_sanitised_article_and_refuses_an_http_video(
    login: Login, centre_admin: User
) -> None:
    client = login(centre_admin)
    add = reverse("admin:learning_libraryitem_add")
    fields = {
        "kind": ItemKind.ARTICLE,
        "title": "管理页的文章",
        "summary": "",
        "body": '<p onmouseover="x()">正文</p><script>steal()</script>',
        "category": "stress",
        "audiences": ["gig", "women"],
        "duration_minutes": "5",
        "external_url": "",
        "status": "published",
    }
    response = client.post(add, fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = LibraryItem.objects.get(title="管理页的文章")
    assert item.body == "<p>正文</p>" and item.audiences == ["gig", "women"]
    assert item.published_by == centre_admin
    video = {**fields, "kind": ItemKind.VIDEO, "title": "视频", "body": ""}
    video["external_url"] = "http://example.org/v.mp4"
    refused = client.post(add, video)
    assert refused.status_code == 200 and "https" in refused.content.decode()
    assert not LibraryItem.objects.filter(title="视频").exists()


def test_the_admin_is_closed_to_other_staff(login: Login, cadre_a: User) -> None:
    response = login(cadre_a).get(reverse("admin:learning_libraryitem_changelist"))
    assert response.status_code == 403
