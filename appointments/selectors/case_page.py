"""What the case page shows, derived in one place: the timeline, the notes the
viewer may edit, the next session, the open follow-ups and the sessions not yet
linked to the case.

Reading the page reads the notes, so it goes through `services.notes.notes_read`,
which decides who may read them and audits every read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.cases import Case, CaseStatus, FollowUp
from appointments.selectors.cases import TimelineItem, case_timeline
from appointments.services.notes import note_editable_until, notes_read
from core import clock


@dataclass(frozen=True)
class CasePage:
    case: Case
    role: str
    timeline: list[TimelineItem]
    editable_notes: set[int]
    next_session: Booking | None
    open_followups: list[FollowUp]
    unlinked: list[Booking]
    today: date

    @property
    def closed(self) -> bool:
        return self.case.status == CaseStatus.CLOSED


def _unlinked(case: Case, role: str) -> list[Booking]:
    """The counsellor's other sessions with this worker that belong to no case yet."""
    if role != "counsellor" or case.status == CaseStatus.CLOSED:
        return []
    return list(
        Booking.objects.filter(
            worker_id=case.worker_id, counsellor_id=case.counsellor_id, case__isnull=True
        )
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("starts_at")
    )


def case_page(*, viewer: User, case: Case, role: str) -> CasePage:
    """The case as `viewer` (in `role`, from `selectors.cases.case_for_viewer`) sees it."""
    readable = notes_read(viewer=viewer, case=case)
    timeline = case_timeline(case=case, notes=readable)
    now = timezone.now()
    editable = {
        n.pk for n in readable if n.author_id == viewer.pk and now <= note_editable_until(n)
    }
    sessions = [item.obj for item in timeline if item.kind == "session"]
    next_session = next(
        (s for s in sessions if s.status == BookingStatus.BOOKED and s.starts_at > now), None
    )
    open_followups = [
        item.obj for item in timeline if item.kind == "followup" and item.obj.done_at is None
    ]
    return CasePage(
        case=case,
        role=role,
        timeline=timeline,
        editable_notes=editable,
        next_session=next_session,
        open_followups=open_followups,
        unlinked=_unlinked(case, role),
        today=clock.today(),
    )
