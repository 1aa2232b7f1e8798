"""The online library's writes: items (sanitised, checked), premium courses, counting.

    item_save(actor=staff, item=item)            # sanitises the body, checks the media
    item_publish(actor=staff, item=item)
    premium_schedule(actor=staff, year=2026, month=5, item=item)
    item_view_count(item=item)                    # anonymous: no identity is stored
    item_complete(actor=worker, item=item)

Only the centre's catalogue managers (`learning.selectors.may_manage_library`) change
items and premium courses.
"""

from __future__ import annotations

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError, PermissionDenied
from learning.errors import ErrorCode
from learning.facts import premium_refresh, premium_retract, view_record
from learning.models import (
    ItemCompletion,
    ItemDailyViews,
    ItemKind,
    ItemStatus,
    LibraryItem,
    PremiumCourse,
)
from learning.selectors.library import item_is_live, may_manage_library
from learning.validators import AUDIO_EXTENSIONS, VIDEO_EXTENSIONS, https_only
from network import audit
from network.access import Viewer

# What an article may hold: structure, emphasis, lists, tables, links and images. No
# scripts, styles, forms, frames, event handlers (on*), style or class attributes.
ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "hr", "h2", "h3", "h4", "blockquote", "pre", "code"),
        *("strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "small"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("a", "img", "figure", "figcaption"),
        *("table", "thead", "tbody", "tr", "th", "td", "caption"),
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Links and images: javascript:, data: and vbscript: addresses are dropped.
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})


class LibraryRefused(DomainError):
    status = 400


class PremiumConflict(DomainError):
    status = 409


def body_sanitise(html: str) -> str:
    """The article's HTML with only the allowed tags and attributes (nh3, i.e. ammonia)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _manager(actor: Viewer) -> User:
    if not may_manage_library(actor) or not isinstance(actor, User):
        raise PermissionDenied()
    return actor


_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ItemKind.VIDEO: VIDEO_EXTENSIONS,
    ItemKind.AUDIO: AUDIO_EXTENSIONS,
}


def _extension(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""


def item_problems(item: LibraryItem) -> dict[str, list[str]]:
    """What keeps the item from being saved, by field (empty when it may be saved)."""
    problems: dict[str, list[str]] = {}
    if item.external_url:
        try:
            https_only(item.external_url)
        except ValidationError as error:
            problems["external_url"] = [str(m) for m in error.messages]
    if item.kind == ItemKind.ARTICLE and not item.body.strip():
        problems["body"] = [_("An article needs its text.")]
    if item.kind == ItemKind.VIDEO and bool(item.media_file) == bool(item.external_url):
        problems["media_file"] = [_("A video needs either an uploaded file or an https address.")]
    if item.kind == ItemKind.AUDIO and not item.media_file:
        problems["media_file"] = [_("Relaxation audio needs an uploaded file.")]
    if item.media_file and _extension(item.media_file.name) not in _EXTENSIONS.get(item.kind, ()):
        problems["media_file"] = [_("This kind of file cannot be uploaded for this item.")]
    if item.kind != ItemKind.VIDEO and item.external_url:
        problems["external_url"] = [_("Only a video may point to an external address.")]
    if item.publish_from and item.publish_until and item.publish_until <= item.publish_from:
        problems["publish_until"] = [_("The end of the window must be after its start.")]
    return problems


def item_save(*, actor: Viewer, item: LibraryItem) -> LibraryItem:
    """Creates or updates an item: the body sanitised, the media checked, audited."""
    manager = _manager(actor)
    item.body = body_sanitise(item.body)
    item.external_url = item.external_url.strip()
    problems = item_problems(item)
    if problems:
        raise LibraryRefused(
            _("The item could not be saved."), code=ErrorCode.ITEM_INVALID, fields=problems
        )
    if item.status == ItemStatus.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
        item.published_by = manager
    created = item.pk is None
    with transaction.atomic():
        item.save()
        audit.record(
            actor=manager,
            action="learning.item.created" if created else "learning.item.changed",
            target=item,
            details={"kind": item.kind, "status": item.status},
        )
        premium_refresh(item)
    return item


def item_publish(*, actor: Viewer, item: LibraryItem) -> LibraryItem:
    """Publishes the item now (shown within its window); the first publication is kept."""
    item.status = ItemStatus.PUBLISHED
    return item_save(actor=actor, item=item)


def item_withdraw(*, actor: Viewer, item: LibraryItem) -> LibraryItem:
    item.status = ItemStatus.WITHDRAWN
    return item_save(actor=actor, item=item)


def premium_schedule(
    *, actor: Viewer, year: int, month: int, item: LibraryItem, order: int | None = None
) -> PremiumCourse:
    """Makes `item` one of the month's premium courses, last in order unless told."""
    manager = _manager(actor)
    if item.status == ItemStatus.WITHDRAWN:
        raise LibraryRefused(
            _("A withdrawn item cannot be a premium course."), code=ErrorCode.ITEM_WITHDRAWN
        )
    try:
        with transaction.atomic():
            if order is None:
                last = PremiumCourse.objects.filter(year=year, month=month).aggregate(
                    last=Max("order")
                )["last"]
                order = (last or 0) + 1
            course = PremiumCourse.objects.create(year=year, month=month, item=item, order=order)
            premium_refresh(item)
            audit.record(
                actor=manager,
                action="learning.premium.scheduled",
                target=course,
                details={"year": year, "month": month, "item": item.pk, "order": order},
            )
    except IntegrityError:
        raise PremiumConflict(
            _("This item or this place is already taken in that month."),
            code=ErrorCode.PREMIUM_TAKEN,
        ) from None
    return course


def premium_unschedule(*, actor: Viewer, course: PremiumCourse) -> None:
    manager = _manager(actor)
    with transaction.atomic():
        audit.record(
            actor=manager,
            action="learning.premium.unscheduled",
            target=course,
            details={"year": course.year, "month": course.month, "item": course.item_id},
        )
        premium_retract(course)
        course.delete()


def item_view_count(*, item: LibraryItem) -> None:
    """Adds one view to the item's counter for today, and records nothing else.

    An UPDATE … SET count = count + 1 first; on the day's first view an INSERT, and if a
    concurrent request inserted the row first (unique item + day), the UPDATE again. No
    user, address, session or device reaches this function, so none can be stored.
    """
    day = clock.today()
    rows = ItemDailyViews.objects.filter(item=item, day=day)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                ItemDailyViews.objects.create(item=item, day=day, count=1)
        except IntegrityError:
            rows.update(count=F("count") + 1)
    view_record(item, day)


def item_complete(*, actor: Viewer, item: LibraryItem) -> ItemCompletion:
    """The worker's completion of the item; marking it again returns the first one."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise PermissionDenied()
    if not item_is_live(item, timezone.now()):
        raise LibraryRefused(_("This item is not available."), code=ErrorCode.ITEM_NOT_LIVE)
    existing = ItemCompletion.objects.filter(worker=actor, item=item).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ItemCompletion.objects.create(
                worker=actor, item=item, completed_at=timezone.now()
            )
    except IntegrityError:
        return ItemCompletion.objects.get(worker=actor, item=item)
