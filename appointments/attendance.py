"""Attendance and what a counsellor does with one booking: check-in, no-show, the
meeting link of an online session, the number to call for a phone session; and the
office-hours writes of the admin (rules, exceptions, rooms, pods).

Each function is one use case: keyword-only, actor first, one transaction, an
audit entry. Only the booking's own counsellor acts on a booking; anyone else is
told "not found", as everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments import case_steps, notifications, services
from appointments.models import (
    AvailabilityException,
    AvailabilityRule,
    Booking,
    BookingStatus,
    ExceptionKind,
    Mode,
    Pod,
    Room,
)
from core.errors import Conflict, DomainError, NotFound
from network import access, audit
from network.models import Membership, OrgUnit, Role

# A worker who arrives early may be checked in this long before the start.
CHECK_IN_EARLY = timedelta(hours=1)


class AttendanceRefused(DomainError):
    code = "attendance_refused"


def _own_booking_locked(*, actor: Any, booking: Booking) -> Booking:
    """The booking, locked, if `actor` is its counsellor; NotFound for anyone else."""
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__station")
        .filter(pk=booking.pk)
        .first()
    )
    if locked is None or getattr(actor, "pk", None) != locked.counsellor_id:
        raise NotFound()
    return locked


def _after_mark(*, actor: Any, booking: Booking) -> None:
    if booking.case_id:
        case_steps.case_ensure_next_step(case_id=booking.case_id, actor=actor)


def check_in_opens_at(booking: Booking) -> datetime:
    """When a booking can first be checked in: an hour before it starts."""
    return booking.starts_at - CHECK_IN_EARLY


def check_in_is_open(booking: Booking, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= check_in_opens_at(booking)


@transaction.atomic
def booking_check_in(*, actor: Any, booking: Booking, now: datetime | None = None) -> Booking:
    """The worker came (or joined by phone or online): mark the booking attended.

    From an hour before the start; a booking marked "did not come" can still be
    corrected when the worker turns up late.
    """
    booking = _own_booking_locked(actor=actor, booking=booking)
    now = now or timezone.now()
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.NO_SHOW):
        raise Conflict(_("This booking is no longer open."), code="booking_not_open")
    if not check_in_is_open(booking, now=now):
        raise AttendanceRefused(
            _("Check-in opens an hour before the session starts."), code="check_in_too_early"
        )
    previous = booking.status
    booking.status = BookingStatus.ATTENDED
    booking.checked_in_at = now
    booking.marked_by = actor
    booking.save(update_fields=["status", "checked_in_at", "marked_by"])
    audit.record(
        actor=actor,
        action="appointments.booking.attended",
        target=booking,
        unit=booking.slot.station,
        details={"previous": str(previous)},
    )
    _after_mark(actor=actor, booking=booking)
    return booking


@transaction.atomic
def booking_mark_no_show(*, actor: Any, booking: Booking, now: datetime | None = None) -> Booking:
    """The worker did not come: only once the session has started."""
    booking = _own_booking_locked(actor=actor, booking=booking)
    now = now or timezone.now()
    if booking.status != BookingStatus.BOOKED:
        raise Conflict(_("This booking is no longer open."), code="booking_not_open")
    if now < booking.starts_at:
        raise AttendanceRefused(
            _("A booking can be marked as missed only after its start time."),
            code="no_show_too_early",
        )
    booking.status = BookingStatus.NO_SHOW
    booking.checked_in_at = None
    booking.marked_by = actor
    booking.save(update_fields=["status", "checked_in_at", "marked_by"])
    audit.record(
        actor=actor,
        action="appointments.booking.no_show",
        target=booking,
        unit=booking.slot.station,
    )
    _after_mark(actor=actor, booking=booking)
    return booking


_https_only = URLValidator(schemes=["https"])


@transaction.atomic
def booking_meeting_link_set(
    *, actor: Any, booking: Booking, link: str, link_base: str = ""
) -> Booking:
    """Give an online session its meeting link (the platform hosts no video).

    The worker is told by SMS and e-mail once the change is committed. An empty
    link removes it (no message is sent then).
    """
    booking = _own_booking_locked(actor=actor, booking=booking)
    if booking.slot.mode != Mode.ONLINE:
        raise AttendanceRefused(_("Only online sessions have a meeting link."), code="not_online")
    if booking.status != BookingStatus.BOOKED:
        raise Conflict(_("This booking is no longer open."), code="booking_not_open")
    link = link.strip()
    if link:
        try:
            _https_only(link)
        except ValidationError:
            message = _("Enter a full https:// address of the meeting.")
            raise AttendanceRefused(
                message, code="bad_meeting_link", fields={"link": [str(message)]}
            ) from None
    if link == booking.meeting_link:
        return booking
    booking.meeting_link = link
    booking.save(update_fields=["meeting_link"])
    audit.record(
        actor=actor,
        action="appointments.booking.meeting_link_set",
        target=booking,
        unit=booking.slot.station,
        # The host only: a full link may carry the meeting's passcode.
        details={"host": urlsplit(link).hostname or ""},
    )
    if link:
        notifications.booking_notify_later(
            booking_id=booking.pk, purpose="meeting_link", link_base=link_base
        )
    return booking


@transaction.atomic
def booking_phone_number(*, actor: Any, booking: Booking) -> str:
    """The worker's number, for the counsellor of a phone session to call.

    Only the booking's counsellor, only for a phone session that is not
    cancelled; every read is audit-logged (without the number). Returns "" when
    the worker has no number on file.
    """
    booking = _own_booking_locked(actor=actor, booking=booking)
    if booking.slot.mode != Mode.PHONE:
        raise AttendanceRefused(_("This is not a phone session."), code="not_phone")
    if booking.status == BookingStatus.CANCELLED:
        raise Conflict(_("This booking is no longer open."), code="booking_not_open")
    audit.record(
        actor=actor,
        action="appointments.booking.phone_viewed",
        target=booking,
        unit=booking.slot.station,
    )
    phone = booking.worker.phone if booking.worker_id else ""
    return str(phone or "")


# --- office hours, rooms and pods (written from the admin) ------------------------------

MANAGE = access.Perm.MANAGE_OFFICE_HOURS


def _check_station(actor: Any, station: OrgUnit | None, field: str = "station") -> None:
    if station is None or not access.can(actor, MANAGE, station):
        message = _("Choose a station within your part of the network.")
        raise DomainError(message, code="station_out_of_reach", fields={field: [str(message)]})


def counsellors_in_reach(actor: Any) -> Any:
    """Users holding a counsellor role at a unit the actor manages office hours for."""
    from accounts.models import User

    roles = Membership.objects.filter(role=Role.COUNSELLOR).filter(
        access.scope_q(actor, MANAGE, field="unit__path")
    )
    return User.objects.filter(pk__in=roles.values("user_id"), is_active=True)


def _check_counsellor(actor: Any, counsellor_id: int | None) -> None:
    if counsellor_id is None or not counsellors_in_reach(actor).filter(pk=counsellor_id).exists():
        message = _("Choose a counsellor of your part of the network.")
        raise DomainError(
            message, code="counsellor_out_of_reach", fields={"counsellor": [str(message)]}
        )


def _check_room(room: Room | None, station_id: int | None) -> None:
    if room is not None and room.station_id != station_id:
        message = _("The room must belong to the chosen station.")
        raise DomainError(message, code="room_elsewhere", fields={"room": [str(message)]})


def _validated(obj: Model) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        fields = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        raise DomainError(
            _("Please correct the errors below."), code="invalid", fields=fields
        ) from None


def _previous(model: type[Model], obj: Model) -> Any:
    if obj.pk is None:
        return None
    return model._default_manager.select_related("station").filter(pk=obj.pk).first()


def _regenerate(*counsellor_ids: int | None) -> None:
    for counsellor_id in sorted({c for c in counsellor_ids if c is not None}):
        services.slots_regenerate(counsellor_id=counsellor_id)


@transaction.atomic
def office_hours_rule_save(*, actor: Any, rule: AvailabilityRule) -> AvailabilityRule:
    """Create or change a counsellor's office hours, then regenerate the counsellor's slots.

    The station (before and after), the counsellor and the room must lie
    within the actor's reach.
    """
    before = _previous(AvailabilityRule, rule)
    if before is not None:
        _check_station(actor, before.station)
    _check_station(actor, rule.station if rule.station_id else None)
    _check_counsellor(actor, rule.counsellor_id)
    _check_room(rule.room, rule.station_id)
    _validated(rule)
    rule.save()
    audit.record(
        actor=actor,
        action="appointments.office_hours.updated"
        if before
        else "appointments.office_hours.created",
        target=rule,
        unit=rule.station,
        details={"counsellor": rule.counsellor_id, "mode": rule.mode, "weekday": rule.weekday},
    )
    _regenerate(rule.counsellor_id, before.counsellor_id if before else None)
    return rule


@transaction.atomic
def office_hours_rule_delete(*, actor: Any, rule: AvailabilityRule) -> None:
    _check_station(actor, rule.station)
    counsellor_id, station = rule.counsellor_id, rule.station
    audit.record(
        actor=actor,
        action="appointments.office_hours.deleted",
        target=rule,
        unit=station,
        details={"counsellor": counsellor_id},
    )
    rule.delete()
    _regenerate(counsellor_id)


def _exception_unit(actor: Any, exception: AvailabilityException) -> OrgUnit | None:
    """Where an exception lives: its station, or (leave, holidays) a counsellor's unit."""
    if exception.station_id:
        return exception.station
    membership = (
        Membership.objects.filter(user_id=exception.counsellor_id, role=Role.COUNSELLOR)
        .filter(access.scope_q(actor, MANAGE, field="unit__path"))
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )
    return membership.unit if membership else None


@transaction.atomic
def office_hours_exception_save(
    *, actor: Any, exception: AvailabilityException
) -> AvailabilityException:
    """Create or change a leave day, holiday or extra hours, then regenerate slots."""
    before = _previous(AvailabilityException, exception)
    if before is not None and before.station_id:
        _check_station(actor, before.station)
    _check_counsellor(actor, exception.counsellor_id)
    if exception.kind == ExceptionKind.EXTRA or exception.station_id:
        _check_station(actor, exception.station if exception.station_id else None)
    _check_room(exception.room, exception.station_id)
    _validated(exception)
    exception.save()
    audit.record(
        actor=actor,
        action=(
            "appointments.office_hours_exception.updated"
            if before
            else "appointments.office_hours_exception.created"
        ),
        target=exception,
        unit=_exception_unit(actor, exception),
        details={"counsellor": exception.counsellor_id, "kind": exception.kind},
    )
    _regenerate(exception.counsellor_id, before.counsellor_id if before else None)
    return exception


@transaction.atomic
def office_hours_exception_delete(*, actor: Any, exception: AvailabilityException) -> None:
    if exception.station_id:
        _check_station(actor, exception.station)
    else:
        _check_counsellor(actor, exception.counsellor_id)
    counsellor_id = exception.counsellor_id
    audit.record(
        actor=actor,
        action="appointments.office_hours_exception.deleted",
        target=exception,
        unit=_exception_unit(actor, exception),
        details={"counsellor": counsellor_id, "kind": exception.kind},
    )
    exception.delete()
    _regenerate(counsellor_id)


@transaction.atomic
def room_save(*, actor: Any, room: Room) -> Room:
    before = _previous(Room, room)
    if before is not None:
        _check_station(actor, before.station)
    _check_station(actor, room.station if room.station_id else None)
    _validated(room)
    room.save()
    audit.record(
        actor=actor,
        action="appointments.room.updated" if before else "appointments.room.created",
        target=room,
        unit=room.station,
        details={"active": room.is_active},
    )
    return room


@transaction.atomic
def pod_save(*, actor: Any, pod: Pod) -> Pod:
    before = _previous(Pod, pod)
    if before is not None:
        _check_station(actor, before.station)
    _check_station(actor, pod.station if pod.station_id else None)
    _validated(pod)
    pod.save()
    audit.record(
        actor=actor,
        action="appointments.pod.updated" if before else "appointments.pod.created",
        target=pod,
        unit=pod.station,
        details={"kind": pod.kind, "active": pod.is_active},
    )
    return pod
