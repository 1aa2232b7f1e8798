"""Uploaded video and audio served with range requests: 206 parts, 416 past the end, 200 whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from learning.models import ItemKind, ItemStatus, LibraryItem
from learning.views.ranges import Unsatisfiable, parse_range
from tests.learning.factories import library_item

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 4  # 1,024 bytes


@pytest.fixture
def audio(media: Path) -> LibraryItem:
    item = library_item(kind=ItemKind.AUDIO, title="放松音频", body="")
    item.media_file.save("calm.wav", ContentFile(DATA))
    return item


def url(item: LibraryItem) -> str:
    return reverse("learning:library_media", args=[item.public_id])


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_without_a_range_the_whole_file_is_sent(client: Client, audio: LibraryItem) -> None:
    response = client.get(url(audio))
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == "1024"
    assert response["Content-Type"] in {"audio/x-wav", "audio/wav"}
    assert "Content-Range" not in response
    assert body(response) == DATA


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=1020-5000", 1020, 1023),
        ("bytes=0-0", 0, 0),
    ],
)
def test_a_range_answers_206_with_exactly_that_part(
    client: Client, audio: LibraryItem, header: str, first: int, last: int
) -> None:
    response = client.get(url(audio), HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == DATA[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_answers_416(client: Client, audio: LibraryItem, header: str) -> None:
    response = client.get(url(audio), HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["bytes=abc", "items=0-5", "bytes=0-1,5-9", "bytes=9-3"])
def test_a_malformed_or_multiple_range_is_ignored(
    client: Client, audio: LibraryItem, header: str
) -> None:
    response = client.get(url(audio), HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == DATA


def test_head_answers_the_headers_only(client: Client, audio: LibraryItem) -> None:
    response = client.head(url(audio), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert body(response) == b""


def test_parse_range_of_an_empty_file() -> None:
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)
    assert parse_range("", 10) is None


def test_the_file_of_an_item_not_live_is_not_served(client: Client, audio: LibraryItem) -> None:
    LibraryItem.objects.filter(pk=audio.pk).update(status=ItemStatus.DRAFT)
    assert client.get(url(audio)).status_code == 404


def test_an_article_has_no_media(client: Client, media: Path) -> None:
    assert client.get(url(library_item())).status_code == 404


def test_the_item_page_plays_the_served_file(client: Client, audio: LibraryItem) -> None:
    page = client.get(reverse("learning:library_item", args=[audio.public_id])).content.decode()
    assert f'<audio controls preload="metadata" src="{url(audio)}"' in page
    video = library_item(
        kind=ItemKind.VIDEO, title="视频", body="", external_url="https://example.org/v.mp4"
    )
    page = client.get(reverse("learning:library_item", args=[video.public_id])).content.decode()
    assert 'src="https://example.org/v.mp4"' in page and "<video" in page


def test_a_stored_file_of_another_type_is_never_served_as_a_page(
    client: Client, media: Path
) -> None:
    item = library_item(kind=ItemKind.AUDIO, title="旧文件", body="")
    item.media_file.save("old.html", ContentFile(b"<script>alert(1)</script>"))
    response = client.get(url(item))
    assert response["Content-Type"] == "application/octet-stream"
