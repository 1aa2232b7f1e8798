"""Reads of lectures for the staff site and the attendee's phone, each taking `viewer`.

A lecture is visible to the staff of its host unit (any role there), to unit and centre
administrators whose subtree holds it (`Perm.RUN_LECTURES`), and to its expert. Outside
that it is "not found". The attendee's pages read a lecture by its public id only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet

from core.disclosure import SafeDistribution, min_group_size, safe_distribution
from core.errors import NotFound
from courses.models import (
    Category,
    Feedback,
    Lecture,
    LectureRecord,
    LectureStatus,
    SignIn,
    Usefulness,
)
from network import access
from network.access import Perm, Viewer
from network.models import OrgUnit, Role

RATINGS = (1, 2, 3, 4, 5)


def _viewer_q(viewer: Viewer) -> Q:
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return Q(pk__in=[])
    q = access.scope_q(viewer, Perm.RUN_LECTURES, field="unit__path")
    if viewer.is_superuser:
        return q
    host_units = [m.unit.pk for m in access.memberships(viewer)]
    return q | Q(unit_id__in=host_units) | Q(expert__practitioner__user=viewer)


def may_view_lecture(viewer: Viewer, lecture: Lecture) -> bool:
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if access.can(viewer, Perm.RUN_LECTURES, lecture.unit):
        return True
    if any(m.unit.pk == lecture.unit_id for m in access.memberships(viewer)):
        return True
    return _is_expert_of(viewer, lecture)


def may_list_lectures(viewer: Viewer) -> bool:
    """Whether the staff navigation offers the lecture list (its rows are still scoped)."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if access.holds_anywhere(viewer, Perm.RUN_LECTURES):
        return True
    # Experts hold the expert role; read from the cached memberships (no query per page).
    return any(m.role == Role.EXPERT for m in access.memberships(viewer))


def may_file_record(viewer: Viewer, lecture: Lecture) -> bool:
    """The expert or the host unit's administrators (and those above them)."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    return access.can(viewer, Perm.RUN_LECTURES, lecture.unit) or _is_expert_of(viewer, lecture)


def _is_expert_of(viewer: Viewer, lecture: Lecture) -> bool:
    if lecture.expert_id is None or viewer is None:
        return False
    expert = lecture.expert
    return expert is not None and expert.practitioner.user_id == viewer.pk


def lectures_for(
    viewer: Viewer,
    *,
    status: str | None = None,
    within: uuid.UUID | None = None,
    year: int | None = None,
    for_cadres: bool = False,
) -> QuerySet[Lecture]:
    """The viewer's lectures with topic, expert, unit and the sign-in count, newest first;
    optionally only those held in the subtree of unit `within` and in `year` (local time),
    and only those whose record says they were for cadres (the `cadre_lectures` KPI)."""
    qs = (
        Lecture.objects.filter(_viewer_q(viewer))
        .select_related("topic", "expert__practitioner", "unit", "record")
        .annotate(signed_in=Count("sign_ins"))
        .order_by("-starts_at", "-pk")
    )
    if status in LectureStatus.values:
        qs = qs.filter(status=status)
    if within is not None:
        path = OrgUnit.objects.filter(public_id=within).values_list("path", flat=True).first()
        qs = qs.filter(unit__path__startswith=path) if path else qs.none()
    if year is not None:
        qs = qs.filter(starts_at__year=year)
    if for_cadres:
        qs = qs.filter(record__for_cadres=True)
    return qs


def lecture_for_staff(public_id: uuid.UUID, *, viewer: Viewer) -> Lecture:
    """One lecture the viewer may see, else NotFound (existence never leaks)."""
    lecture = (
        Lecture.objects.filter(public_id=public_id)
        .select_related("topic", "expert__practitioner", "unit")
        .first()
    )
    if lecture is None or not may_view_lecture(viewer, lecture):
        raise NotFound()
    return lecture


def lecture_for_attendee(public_id: uuid.UUID) -> Lecture:
    """A lecture for the QR pages: any not cancelled, by its public id."""
    lecture = (
        Lecture.objects.filter(public_id=public_id)
        .exclude(status=LectureStatus.CANCELLED)
        .select_related("topic", "expert__practitioner", "unit")
        .first()
    )
    if lecture is None:
        raise NotFound()
    return lecture


def lecture_record(lecture: Lecture) -> LectureRecord | None:
    return (
        LectureRecord.objects.filter(lecture=lecture)
        .select_related("filed_by")
        .prefetch_related("photos", "adjustments__actor")
        .first()
    )


def sign_ins_of(lecture: Lecture) -> list[SignIn]:
    """The attendees in the order they signed in (personal data: the caller logs the read)."""
    return list(
        SignIn.objects.filter(lecture=lecture)
        .only("identity", "unit_name", "created_at", "lecture_id")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class FeedbackSummary:
    """What the expert and the unit may see: aggregates, withheld under the minimum group."""

    responses: int
    withheld: bool
    min_size: int
    mean_rating: Decimal | None
    ratings: SafeDistribution
    usefulness: SafeDistribution
    usefulness_labels: tuple[str, ...]
    wishes: SafeDistribution
    wish_labels: tuple[str, ...]

    @property
    def rating_rows(self) -> tuple[tuple[int, int | None], ...]:
        return tuple(zip(RATINGS, self.ratings.counts, strict=True))

    @property
    def usefulness_rows(self) -> tuple[tuple[str, int | None], ...]:
        return tuple(zip(self.usefulness_labels, self.usefulness.counts, strict=True))

    @property
    def wish_rows(self) -> tuple[tuple[str, int | None], ...]:
        return tuple(zip(self.wish_labels, self.wishes.counts, strict=True))


def _distribution(counts: dict[str, int], keys: tuple[object, ...]) -> SafeDistribution:
    return safe_distribution([counts.get(str(k), 0) for k in keys])


def feedback_summary(lecture: Lecture) -> FeedbackSummary:
    """The lecture's feedback as it may be published (core.disclosure): three queries."""
    rows = Feedback.objects.filter(lecture=lecture)
    stats = rows.aggregate(n=Count("pk"), mean=Avg("rating"))
    n = stats["n"] or 0
    size = min_group_size()
    ratings_by_key = {
        str(rating): count for rating, count in rows.values_list("rating").annotate(Count("pk"))
    }
    grouped = rows.values_list("usefulness", "wants_next").annotate(c=Count("pk"))
    useful: dict[str, int] = {}
    wishes: dict[str, int] = {}
    for usefulness, wish, count in grouped:
        useful[usefulness] = useful.get(usefulness, 0) + count
        if wish:
            wishes[wish] = wishes.get(wish, 0) + count
    withheld = 0 < n < size
    mean = None
    if not withheld and stats["mean"] is not None:
        mean = Decimal(stats["mean"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    wish_keys = tuple(Category.values)
    return FeedbackSummary(
        responses=n,
        withheld=withheld,
        min_size=size,
        mean_rating=mean,
        ratings=_distribution(ratings_by_key, RATINGS),
        usefulness=_distribution(useful, tuple(Usefulness.values)),
        usefulness_labels=tuple(str(label) for label in Usefulness.labels),
        wishes=_wish_distribution(wishes, wish_keys, withheld=withheld),
        wish_labels=tuple(str(label) for label in Category.labels),
    )


def _wish_distribution(
    wishes: dict[str, int], keys: tuple[str, ...], *, withheld: bool
) -> SafeDistribution:
    if withheld:
        return SafeDistribution(counts=(None,) * len(keys), total=None, withheld=True)
    # Wishes are optional: their total is the people who named one, protected on its own.
    return safe_distribution([wishes.get(k, 0) for k in keys], publish_total=False)
