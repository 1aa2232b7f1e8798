"""Session notes: written by the case's counsellor, read only by that counsellor and by
clinical supervisors reaching the station; every read is audit-logged; a note can be
corrected for NOTE_EDIT_HOURS, afterwards only addenda are added. Bodies are never
logged, audited or shown in error reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from appointments.errors import CaseError, ErrorCode
from appointments.models.bookings import Booking
from appointments.models.cases import Case, SessionNote
from appointments.selectors import cases as sel
from appointments.services.cases import lock_case, require_case_counsellor
from core.errors import Conflict, NotFound, PermissionDenied
from network import audit


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        message = gettext("Write the note first.")
        raise CaseError(message, code=ErrorCode.NOTE_EMPTY, fields={"body": [message]})
    return body


@sensitive_variables("body")
@transaction.atomic
def note_write(
    *, actor: User, case: Case, body: str, booking: Booking | None = None
) -> SessionNote:
    """The case's counsellor writes a note, on the case or on one of its sessions."""
    case = lock_case(case)
    require_case_counsellor(actor, case)
    body = _clean_body(body)
    if booking is not None and booking.case_id != case.pk:
        message = gettext("Choose one of this case's sessions.")
        raise CaseError(message, code=ErrorCode.NOT_THIS_CASE, fields={"booking": [message]})
    note = SessionNote.objects.create(case=case, booking=booking, author=actor, body=body)
    audit.record(
        actor=actor,
        action="appointments.note.written",
        target=note,
        unit=case.station,
        details={"case": str(case.public_id)},
    )
    return note


def _own_note(actor: User, note: SessionNote) -> SessionNote:
    """The note, locked, when `actor` wrote it and still counsels the case; else refused."""
    note = SessionNote.objects.select_for_update().select_related("case__station").get(pk=note.pk)
    if note.author_id == getattr(actor, "pk", None) and sel.is_case_counsellor(actor, note.case):
        return note
    if sel.can_supervise(actor, note.case):
        raise PermissionDenied(_("Only the author can change a note."))
    raise NotFound()


def note_editable_until(note: SessionNote) -> Any:
    return note.created_at + timedelta(hours=settings.NOTE_EDIT_HOURS)


@sensitive_variables("body")
@transaction.atomic
def note_edit(*, actor: User, note: SessionNote, body: str) -> SessionNote:
    """Correct a note within NOTE_EDIT_HOURS of writing it; later only an addendum adds to it."""
    note = _own_note(actor, note)
    if timezone.now() > note_editable_until(note):
        raise Conflict(
            _(
                "A note can be changed only within %(hours)d hours of writing it. "
                "Add an addendum instead."
            )
            % {"hours": settings.NOTE_EDIT_HOURS},
            code=ErrorCode.NOTE_LOCKED,
        )
    note.body = _clean_body(body)
    note.save(update_fields=["body", "updated_at"])
    audit.record(
        actor=actor,
        action="appointments.note.edited",
        target=note,
        unit=note.case.station,
        details={"case": str(note.case.public_id)},
    )
    return note


@sensitive_variables("body")
@transaction.atomic
def note_addendum(*, actor: User, note: SessionNote, body: str) -> SessionNote:
    """Add to a note (at any time): a new note pointing at the original."""
    note = _own_note(actor, note)
    original = note.addendum_to or note
    addendum = SessionNote.objects.create(
        case=note.case,
        booking=original.booking,
        author=actor,
        addendum_to=original,
        body=_clean_body(body),
    )
    audit.record(
        actor=actor,
        action="appointments.note.addendum_added",
        target=addendum,
        unit=note.case.station,
        details={"case": str(note.case.public_id), "addendum_to": original.pk},
    )
    return addendum


@transaction.atomic
def notes_read(*, viewer: User, case: Case) -> list[SessionNote]:
    """The case's notes the viewer may read, oldest first; the read is audit-logged.

    A clinical supervisor reaching the station reads all of them; the case's
    counsellor the ones they wrote. Anyone else: NotFound, whatever their other
    roles (a superuser flag, a unit or centre administrator's reach do not count).
    """
    if sel.can_supervise(viewer, case):
        notes = case.notes.all()
        role = "supervisor"
    elif sel.is_case_counsellor(viewer, case):
        notes = case.notes.filter(author=viewer)
        role = "counsellor"
    else:
        raise NotFound()
    read = list(notes.select_related("author__practitioner", "booking"))
    audit.record(
        actor=viewer,
        action="appointments.note.read",
        target=case,
        unit=case.station,
        details={"case": str(case.public_id), "notes": [n.pk for n in read], "as": role},
    )
    return read


@transaction.atomic
def note_read_one(*, viewer: User, case: Case, note_id: int) -> SessionNote:
    """One of the viewer's own notes of the case, to correct or add to; the read is logged."""
    note = (
        SessionNote.objects.select_related("case__station")
        .filter(pk=note_id, case=case, author_id=getattr(viewer, "pk", None))
        .first()
    )
    if note is None or not sel.is_case_counsellor(viewer, case):
        raise NotFound()
    audit.record(
        actor=viewer,
        action="appointments.note.read",
        target=case,
        unit=case.station,
        details={"case": str(case.public_id), "notes": [note.pk], "as": "counsellor"},
    )
    return note
