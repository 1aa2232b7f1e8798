"""Training reads: programmes, who is enrolled, attendance from the lecture sign-ins.

Attendance is never typed in: a lecture session counts as attended when the lecture's
QR sign-in sheet holds the trainee's name (or employee number) with the unit they gave
at enrolment, matched as the sign-in itself matches people (courses.services.person_key);
an online session linked to a library item, when the trainee (signed in) marked the item
complete. An outside link is not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from core.errors import NotFound
from courses.services import person_key, signed_in_keys
from learning.models import Attempt, Certificate, Enrolment, ItemCompletion, Programme, Session
from network import access, audit
from network.access import Perm, Viewer
from network.models import OrgUnit

# Who enrols people, reads their progress and the register, and gives the backbone role:
# the administrators of the person's unit (or a unit above it).
MANAGE = Perm.MANAGE_MEMBERS


@dataclass(frozen=True)
class Progress:
    enrolment: Enrolment
    sessions: list[Session]
    attended: frozenset[int]  # ids of the sessions attended (lectures, library items)
    required: int
    exam_passed: bool | None  # None: the programme has no exam
    certificate: Certificate | None  # the newest one

    @property
    def attended_count(self) -> int:
        return len(self.attended)

    @property
    def attendance_met(self) -> bool:
        return self.attended_count >= self.required

    @property
    def eligible(self) -> bool:
        return self.attendance_met and self.exam_passed is not False


def may_manage_training(viewer: Viewer) -> bool:
    return viewer is not None and viewer.is_authenticated and access.holds_anywhere(viewer, MANAGE)


def may_manage_unit(viewer: Viewer, unit: OrgUnit) -> bool:
    return viewer is not None and viewer.is_authenticated and access.can(viewer, MANAGE, unit)


def _session_rows() -> QuerySet[Session]:
    return Session.objects.select_related("lecture__topic", "item").order_by("position")


def _sessions() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch("sessions", queryset=_session_rows())


def programme_queryset() -> QuerySet[Programme]:
    return Programme.objects.select_related("unit", "exam", "refresher_exam").prefetch_related(
        _sessions()
    )


def programmes_for_staff(*, viewer: Viewer) -> list[Programme]:
    """Programmes whose people the viewer may enrol: owned above, at or below their reach."""
    if not may_manage_training(viewer):
        return []
    prefixes = access.reach_prefixes(viewer, MANAGE)
    rows = list(programme_queryset().filter(is_active=True).order_by("title"))
    if prefixes is None:
        return rows
    return [
        p
        for p in rows
        if any(p.unit.path.startswith(x) or x.startswith(p.unit.path) for x in prefixes)
    ]


def programme_for_staff(*, viewer: Viewer, public_id: UUID | str) -> Programme:
    for programme in programmes_for_staff(viewer=viewer):
        if str(programme.public_id) == str(public_id):
            return programme
    raise NotFound()


def programme_for_worker(*, public_id: UUID | str) -> Programme:
    """A programme open to self-enrolment (others are not shown to workers)."""
    programme = (
        programme_queryset()
        .filter(public_id=public_id, is_active=True, self_enrolment=True)
        .first()
    )
    if programme is None:
        raise NotFound()
    return programme


def units_for_self_enrolment(programme: Programme) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=programme.unit.path, is_active=True).order_by(
        "path"
    )


def person_keys(enrolment: Enrolment) -> set[str]:
    keys = {person_key(enrolment.sign_in_name, enrolment.sign_in_unit_name)}
    if enrolment.employee_number:
        keys.add(person_key(enrolment.employee_number, enrolment.sign_in_unit_name))
    return keys


def progress_of(enrolments: Iterable[Enrolment]) -> list[Progress]:
    """Attendance, exam and certificate of each enrolment: a fixed number of queries.

    The enrolments need `programme` with its sessions prefetched (`programme_queryset`).
    """
    enrolments = list(enrolments)
    lecture_ids = sorted(
        {
            s.lecture_id
            for e in enrolments
            for s in e.programme.sessions.all()
            if s.lecture_id is not None
        }
    )
    signed = signed_in_keys(lecture_ids) if lecture_ids else {}
    item_ids = {s.item_id for e in enrolments for s in e.programme.sessions.all() if s.item_id}
    completed = (
        set(
            ItemCompletion.objects.filter(
                item_id__in=item_ids, worker_id__in={e.person_id for e in enrolments}
            ).values_list("item_id", "worker_id")
        )
        if item_ids
        else set()
    )
    passed = set(
        Attempt.objects.filter(
            exam_id__in={e.programme.exam_id for e in enrolments if e.programme.exam_id},
            worker_id__in={e.person_id for e in enrolments},
            passed=True,
        ).values_list("exam_id", "worker_id")
    )
    newest: dict[int, Certificate] = {}
    for cert in Certificate.objects.filter(enrolment__in=enrolments).order_by("issued_on", "pk"):
        newest[cert.enrolment_id] = cert
    shown = []
    for e in enrolments:
        sessions = list(e.programme.sessions.all())
        keys = person_keys(e)
        attended = frozenset(
            s.pk
            for s in sessions
            if (s.lecture_id is not None and keys & signed[s.lecture_id])
            or (s.item_id is not None and (s.item_id, e.person_id) in completed)
        )
        exam_id = e.programme.exam_id
        shown.append(
            Progress(
                enrolment=e,
                sessions=sessions,
                attended=attended,
                required=e.programme.required_sessions,
                exam_passed=None if exam_id is None else (exam_id, e.person_id) in passed,
                certificate=newest.get(e.pk),
            )
        )
    return shown


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related(
        "person", "unit", "programme__unit", "programme__exam", "programme__refresher_exam"
    ).prefetch_related(Prefetch("programme__sessions", queryset=_session_rows()))


def programme_progress(*, viewer: Viewer, programme: Programme) -> list[Progress]:
    """The programme's trainees in the viewer's reach, with their progress (the read is audited)."""
    if not may_manage_training(viewer):
        return []
    rows = _enrolments().filter(
        access.scope_q(viewer, MANAGE, field="unit__path"), programme=programme
    )
    shown = progress_of(rows.order_by("unit__path", "sign_in_name", "pk"))
    if shown:
        # Names of trainees with their exam results: a read of personal data, recorded.
        audit.record(
            actor=viewer,
            action="learning.trainees.viewed",
            target=programme,
            details={"shown": len(shown)},
        )
    return shown


def worker_progress(*, viewer: Viewer) -> list[Progress]:
    """The signed-in worker's own enrolments with their progress."""
    if viewer is None or not viewer.is_authenticated:
        return []
    return progress_of(_enrolments().filter(person=viewer).order_by("-created_at"))


def enrolment_for_worker(*, viewer: Viewer, public_id: UUID | str) -> Progress:
    if viewer is None or not viewer.is_authenticated:
        raise NotFound()
    rows = progress_of(_enrolments().filter(person=viewer, public_id=public_id))
    if not rows:
        raise NotFound()
    return rows[0]


def enrolment_for_staff(*, viewer: Viewer, public_id: UUID | str) -> Progress:
    if not may_manage_training(viewer):
        raise NotFound()
    rows = progress_of(
        _enrolments().filter(
            access.scope_q(viewer, MANAGE, field="unit__path"), public_id=public_id
        )
    )
    if not rows:
        raise NotFound()
    return rows[0]


def open_programmes() -> list[Programme]:
    """Programmes a worker may enrol in themselves."""
    return list(programme_queryset().filter(is_active=True, self_enrolment=True).order_by("title"))
