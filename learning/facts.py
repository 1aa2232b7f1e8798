"""The learning app's KPI facts (core.facts).

- `backbone_certified`: one per person certified in a year, at the enrolment's unit, on
  the day of issue: the person's earliest first certificate (not a renewal) of that year
  that is not revoked (a revocation passes the count to their next one, if any);
- `online_courses_published`: one per premium course of a month whose item is published,
  at the city centre, dated the month's first day;
- `online_learning_visits`: one per library page view, at the city centre, on its day
  (the rebuild sums each item's day into one fact).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core import facts as core_facts
from core.facts import Fact, Source
from learning.models import Certificate, ItemDailyViews, ItemStatus, LibraryItem, PremiumCourse
from network.models import OrgUnit


def _centre_id() -> int | None:
    return OrgUnit.objects.filter(parent__isnull=True).values_list("id", flat=True).first()


def _counted(person_id: int, year: int) -> Certificate | None:
    return (
        Certificate.objects.filter(
            enrolment__person_id=person_id,
            issued_on__year=year,
            renews=None,
            revoked_at=None,
        )
        .select_related("enrolment")
        .order_by("issued_on", "pk")
        .first()
    )


def certificates_refresh(certificate: Certificate) -> None:
    """The facts of the holder's certificates of that year, after one was issued or revoked."""
    person_id, year = certificate.enrolment.person_id, certificate.issued_on.year
    counted = _counted(person_id, year)
    same_year = Certificate.objects.filter(enrolment__person_id=person_id, issued_on__year=year)
    for pk in same_year.values_list("pk", flat=True):
        source = Source("learning", "certificate", pk)
        found = []
        if counted is not None and counted.pk == pk:
            unit_id = counted.enrolment.unit_id
            found = [Fact("backbone_certified", unit_id, counted.issued_on, 1, source)]
        core_facts.replace(source, found)


def premium_facts(course: PremiumCourse, status: str, centre_id: int | None) -> list[Fact]:
    if status != ItemStatus.PUBLISHED or centre_id is None:
        return []
    day = date(course.year, course.month, 1)
    return [Fact("online_courses_published", centre_id, day, 1, Source.of(course))]


def premium_refresh(item: LibraryItem) -> None:
    """The facts of the item's premium courses, after it was scheduled, published or withdrawn."""
    centre = _centre_id()
    for course in PremiumCourse.objects.filter(item=item):
        core_facts.replace(Source.of(course), premium_facts(course, item.status, centre))


def premium_retract(course: PremiumCourse) -> None:
    core_facts.retract(Source.of(course))


def view_record(item: LibraryItem, day: date) -> None:
    """One view: one fact of 1 (a rebuild sums an item's day into one fact)."""
    centre = _centre_id()
    if centre is not None:
        core_facts.record([Fact("online_learning_visits", centre, day, 1, Source.of(item))])


def all_facts() -> Iterator[Fact]:
    """Every fact of the raw records (manage.py kpis_rebuild)."""
    seen: set[tuple[int, int]] = set()
    first = Certificate.objects.filter(renews=None, revoked_at=None).select_related("enrolment")
    for cert in first.order_by("issued_on", "pk").iterator(chunk_size=2000):
        key = (cert.enrolment.person_id, cert.issued_on.year)
        if key not in seen:
            seen.add(key)
            source = Source.of(cert)
            yield Fact("backbone_certified", cert.enrolment.unit_id, cert.issued_on, 1, source)
    centre = _centre_id()
    if centre is None:
        return
    courses = PremiumCourse.objects.select_related("item").order_by("pk")
    for course in courses.iterator(chunk_size=2000):
        yield from premium_facts(course, course.item.status, centre)
    for row in ItemDailyViews.objects.order_by("pk").iterator(chunk_size=5000):
        if row.count:
            source = Source("learning", "libraryitem", row.item_id)
            yield Fact("online_learning_visits", centre, row.day, row.count, source)
