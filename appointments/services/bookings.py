"""Bookings: create, reschedule, cancel. Each function is one use case.

The open-bookings limit is read after locking the worker's row, inside the
transaction that writes; a slot is held by a partial unique constraint, so of two
racing workers exactly one wins and the other gets `SlotTaken` with alternatives.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.errors import BookingNotOpen, BookingRefused, ErrorCode, SlotTaken
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.schedule import Mode, Slot
from appointments.models.waitlist import WaitlistEntry, WaitlistStatus
from appointments.notifications import bookings
from appointments.selectors.slots import free_slots
from appointments.services import case_steps
from core.errors import NotFound
from network import audit
from network.access import Viewer
from network.models import PartnerApp


def phone_session_allowed(worker: Viewer) -> bool:
    """A session by phone needs a verified mobile number: the counsellor calls it."""
    return bool(getattr(worker, "phone", None) and getattr(worker, "phone_verified", False))


def _check_phone_session(*, worker: User, slot: Slot) -> None:
    if slot.mode == Mode.PHONE and not phone_session_allowed(worker):
        raise BookingRefused(
            _(
                "A session by phone needs a verified mobile number. "
                "Add or verify your number, then book."
            ),
            code=ErrorCode.PHONE_NOT_VERIFIED,
        )


def _alternatives(slot: Slot, limit: int = 3) -> list[Slot]:
    return list(
        free_slots().filter(station_id=slot.station_id, mode=slot.mode).exclude(pk=slot.pk)[:limit]
    )


def _held_for_other(*, slot: Slot, worker: User) -> bool:
    """The slot is held by a running waitlist offer to someone other than `worker`."""
    return (
        WaitlistEntry.objects.filter(
            offered_slot_id=slot.pk,
            status=WaitlistStatus.OFFERED,
            offer_expires_at__gt=timezone.now(),
        )
        .exclude(worker_id=worker.pk)
        .exists()
    )


def _insert_booking(
    *,
    actor: User | None,
    worker: User,
    slot: Slot,
    reason: str,
    partner_app: PartnerApp | None = None,
    via_id: int | None = None,
) -> Booking:
    """Insert `worker`'s booking in a savepoint; the database decides a race (SlotTaken).

    A slot held by a running waitlist offer is refused unless `worker` is the
    one it is offered to. The slot row is locked first (PostgreSQL), so a
    booking and an offer of the same slot (services.waitlist) never pass
    each other's check. `via_id` is the partner app the booking is made through
    (kept on the booking); `partner_app` the one acting now (audit). The audit
    entry names `actor` (who acts) and, when someone else books, `worker` too.
    """
    if slot.withdrawn or slot.starts_at < timezone.now() + timedelta(
        hours=settings.APPOINTMENT_MIN_NOTICE_HOURS
    ):
        raise SlotTaken(alternatives=_alternatives(slot))
    try:
        with transaction.atomic():
            list(Slot.objects.select_for_update().filter(pk=slot.pk).values_list("pk"))
            if _held_for_other(slot=slot, worker=worker):
                raise SlotTaken(alternatives=[])
            booking = Booking.objects.create(
                slot=slot,
                worker=worker,
                counsellor_id=slot.counsellor_id,
                room_id=slot.room_id if slot.mode == "in_person" else None,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                reason=reason,
                partner_app_id=via_id,
            )
            details: dict[str, Any] = {"slot": str(slot.public_id), "mode": slot.mode}
            if actor is None or actor.pk != worker.pk:
                details["worker"] = worker.pk
            audit.record(
                actor=actor,
                action="appointments.booking.created",
                target=booking,
                unit=slot.station,
                details=details,
                partner_app=partner_app,
            )
    except (SlotTaken, IntegrityError):
        raise SlotTaken(alternatives=_alternatives(slot)) from None
    return booking


def _open_bookings(worker: User) -> QuerySet[Booking]:
    return Booking.objects.filter(
        worker=worker, status=BookingStatus.BOOKED, starts_at__gte=timezone.now()
    )


def lock_worker(worker: User) -> None:
    """Serialise one worker's writes: read a per-worker limit after this, in that transaction.

    A row lock on the worker's user (PostgreSQL); SQLite's IMMEDIATE
    transactions already serialise every writer. Used by bookings, pod
    bookings and the waitlist; take it before any slot or entry lock.
    """
    list(User.objects.select_for_update().filter(pk=worker.pk).values_list("pk"))


def _check_open_limit(*, actor: User | None, worker: User) -> None:
    open_count = _open_bookings(worker).count()
    if open_count < settings.APPOINTMENT_MAX_OPEN_BOOKINGS:
        return
    if actor is not None and actor.pk == worker.pk:
        message = _("You already have %(count)d open bookings. Cancel one to book another.")
    else:
        message = _(
            "This worker already has %(count)d open bookings. "
            "One of them must be cancelled before another is booked."
        )
    raise BookingRefused(message % {"count": open_count}, code=ErrorCode.BOOKING_LIMIT)


def booking_create(
    *,
    actor: User | None,
    worker: User,
    slot: Slot,
    reason: str = "",
    partner_app: PartnerApp | None = None,
    link_base: str = "",
) -> Booking:
    """Book `slot` for `worker`; `actor` is who books (the worker, or the slot's counsellor).

    Exactly one of two racing workers wins a slot: the loser gets SlotTaken
    (409) carrying the next free slots at the same station and mode. The
    database decides that race (partial unique index on every backend;
    exclusion constraints on PostgreSQL), not a read beforehand.

    APPOINTMENT_MAX_OPEN_BOOKINGS is read inside the writing transaction after
    the worker's row is locked, so a worker's racing requests never pass it.
    It holds for a counsellor booking for a case too: the limit counts the
    worker's open sessions, whoever books them (nothing in the case flow says
    a counsellor may exceed it); the refusal then speaks to the counsellor.
    Someone other than the worker may book only a slot of their own (the
    counsellor, appointments.cases.case_book_session checks the case).
    A phone session needs the worker's verified number either way.

    The confirmation (SMS and e-mail with the manage link) is sent on commit;
    `link_base` ("https://host") makes the link absolute.
    """
    if not worker.is_authenticated or (actor is not None and not actor.is_authenticated):
        raise BookingRefused(_("Sign in to book a session."))
    if actor is not None and actor.pk != worker.pk and slot.counsellor_id != actor.pk:
        raise NotFound()
    return booking_create_for(
        actor=actor,
        worker=worker,
        slot=slot,
        reason=reason,
        partner_app=partner_app,
        link_base=link_base,
    )


def alternatives(slot: Slot) -> list[Slot]:
    """The next free slots at the same station and in the same mode as `slot`."""
    return _alternatives(slot)


def booking_create_for(
    *,
    actor: User | None,
    worker: User,
    slot: Slot,
    reason: str = "",
    partner_app: PartnerApp | None = None,
    link_base: str = "",
) -> Booking:
    """Book `slot` for `worker` once the caller has checked that `actor` may (the rules
    of booking_create apart from who books: phone sessions, the open-bookings limit,
    the race for the slot, the confirmation on commit)."""
    _check_phone_session(worker=worker, slot=slot)
    with transaction.atomic():
        lock_worker(worker)
        _check_open_limit(actor=actor, worker=worker)
        booking = _insert_booking(
            actor=actor,
            worker=worker,
            slot=slot,
            reason=reason,
            partner_app=partner_app,
            via_id=partner_app.pk if partner_app is not None else None,
        )
        bookings.booking_notify_later(
            booking_id=booking.pk, purpose="confirmation", link_base=link_base
        )
    return booking


def _check_cancel_window(*, actor: User, booking: Booking) -> None:
    window = timedelta(hours=settings.APPOINTMENT_CANCEL_HOURS)
    if (
        booking.worker_id == getattr(actor, "pk", None)
        and booking.starts_at - timezone.now() < window
    ):
        raise BookingRefused(
            _("Bookings can be cancelled up to %(hours)d hours before; please call the station.")
            % {"hours": settings.APPOINTMENT_CANCEL_HOURS}
        )


@transaction.atomic
def booking_reschedule(
    *,
    actor: User,
    booking: Booking,
    new_slot: Slot,
    partner_app: PartnerApp | None = None,
    link_base: str = "",
) -> Booking:
    """Move the worker's booking to `new_slot` (same station and mode) in one transaction.

    The new slot is booked first; if another worker wins it, SlotTaken is
    raised and the old booking stays as it was.
    """
    booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if getattr(actor, "pk", None) != booking.worker_id:
        raise NotFound()
    if booking.status != BookingStatus.BOOKED:
        raise BookingNotOpen()
    if new_slot.station_id != booking.slot.station_id or new_slot.mode != booking.slot.mode:
        raise BookingRefused(
            _("Choose another time at the same station and in the same way of meeting."),
            code=ErrorCode.RESCHEDULE_ELSEWHERE,
        )
    _check_cancel_window(actor=actor, booking=booking)
    _check_phone_session(worker=actor, slot=new_slot)
    # The moved booking stays with the door it was made through.
    new = _insert_booking(
        actor=actor,
        worker=actor,  # checked above: the worker moves their own booking
        slot=new_slot,
        reason=booking.reason,
        partner_app=partner_app,
        via_id=booking.partner_app_id,
    )
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    new.case_id = booking.case_id
    # The same calendar event, one revision on (notifications.ics).
    new.calendar_uid = booking.calendar_uid or booking.public_id
    new.calendar_sequence = booking.calendar_sequence + 1
    new.save(update_fields=["case", "calendar_uid", "calendar_sequence"])
    _slot_freed_on_commit(booking.slot_id)
    audit.record(
        actor=actor,
        action="appointments.booking.rescheduled",
        target=new,
        unit=new_slot.station,
        details={"from": str(booking.public_id), "slot": str(new_slot.public_id)},
        partner_app=partner_app,
    )
    bookings.booking_notify_later(booking_id=new.pk, purpose="confirmation", link_base=link_base)
    return new


@transaction.atomic
def booking_cancel(
    *, actor: User, booking: Booking, partner_app: PartnerApp | None = None
) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if getattr(actor, "pk", None) not in {booking.worker_id, booking.counsellor_id}:
        raise NotFound()
    if booking.status != BookingStatus.BOOKED:
        raise BookingNotOpen()
    _check_cancel_window(actor=actor, booking=booking)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    audit.record(
        actor=actor,
        action="appointments.booking.cancelled",
        target=booking,
        unit=booking.slot.station,
        partner_app=partner_app,
    )
    if booking.case_id:
        case_steps.case_ensure_next_step(case_id=booking.case_id, actor=actor)
    if getattr(actor, "pk", None) != booking.worker_id:
        # The counsellor cancelled: the worker hears it at once, with a way to rebook.
        bookings.booking_notify_later(booking_id=booking.pk, purpose="cancelled_by_counsellor")
    _slot_freed_on_commit(booking.slot_id)
    return booking


def _slot_freed_on_commit(slot_id: int) -> None:
    """Offer a freed slot to the waitlist once the cancellation is committed.

    The work is an outbox row written with the cancellation, so a broker
    outage delays the offer and never loses it.
    """
    from core import outbox

    outbox.enqueue_task(
        "appointments.services.slot_freed",
        kwargs={"slot_id": slot_id},
        purpose="appointments.slot_freed",
    )
