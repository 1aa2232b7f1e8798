"""The courses app's KPI facts (core.facts): lectures held, worker attendances, cadre lectures.

A lecture counts once its record (巡讲登记表) is filed: one `lectures_held`, and its
actual attendance as `lecture_attendances`, on the lecture's day at the host unit, with
the sign-ins' key groups as breakdowns. A record marked "given to union cadres" also
counts one `cadre_lectures` (a topic's audiences say whom it suits, not whom it was given
to, so the record says it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.db.models import Count, Q, QuerySet

from core import clock
from core import facts as core_facts
from core.facts import Fact, Source
from courses.models import Lecture, LectureStatus

# The sign-in's key-group flags, by the breakdown key the KPIs use.
KEY_GROUPS = {
    "gig": "is_gig_worker",
    "women": "is_woman_worker",
    "hardship": "is_hardship_family",
}


def lecture_facts(
    lecture: Lecture, *, attendance: int, groups: Mapping[str, int], for_cadres: bool = False
) -> list[Fact]:
    """The facts of a held lecture with its record's attendance and key-group counts."""
    if lecture.status != LectureStatus.HELD:
        return []
    source = Source.of(lecture)
    day = clock.local_date(lecture.starts_at)
    found = [
        Fact("lectures_held", lecture.unit_id, day, 1, source),
        Fact("lecture_attendances", lecture.unit_id, day, attendance, source),
    ]
    for key, count in groups.items():
        if count:
            found.append(Fact("lecture_attendances", lecture.unit_id, day, count, source, key))
    if for_cadres:
        found.append(Fact("cadre_lectures", lecture.unit_id, day, 1, source))
    return found


def _with_counts(lectures: QuerySet[Lecture]) -> QuerySet[Lecture]:
    counts = {
        f"kpi_{key}": Count("sign_ins", filter=Q(**{f"sign_ins__{flag}": True}))
        for key, flag in KEY_GROUPS.items()
    }
    return lectures.select_related("record").annotate(**counts)


def _facts_of(lecture: Lecture) -> list[Fact]:
    record = getattr(lecture, "record", None)
    if record is None:
        return []
    groups = {key: getattr(lecture, f"kpi_{key}") for key in KEY_GROUPS}
    return lecture_facts(
        lecture, attendance=record.attendance, groups=groups, for_cadres=record.for_cadres
    )


def lecture_refresh(lecture: Lecture) -> None:
    """Replace the lecture's facts with those of its current state (services call this)."""
    current = _with_counts(Lecture.objects.filter(pk=lecture.pk)).first()
    core_facts.replace(Source.of(lecture), [] if current is None else _facts_of(current))


def all_facts() -> Iterator[Fact]:
    """Every fact of the raw records (manage.py kpis_rebuild)."""
    held = Lecture.objects.filter(status=LectureStatus.HELD, record__isnull=False)
    for lecture in _with_counts(held).order_by("pk").iterator(chunk_size=2000):
        yield from _facts_of(lecture)
