"""Reads of the catalogue: search with filters, a topic's page, the experts who teach it.

Visibility is decided here: the portal and the API see active topics and public,
active experts; staff who may view the catalogue (network.access) also see inactive
topics when they ask for them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from courses.models import Expert, Topic, TopicAudience, TopicExpert, TopicFormat
from courses.selectors.search import apply_search
from network import access
from network.access import Viewer
from network.models import OrgUnit


class Status:
    """Which topics a staff list shows."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    ALL = "all"


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    category: str | None = None
    audience: str | None = None
    format: str | None = None
    expert: Expert | None = None
    status: str = Status.ACTIVE


def may_view_staff_catalogue(viewer: Viewer) -> bool:
    return access.holds_anywhere(viewer, access.Perm.VIEW_CATALOGUE)


def may_manage_catalogue(viewer: Viewer) -> bool:
    """Import is for centre-level staff only: the permission held at the city centre."""
    return access.reaches_whole_network(viewer, access.Perm.MANAGE_CATALOGUE)


def public_experts() -> QuerySet[Expert]:
    """Active experts whose practitioner profile is in the public directory."""
    return (
        Expert.objects.filter(is_active=True, practitioner__is_public=True)
        .select_related("practitioner")
        .order_by("practitioner__display_name", "code")
    )


def _with_lists(topics: QuerySet[Topic], *, experts: QuerySet[Expert]) -> QuerySet[Topic]:
    """Formats, audiences and experts in three queries whatever the page size."""
    return topics.prefetch_related(
        Prefetch("format_rows", queryset=TopicFormat.objects.order_by("format")),
        Prefetch("audience_rows", queryset=TopicAudience.objects.order_by("audience")),
        Prefetch("experts", queryset=experts, to_attr="shown_experts"),
    )


def topic_search(
    filters: CatalogueFilters, *, viewer: Viewer, staff: bool = False
) -> QuerySet[Topic]:
    """Topics matching `filters`, best match first when there is a query, else by code.

    `staff=True` (staff pages) honours `filters.status` for viewers who may view the
    staff catalogue and lists every expert; otherwise only active topics and public
    experts are shown.
    """
    topics = Topic.objects.all()
    staff_view = staff and may_view_staff_catalogue(viewer)
    status = filters.status if staff_view else Status.ACTIVE
    if status == Status.ACTIVE:
        topics = topics.filter(is_active=True)
    elif status == Status.INACTIVE:
        topics = topics.filter(is_active=False)
    if filters.category:
        topics = topics.filter(category=filters.category)
    if filters.format:
        topics = topics.filter(
            Exists(TopicFormat.objects.filter(topic=OuterRef("pk"), format=filters.format))
        )
    if filters.audience:
        topics = topics.filter(
            Exists(TopicAudience.objects.filter(topic=OuterRef("pk"), audience=filters.audience))
        )
    if filters.expert is not None:
        topics = topics.filter(
            Exists(TopicExpert.objects.filter(topic=OuterRef("pk"), expert=filters.expert))
        )
    experts = (
        Expert.objects.select_related("practitioner").order_by("code")
        if staff_view
        else public_experts()
    )
    return _with_lists(apply_search(topics, filters.q), experts=experts)


def topic_detail(public_id: uuid.UUID, *, viewer: Viewer) -> Topic | None:
    """An active topic with its lists and public experts; None when unknown or inactive."""
    topics = Topic.objects.filter(public_id=public_id, is_active=True)
    return _with_lists(topics, experts=public_experts()).first()


def experts_teaching(topic: Topic) -> QuerySet[Expert]:
    """The public experts who teach `topic`, with their practitioner profiles."""
    return (
        public_experts()
        .filter(topic_links__topic=topic)
        .prefetch_related(Prefetch("districts", queryset=_districts()))
    )


def _districts() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(is_active=True).order_by("path")
