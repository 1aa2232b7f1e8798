"""Changing single shifts: extra shifts, cancellations, replacing or adding a person.

A pattern occurrence that is changed becomes a stored `Shift` first (`shift_resolve`),
which from then on replaces the occurrence on the roster. Every change is audited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError, NotFound, PermissionDenied
from hotline import rota
from hotline.errors import ErrorCode
from hotline.models import Duty, Line, PatternEntry, Shift, ShiftAssignment, ShiftKind
from hotline.selectors.lines import is_eligible, may_supervise
from hotline.selectors.roster import entry_specs, person_shifts
from network import audit

REF = re.compile(r"^(?:s(?P<shift>\d+)|e(?P<entry>\d+)-(?P<day>\d{8}))$")


def _occurrence(line: Line, entry_id: int, day: date) -> Shift:
    entry = (
        PatternEntry.objects.select_related("template", "pattern")
        .filter(pk=entry_id, pattern__line=line, pattern__is_active=True)
        .first()
    )
    spec = next((s for s in entry_specs(line) if s.key == entry_id), None)
    if entry is None or spec is None or not rota.entry_applies(spec, day):
        raise NotFound()
    starts_at, ends_at = rota.bounds(day, spec.starts, spec.ends, clock.network_tz())
    shift, created = Shift.objects.get_or_create(
        entry=entry,
        occurrence_day=day,
        defaults={
            "line": line,
            "kind": ShiftKind.PATTERN,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "label": spec.label,
        },
    )
    if created:
        ShiftAssignment.objects.bulk_create(
            ShiftAssignment(shift=shift, user_id=uid, duty=duty) for uid, duty in spec.people
        )
    return shift


def shift_resolve(*, line: Line, ref: str) -> Shift:
    """The stored shift `ref` names ("s<id>" or "e<entry>-<yyyymmdd>"), locked, made
    from the pattern's occurrence if need be. Call inside a transaction."""
    match = REF.match(ref or "")
    if match is None:
        raise NotFound()
    if match["shift"]:
        shift = Shift.objects.filter(pk=int(match["shift"]), line=line).first()
        if shift is None:
            raise NotFound()
    else:
        day = datetime.strptime(match["day"], "%Y%m%d").date()
        shift = _occurrence(line, int(match["entry"]), day)
    return Shift.objects.select_for_update().get(pk=shift.pk)


def check_not_started(shift: Shift) -> None:
    if shift.starts_at <= clock.now_local():
        raise DomainError(
            _("This shift has already begun or is over; it can no longer be changed."),
            code=ErrorCode.SHIFT_IN_PAST,
        )
    if shift.cancelled:
        raise DomainError(_("This shift is cancelled."), code=ErrorCode.SHIFT_CANCELLED)


def check_free(
    line: Line, user: User, shift: Shift, *, code: ErrorCode = ErrorCode.COLLEAGUE_BUSY
) -> None:
    """Refuse when `user` already works a shift overlapping `shift` (other than it)."""
    for other in person_shifts(line, user, shift.starts_at, shift.ends_at):
        if other.shift_key != shift.pk:
            raise DomainError(
                _("%(name)s is already on a shift from %(start)s to %(end)s.")
                % {
                    "name": user.display_name,
                    "start": clock.local(other.starts_at).strftime("%m-%d %H:%M"),
                    "end": clock.local(other.ends_at).strftime("%m-%d %H:%M"),
                },
                code=code,
            )


def check_eligible(line: Line, user: User, duty: str) -> None:
    if not is_eligible(line, user, duty):
        raise DomainError(
            _("%(name)s cannot take %(duty)s duty on this line.")
            % {"name": user.display_name, "duty": Duty(duty).label},
            code=ErrorCode.COLLEAGUE_NOT_ELIGIBLE,
            fields={"user": [_("Choose someone of this line with that role.")]},
        )


def _supervisor(actor: User, line: Line) -> None:
    if not may_supervise(actor, line):
        raise PermissionDenied()


def shift_cancel(*, actor: User, line: Line, ref: str, note: str = "") -> Shift:
    """Cancel one shift (an occurrence of the pattern, or an extra one)."""
    _supervisor(actor, line)
    with transaction.atomic():
        shift = shift_resolve(line=line, ref=ref)
        check_not_started(shift)
        shift.cancelled = True
        shift.note = note
        shift.save(update_fields=["cancelled", "note"])
        audit.record(actor=actor, action="hotline.shift.cancelled", target=shift, unit=line.unit)
    return shift


def shift_add_extra(
    *,
    actor: User,
    line: Line,
    starts_at: datetime,
    ends_at: datetime,
    people: Sequence[tuple[User, str]],
    label: str = "",
) -> Shift:
    """An extra one-off shift with the people who work it."""
    _supervisor(actor, line)
    if ends_at <= starts_at:
        raise DomainError(
            _("A shift must end after it begins."),
            code=ErrorCode.INVALID_TIMES,
            fields={"ends_at": [_("A shift must end after it begins.")]},
        )
    with transaction.atomic():
        shift = Shift.objects.create(
            line=line,
            kind=ShiftKind.EXTRA,
            starts_at=starts_at,
            ends_at=ends_at,
            label=label,
            created_by=actor,
        )
        check_not_started(shift)
        for user, duty in people:
            check_eligible(line, user, duty)
            check_free(line, user, shift, code=ErrorCode.ALREADY_ON_SHIFT)
            ShiftAssignment.objects.create(shift=shift, user=user, duty=duty)
        audit.record(
            actor=actor,
            action="hotline.shift.added",
            target=shift,
            unit=line.unit,
            details={"people": [u.pk for u, _d in people]},
        )
    return shift


def shift_person_replace(*, actor: User, line: Line, ref: str, replaced: User, by: User) -> Shift:
    """`by` works the shift instead of `replaced`, on the same duty."""
    _supervisor(actor, line)
    with transaction.atomic():
        shift = shift_resolve(line=line, ref=ref)
        check_not_started(shift)
        assignment = ShiftAssignment.objects.filter(shift=shift, user=replaced).first()
        if assignment is None:
            raise DomainError(
                _("%(name)s is not on this shift.") % {"name": replaced.display_name},
                code=ErrorCode.NOT_ON_SHIFT,
            )
        if ShiftAssignment.objects.filter(shift=shift, user=by).exists():
            raise DomainError(
                _("%(name)s is already on this shift.") % {"name": by.display_name},
                code=ErrorCode.ALREADY_ON_SHIFT,
            )
        check_eligible(line, by, assignment.duty)
        check_free(line, by, shift)
        assignment.user = by
        assignment.save(update_fields=["user"])
        audit.record(
            actor=actor,
            action="hotline.shift.person_replaced",
            target=shift,
            unit=line.unit,
            details={"replaced": replaced.pk, "by": by.pk, "duty": assignment.duty},
        )
    return shift


def shift_person_add(*, actor: User, line: Line, ref: str, user: User, duty: str) -> Shift:
    """Add a person to one shift."""
    _supervisor(actor, line)
    with transaction.atomic():
        shift = shift_resolve(line=line, ref=ref)
        check_not_started(shift)
        if ShiftAssignment.objects.filter(shift=shift, user=user).exists():
            raise DomainError(
                _("%(name)s is already on this shift.") % {"name": user.display_name},
                code=ErrorCode.ALREADY_ON_SHIFT,
            )
        check_eligible(line, user, duty)
        check_free(line, user, shift)
        ShiftAssignment.objects.create(shift=shift, user=user, duty=duty)
        audit.record(
            actor=actor,
            action="hotline.shift.person_added",
            target=shift,
            unit=line.unit,
            details={"user": user.pk, "duty": duty},
        )
    return shift
