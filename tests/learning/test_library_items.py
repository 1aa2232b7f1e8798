"""Library items: the article's HTML sanitised, https-only external videos, the publish
window, and only the centre's managers change items."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.errors import PermissionDenied
from learning import selectors, services
from learning.models import ItemKind, ItemStatus, LibraryItem
from learning.validators import https_only
from network.models import AuditEntry
from tests.learning.conftest import DURING
from tests.learning.factories import library_item
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dirty", "kept", "gone"),
    [
        ("<p>你好<script>alert(1)</script></p>", "<p>你好</p>", "alert"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">', "onerror"),
        ('<a href="javascript:alert(1)">点我</a>', "点我", "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">点我</a>', "点我", "alert"),
        ('<p style="position:fixed" class="x" onclick="x()">字</p>', "<p>字</p>", "style"),
        ("<iframe src='https://evil.example'></iframe><p>留下</p>", "<p>留下</p>", "iframe"),
        ("<form><input name=p></form>文字", "文字", "input"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img>", "data:"),
        ("<style>body{display:none}</style><p>文</p>", "<p>文</p>", "display"),
    ],
)
def test_the_sanitiser_strips_scripts_handlers_and_javascript_urls(
    dirty: str, kept: str, gone: str
) -> None:
    clean = services.body_sanitise(dirty)
    assert kept in clean
    assert gone not in clean.lower()


def test_the_sanitiser_keeps_the_allowed_structure() -> None:
    html = (
        "<h2>标题</h2><p><strong>粗</strong><em>斜</em></p><ul><li>一</li></ul>"
        '<blockquote>引用</blockquote><a href="https://example.org/a" title="t">链接</a>'
        '<table><tr><td colspan="2">格</td></tr></table>'
        '<img src="https://example.org/p.png" alt="图">'
    )
    clean = services.body_sanitise(html)
    for part in ("<h2>标题</h2>", "<strong>粗</strong>", "<em>斜</em>", "<li>一</li>"):
        assert part in clean
    assert 'href="https://example.org/a"' in clean and 'rel="noopener noreferrer nofollow"' in clean
    assert 'colspan="2"' in clean and 'alt="图"' in clean


def test_saving_an_article_stores_the_sanitised_body_and_audits(centre_admin: User) -> None:
    item = LibraryItem(
        kind=ItemKind.ARTICLE,
        title="减压",
        category="stress",
        body='<p onclick="steal()">正文</p><script>x()</script>',
        status=ItemStatus.PUBLISHED,
    )
    services.item_save(actor=centre_admin, item=item)
    item.refresh_from_db()
    assert item.body == "<p>正文</p>"
    assert item.published_by == centre_admin and item.published_at is not None
    assert AuditEntry.objects.filter(action="learning.item.created", actor=centre_admin).exists()


@pytest.mark.parametrize(
    "url",
    ["http://example.org/v.mp4", "javascript:alert(1)", "ftp://example.org/v.mp4", "https://"],
)
def test_external_videos_must_be_https(centre_admin: User, url: str) -> None:
    with pytest.raises(ValidationError):
        https_only(url)
    item = LibraryItem(kind=ItemKind.VIDEO, title="视频", category="emotion", external_url=url)
    with pytest.raises(services.LibraryRefused) as refused:
        services.item_save(actor=centre_admin, item=item)
    assert "external_url" in refused.value.fields
    assert not LibraryItem.objects.exists()


def test_an_https_video_is_accepted(centre_admin: User) -> None:
    item = LibraryItem(
        kind=ItemKind.VIDEO,
        title="视频",
        category="emotion",
        external_url="https://media.example.org/v.mp4",
    )
    services.item_save(actor=centre_admin, item=item)
    assert LibraryItem.objects.get().external_url == "https://media.example.org/v.mp4"


def test_a_video_needs_a_file_or_an_address_and_audio_needs_a_file(
    centre_admin: User, media: object
) -> None:
    video = LibraryItem(kind=ItemKind.VIDEO, title="视频", category="emotion")
    with pytest.raises(services.LibraryRefused) as refused:
        services.item_save(actor=centre_admin, item=video)
    assert "media_file" in refused.value.fields
    audio = LibraryItem(kind=ItemKind.AUDIO, title="放松", category="stress")
    audio.external_url = "https://example.org/a.mp3"
    with pytest.raises(services.LibraryRefused) as refused:
        services.item_save(actor=centre_admin, item=audio)
    assert set(refused.value.fields) == {"media_file", "external_url"}
    audio.external_url = ""
    audio.media_file.save("calm.wav", ContentFile(b"RIFF0000WAVE"), save=False)
    assert services.item_save(actor=centre_admin, item=audio).pk is not None


def test_only_the_centres_managers_change_items(cadre_a: User, worker: User) -> None:
    for actor in (cadre_a, worker, None):
        item = LibraryItem(kind=ItemKind.ARTICLE, title="文", category="stress", body="<p>x</p>")
        with pytest.raises(PermissionDenied):
            services.item_save(actor=actor, item=item)
    assert not LibraryItem.objects.exists()


@time_machine.travel(DURING, tick=False)
def test_the_publish_window_decides_what_the_portal_shows(client: object) -> None:
    now = timezone.now()
    live = library_item(title="在窗口内", publish_from=now - timedelta(days=1))
    library_item(title="还没开始", publish_from=now + timedelta(hours=1))
    library_item(title="已经结束", publish_until=now)
    library_item(title="草稿", status=ItemStatus.DRAFT)
    library_item(title="已撤下", status=ItemStatus.WITHDRAWN)
    shown = list(selectors.library_items(viewer=None))
    assert shown == [live]
    page = client.get(reverse("learning:library")).content.decode()  # type: ignore[attr-defined]
    assert "在窗口内" in page and "还没开始" not in page and "已经结束" not in page
    future = LibraryItem.objects.get(title="还没开始")
    url = reverse("learning:library_item", args=[future.public_id])
    assert client.get(url).status_code == 404  # type: ignore[attr-defined]
    with time_machine.travel(now + timedelta(hours=2), tick=False):
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]


def test_the_list_filters_by_category_and_kind_and_pages(login: Login, worker: User) -> None:
    for n in range(14):
        library_item(title=f"压力{n}", category="stress")
    library_item(
        title="亲子视频",
        category="parenting",
        kind=ItemKind.VIDEO,
        external_url="https://example.org/v.mp4",
        body="",
    )
    client = login(worker)
    first = client.get(reverse("learning:library"), {"category": "stress"}).content.decode()
    assert "14 items" in first and "亲子视频" not in first and 'rel="next"' in first
    videos = client.get(reverse("learning:library"), {"kind": "video"}).content.decode()
    assert "亲子视频" in videos and "压力1" not in videos
    assert client.get(reverse("learning:library"), {"kind": "nope"}).status_code == 400


def test_the_list_keeps_its_query_budget(
    client: object, django_assert_max_num_queries: object
) -> None:
    for size in (3, 20):
        for n in range(size):
            library_item(title=f"条目{size}-{n}")
        with django_assert_max_num_queries(4):  # type: ignore[operator]
            response = client.get(reverse("learning:library"))  # type: ignore[attr-defined]
        assert response.status_code == 200


def test_an_article_page_shows_the_sanitised_body_in_chinese(client: object) -> None:
    item = library_item(body=services.body_sanitise("<p>深呼吸<script>x()</script></p>"))
    response = client.get(  # type: ignore[attr-defined]
        reverse("learning:library_item", args=[item.public_id]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    page = response.content.decode()
    assert "<p>深呼吸</p>" in page and "<script>x()" not in page
    assert 'lang="zh-Hans"' in page


def test_the_item_page_keeps_its_query_budget(
    login: Login, worker: User, django_assert_max_num_queries: object
) -> None:
    client = login(worker)
    for body_size in (1, 200):
        item = library_item(body="<p>段落</p>" * body_size)
        url = reverse("learning:library_item", args=[item.public_id])
        # 9 since the view also writes its KPI fact (the centre's id, one insert).
        with django_assert_max_num_queries(9):  # type: ignore[operator]
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("kind", "name"),
    [(ItemKind.AUDIO, "page.html"), (ItemKind.VIDEO, "logo.svg"), (ItemKind.AUDIO, "clip.mp4")],
)
def test_only_media_files_of_the_items_kind_are_accepted(
    centre_admin: User, media: object, kind: str, name: str
) -> None:
    item = LibraryItem(kind=kind, title="上传", category="stress")
    item.media_file.save(name, ContentFile(b"<script>alert(1)</script>"), save=False)
    with pytest.raises(services.LibraryRefused) as refused:
        services.item_save(actor=centre_admin, item=item)
    assert "media_file" in refused.value.fields
    assert not LibraryItem.objects.exists()


def test_a_managers_preview_of_a_draft_is_not_counted(login: Login, centre_admin: User) -> None:
    from learning.models import ItemDailyViews

    draft = library_item(status=ItemStatus.DRAFT)
    response = login(centre_admin).get(reverse("learning:library_item", args=[draft.public_id]))
    assert response.status_code == 200
    assert not ItemDailyViews.objects.exists()
