"""Reads of cases, follow-ups, notes and referrals, with visibility decided here.

Who sees what:

- a case's counsellor (holding the counsellor role) sees the case whole, and the
  notes they wrote;
- a clinical supervisor whose membership reaches the case's station sees the
  case and all its notes;
- a counsellor a case was referred to sees that referral only ("referred to me");
- station leads and centre staff (VIEW_STATION_SCHEDULE) see only overdue
  follow-ups: case reference, counsellor, kind, due date; never notes, results
  or the worker.

Case and note access is decided from memberships alone: `is_superuser` grants
nothing here (access.reach_prefixes would let a superuser through everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.cases import Case, CaseStatus, FollowUp, Referral, SessionNote
from core import clock, closed_loop
from core.errors import NotFound
from network import access
from network.access import Perm, Viewer

# --- who may do what --------------------------------------------------------------------


def membership_prefixes(user: Viewer, perm: str) -> list[str]:
    """Tree paths the user reaches with `perm` through memberships only (never is_superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    roles = access.ROLE_PERMS[perm]
    # The memberships are read once per request and cached on the user by network.access.
    return sorted({m.unit.path for m in access.memberships(user) if m.role in roles})


def is_counsellor(user: Viewer) -> bool:
    return bool(membership_prefixes(user, Perm.COUNSEL))


def is_supervisor(user: Viewer) -> bool:
    return bool(membership_prefixes(user, Perm.SUPERVISE_CASES))


def can_supervise(user: Viewer, case: Case) -> bool:
    """A clinical supervisor whose membership reaches the case's station."""
    path = case.station.path
    return any(
        path.startswith(prefix) for prefix in membership_prefixes(user, Perm.SUPERVISE_CASES)
    )


def is_case_counsellor(user: Viewer, case: Case) -> bool:
    return case.counsellor_id == getattr(user, "pk", None) and is_counsellor(user)


def case_role(user: Viewer, case: Case) -> str | None:
    """ "counsellor", "supervisor" or None (then the case is "not found" for the user)."""
    if is_case_counsellor(user, case):
        return "counsellor"
    if can_supervise(user, case):
        return "supervisor"
    return None


def _path_q(prefixes: list[str], field_name: str) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(**{f"{field_name}__startswith": prefix})
    return q


# --- cases --------------------------------------------------------------------------------


def _with_next_step(cases: QuerySet[Case]) -> QuerySet[Case]:
    now = timezone.now()
    next_session = (
        Booking.objects.filter(case=OuterRef("pk"), status=BookingStatus.BOOKED, starts_at__gt=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    next_followup = (
        FollowUp.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return cases.annotate(
        next_session_at=Subquery(next_session), next_followup_on=Subquery(next_followup)
    )


def cases_visible(*, viewer: User, tab: str = "mine", status: str = "active") -> QuerySet[Case]:
    """The viewer's own cases (tab "mine") or those they supervise (tab "supervised").

    status: "active" (open or in follow-up), "closed" or "all". Each case carries
    `next_session_at` and `next_followup_on`; worker, counsellor and station are joined.
    """
    if tab == "supervised":
        prefixes = membership_prefixes(viewer, Perm.SUPERVISE_CASES)
        cases = Case.objects.filter(_path_q(prefixes, "station__path"))
    elif is_counsellor(viewer):
        cases = Case.objects.filter(counsellor=viewer)
    else:
        cases = Case.objects.none()
    if status == "active":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status == "closed":
        cases = cases.filter(status=CaseStatus.CLOSED)
    return _with_next_step(
        cases.select_related("worker", "station", "counsellor__practitioner")
    ).order_by("-opened_at", "-pk")


def case_for_viewer(*, viewer: User, public_id: UUID | str) -> tuple[Case, str]:
    """The case and the viewer's role in it ("counsellor" or "supervisor"); else NotFound."""
    case = (
        Case.objects.select_related("worker", "station", "counsellor__practitioner")
        .filter(public_id=public_id)
        .first()
    )
    role = case_role(viewer, case) if case is not None else None
    if case is None or role is None:
        raise NotFound()
    return case, role


def open_case_of(*, worker_id: int, counsellor_id: int) -> Case | None:
    """The worker's case with this counsellor that is not closed, if any."""
    return (
        Case.objects.filter(worker_id=worker_id, counsellor_id=counsellor_id)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )


def booking_of_counsellor(*, viewer: User, public_id: UUID | str) -> Booking:
    """One of the viewer's own bookings (as counsellor), for opening a case from it."""
    booking = (
        Booking.objects.select_related("slot__station", "worker", "case")
        .filter(public_id=public_id, counsellor_id=getattr(viewer, "pk", None))
        .first()
    )
    if booking is None or not is_counsellor(viewer):
        raise NotFound()
    return booking


# --- referrals ----------------------------------------------------------------------------


def referrals_to_me(*, viewer: User) -> QuerySet[Referral]:
    """Referrals naming the viewer as the counsellor to take the worker on (no notes)."""
    if not is_counsellor(viewer):
        return Referral.objects.none()
    return (
        Referral.objects.filter(to_counsellor=viewer)
        .select_related("case__worker", "case__station", "case__counsellor__practitioner")
        .order_by("-created_at", "-pk")
    )


def referral_for_viewer(*, viewer: User, referral_id: int) -> Referral:
    """A referral the viewer may update: the case's counsellor's, or one referred to them."""
    referral = Referral.objects.select_related("case__station").filter(pk=referral_id).first()
    if referral is None:
        raise NotFound()
    if is_case_counsellor(viewer, referral.case):
        return referral
    if referral.to_counsellor_id == getattr(viewer, "pk", None) and is_counsellor(viewer):
        return referral
    raise NotFound()


# --- follow-ups -----------------------------------------------------------------------------


def overdue_followups(*, viewer: User) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date that `viewer` may see.

    A counsellor: those assigned to them. A holder of VIEW_STATION_SCHEDULE or
    SUPERVISE_CASES: those of cases at stations in their reach. Case, station
    and the assignee's practitioner profile are joined, so a list costs one query.
    """
    q = Q(pk__in=[])
    if is_counsellor(viewer):
        q |= Q(assigned_to=viewer)
    for perm in (Perm.VIEW_STATION_SCHEDULE, Perm.SUPERVISE_CASES):
        prefixes = access.reach_prefixes(viewer, perm)
        if prefixes is None:
            q = Q()
            break
        q |= _path_q(prefixes, "case__station__path")
    return (
        closed_loop.overdue(FollowUp.objects.filter(q, done_at__isnull=True))
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__station", "assigned_to__practitioner")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class OverdueRow:
    followup: FollowUp
    days_overdue: int
    # True when the viewer may open the case (its counsellor or a supervisor).
    can_open: bool


def overdue_rows(*, viewer: User, limit: int = 200) -> list[OverdueRow]:
    today = clock.today()
    supervisor_prefixes = membership_prefixes(viewer, Perm.SUPERVISE_CASES)
    counsellor = is_counsellor(viewer)
    rows = []
    for followup in overdue_followups(viewer=viewer)[:limit]:
        case = followup.case
        can_open = (counsellor and case.counsellor_id == viewer.pk) or any(
            case.station.path.startswith(p) for p in supervisor_prefixes
        )
        rows.append(OverdueRow(followup, (today - followup.due_on).days, can_open))
    return rows


def cases_without_next_step() -> QuerySet[Case]:
    """Cases not closed that have neither a future booked session nor an open follow-up."""
    now = timezone.now()
    return Case.objects.exclude(status=CaseStatus.CLOSED).exclude(
        Exists(
            Booking.objects.filter(
                case=OuterRef("pk"), status=BookingStatus.BOOKED, starts_at__gt=now
            )
        )
        | Exists(FollowUp.objects.filter(case=OuterRef("pk"), done_at__isnull=True))
    )


# --- the timeline ---------------------------------------------------------------------------


@dataclass
class TimelineItem:
    kind: str  # "session", "followup", "referral", "note"
    at: datetime
    obj: Any
    addenda: list[SessionNote] = field(default_factory=list)


def case_timeline(*, case: Case, notes: list[SessionNote] | None) -> list[TimelineItem]:
    """Sessions, follow-ups, referrals and (when given) notes, oldest first.

    `notes` must come from notes.notes_read (which checks access and logs the
    read); None leaves notes out. Addenda are listed under their note.
    """
    tz = clock.network_tz()
    items: list[TimelineItem] = []
    for booking in case.sessions.select_related("slot__station").order_by("starts_at"):
        items.append(TimelineItem("session", booking.starts_at, booking))
    for followup in case.followups.select_related("assigned_to__practitioner"):
        when = followup.done_at or datetime.combine(followup.due_on, time(23, 59), tzinfo=tz)
        items.append(TimelineItem("followup", when, followup))
    for referral in case.referrals.select_related("to_counsellor__practitioner"):
        items.append(TimelineItem("referral", referral.created_at, referral))
    if notes is not None:
        by_note: dict[int, TimelineItem] = {}
        for note in notes:
            if note.addendum_to_id is None:
                by_note[note.pk] = TimelineItem("note", note.created_at, note)
                items.append(by_note[note.pk])
        for note in notes:
            if note.addendum_to_id is not None:
                parent = by_note.get(note.addendum_to_id)
                if parent is not None:
                    parent.addenda.append(note)
                else:  # an addendum whose note the viewer may not read stays on its own
                    items.append(TimelineItem("note", note.created_at, note))
    items.sort(key=lambda item: item.at)
    return items
