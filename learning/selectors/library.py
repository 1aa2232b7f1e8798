"""Reads of the online library: what the portal shows, the staff's month plan, the figures.

An item is *live* when it is published and now falls inside its publish window (either
end may be open). Workers and partner apps see live items only; the centre's managers
also see drafts (to preview them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from core import clock
from core.errors import NotFound
from learning.models import ItemCompletion, ItemDailyViews, ItemStatus, LibraryItem, PremiumCourse
from network import access
from network.access import Viewer
from network.models import OrgUnit

PLAN_MONTHS = 3  # this month and the next two


def may_manage_library(viewer: Viewer) -> bool:
    """The centre's staff who manage the course catalogue also manage the library."""
    if viewer is None or not viewer.is_authenticated:
        return False
    return access.reaches_whole_network(viewer, access.Perm.MANAGE_CATALOGUE)


def live_q(now: datetime, prefix: str = "") -> Q:
    """Published and inside the publish window at `now`."""
    return (
        Q(**{f"{prefix}status": ItemStatus.PUBLISHED})
        & (Q(**{f"{prefix}publish_from__isnull": True}) | Q(**{f"{prefix}publish_from__lte": now}))
        & (Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gt": now}))
    )


def item_is_live(item: LibraryItem, now: datetime) -> bool:
    if item.status != ItemStatus.PUBLISHED:
        return False
    if item.publish_from is not None and now < item.publish_from:
        return False
    return item.publish_until is None or now < item.publish_until


def library_items(
    *, viewer: Viewer, category: str | None = None, kind: str | None = None
) -> QuerySet[LibraryItem]:
    """Live items, newest publication first, optionally of one category and/or kind."""
    items = LibraryItem.objects.filter(live_q(timezone.now()))
    if category:
        items = items.filter(category=category)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-published_at", "title")


def library_item(*, viewer: Viewer, public_id: uuid.UUID) -> LibraryItem:
    """A live item (any item for the library's managers); otherwise NotFound."""
    item = LibraryItem.objects.filter(public_id=public_id).first()
    if item is None:
        raise NotFound()
    if not item_is_live(item, timezone.now()) and not may_manage_library(viewer):
        raise NotFound()
    return item


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def premium_month(*, viewer: Viewer, year: int, month: int) -> list[PremiumCourse]:
    """The month's premium courses whose items are live, in the centre's order."""
    return list(
        PremiumCourse.objects.filter(live_q(timezone.now(), "item__"), year=year, month=month)
        .select_related("item")
        .order_by("order")
    )


def premium_this_month(*, viewer: Viewer) -> list[PremiumCourse]:
    year, month = month_of(clock.today())
    return premium_month(viewer=viewer, year=year, month=month)


def premium_archive_months(*, viewer: Viewer) -> list[tuple[int, int]]:
    """Past and current months with at least one live premium course, latest first."""
    year, month = month_of(clock.today())
    rows = (
        PremiumCourse.objects.filter(live_q(timezone.now(), "item__"))
        .filter(Q(year__lt=year) | Q(year=year, month__lte=month))
        .values_list("year", "month")
        .distinct()
        .order_by("-year", "-month")
    )
    return [(y, m) for y, m in rows]


@dataclass(frozen=True)
class MonthPlan:
    year: int
    month: int
    courses: list[PremiumCourse]
    planned: int

    @property
    def scheduled(self) -> int:
        return len(self.courses)

    @property
    def short(self) -> bool:
        return self.scheduled < self.planned

    @property
    def missing(self) -> int:
        return max(0, self.planned - self.scheduled)


def premium_plan(*, viewer: Viewer, months: int = PLAN_MONTHS) -> list[MonthPlan]:
    """This month and the next ones, each with its scheduled (not withdrawn) courses."""
    if not may_manage_library(viewer):
        raise NotFound()
    planned = int(settings.LEARNING_PREMIUM_PER_MONTH)
    start = month_of(clock.today())
    wanted = [add_months(*start, n) for n in range(months)]
    month_q = Q()
    for year, month in wanted:
        month_q |= Q(year=year, month=month)
    rows = (
        PremiumCourse.objects.filter(month_q)
        .exclude(item__status=ItemStatus.WITHDRAWN)
        .select_related("item")
        .order_by("order")
    )
    by_month: dict[tuple[int, int], list[PremiumCourse]] = {key: [] for key in wanted}
    for row in rows:
        by_month[(row.year, row.month)].append(row)
    return [MonthPlan(y, m, by_month[(y, m)], planned) for y, m in wanted]


def staff_items(*, viewer: Viewer) -> QuerySet[LibraryItem]:
    """Every item for the managers' list, with this month's views."""
    if not may_manage_library(viewer):
        raise NotFound()
    first, after = _month_bounds(*month_of(clock.today()))
    return LibraryItem.objects.annotate(
        month_views=Sum("views__count", filter=Q(views__day__gte=first, views__day__lt=after))
    ).order_by("-updated_at")


def counts_at(within: uuid.UUID | None) -> bool:
    """Whether the subtree of unit `within` (None: the whole network) holds the library's
    facts, which learning.facts records at the city centre: only the centre's does."""
    if within is None:
        return True
    return OrgUnit.objects.filter(public_id=within, parent__isnull=True).exists()


@dataclass(frozen=True)
class YearVisits:
    """The items viewed in a year, most viewed first, each with its `year_views`, and the
    total: the KPI `online_learning_visits` of the year (one fact per view)."""

    items: QuerySet[LibraryItem]
    total: int


def staff_items_visited(
    *, viewer: Viewer, year: int, within: uuid.UUID | None = None
) -> YearVisits:
    """The items with views in `year` (days in the network's time zone, summed from the
    daily counters the facts are rebuilt from), for the unit `within` (counts_at)."""
    if not may_manage_library(viewer):
        raise NotFound()
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    views = ItemDailyViews.objects.filter(day__gte=first, day__lt=after, count__gt=0)
    if not counts_at(within):
        views = views.none()
    in_year = Q(views__day__gte=first, views__day__lt=after)
    items = (
        LibraryItem.objects.filter(pk__in=views.values("item_id"))
        .annotate(year_views=Sum("views__count", filter=in_year))
        .order_by("-year_views", "title", "pk")
    )
    total = views.aggregate(total=Sum("count"))["total"] or 0
    return YearVisits(items=items, total=total)


def premium_published_in(
    *, viewer: Viewer, year: int, within: uuid.UUID | None = None
) -> list[PremiumCourse]:
    """The premium courses the KPI `online_courses_published` counts for `year`: those
    whose item is published, dated by their month (its first day), up to today, for the
    unit `within` (counts_at); in month and plan order."""
    if not may_manage_library(viewer):
        raise NotFound()
    if not counts_at(within):
        return []
    today = clock.today()
    return list(
        PremiumCourse.objects.filter(year=year, item__status=ItemStatus.PUBLISHED)
        .filter(Q(year__lt=today.year) | Q(year=today.year, month__lte=today.month))
        .select_related("item")
        .order_by("month", "order", "pk")
    )


def worker_history(*, viewer: Viewer) -> QuerySet[ItemCompletion]:
    """The viewer's own completions, latest first (nobody else's)."""
    if viewer is None or not viewer.is_authenticated:
        return ItemCompletion.objects.none()
    return ItemCompletion.objects.filter(worker_id=viewer.pk).select_related("item")


def item_completed(*, viewer: Viewer, item: LibraryItem) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    return ItemCompletion.objects.filter(worker_id=viewer.pk, item=item).exists()


# --- figures for the KPIs -------------------------------------------------------------


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    next_year, next_month = add_months(year, month, 1)
    return date(year, month, 1), date(next_year, next_month, 1)


def item_views_in_month(*, year: int, month: int) -> dict[int, int]:
    """Views per item (by primary key) in the month, days in the network's time zone."""
    first, after = _month_bounds(year, month)
    rows = (
        ItemDailyViews.objects.filter(day__gte=first, day__lt=after)
        .values("item_id")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {row["item_id"]: row["total"] for row in rows}


def online_learning_visits(*, year: int, month: int) -> int:
    """All views of library items in the month (the KPI `online_learning_visits`)."""
    return sum(item_views_in_month(year=year, month=month).values())


def completions_in_month(*, year: int, month: int) -> int:
    first, after = _month_bounds(year, month)
    return ItemCompletion.objects.filter(
        completed_at__gte=clock.at(first), completed_at__lt=clock.at(after)
    ).count()


def online_courses_published(*, year: int, month: int) -> int:
    """Premium courses of the month whose item is published (KPI `online_courses_published`)."""
    return PremiumCourse.objects.filter(
        year=year, month=month, item__status=ItemStatus.PUBLISHED
    ).count()
