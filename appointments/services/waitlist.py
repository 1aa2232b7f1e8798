"""The waitlist: a freed slot is offered to the first waiting worker for a while,
then to the next. Each function is one use case.

A worker joins the line of a station and a day (optionally one counsellor and
one way of meeting) when that day has no free time. When a booking there is
cancelled or moved, `slot_freed` offers the slot to the first matching worker
for WAITLIST_OFFER_MINUTES; while the offer runs the slot is held
(`selectors.slots.free_slots` hides it and `booking_create` refuses anyone
else). The worker accepts (a normal booking, limits respected), declines (the
slot passes on, the worker keeps waiting) or lets it run out (`offers_expire`,
beat every minute: the entry ends `expired`, the slot passes on).

A declined entry goes back to `waiting` and keeps the declined slot in
`offered_slot`, so the same slot is never offered to it again in the same
round (the model has no separate "declined" field).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.errors import ErrorCode, OfferClosed, WaitlistRefused
from appointments.models.bookings import ACTIVE_BOOKING_STATUSES, Booking
from appointments.models.schedule import Slot
from appointments.models.waitlist import WaitlistEntry, WaitlistStatus
from appointments.notifications.waitlist import offer_notify
from appointments.selectors import slots
from appointments.selectors.waitlist import OPEN_STATUSES, offer_is_running
from appointments.services import bookings
from core import clock, outbox
from core.errors import NotFound
from network import audit
from network.models import OrgUnit

# A worker may wait in this many lines at once.
MAX_OPEN_ENTRIES = 5


def _day_slots(
    *, station: OrgUnit, day: date, counsellor: User | None, mode: str
) -> QuerySet[Slot]:
    tz = clock.network_tz()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    qs = slots.free_slots().filter(
        station=station, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    )
    if counsellor is not None:
        qs = qs.filter(counsellor=counsellor)
    if mode:
        qs = qs.filter(mode=mode)
    return qs


def _check_line_can_move(
    *, actor: User, station: OrgUnit, day: date, counsellor: User | None, mode: str, today: date
) -> None:
    """Refuse a line that would never move, a day with a free time, or one line too many."""
    if not slots.station_keeps_office_hours(station, today=today):
        raise WaitlistRefused(
            _(
                "No counsellor keeps office hours at %(station)s at the moment, so no time "
                "there can become free. Please choose another station."
            )
            % {"station": station.name},
            code=ErrorCode.WAITLIST_NO_OFFICE_HOURS,
        )
    if _day_slots(station=station, day=day, counsellor=counsellor, mode=mode).exists():
        raise WaitlistRefused(
            _("There is still a free time that day. Please book it instead."),
            code=ErrorCode.WAITLIST_FREE_TIME,
        )
    open_count = WaitlistEntry.objects.filter(worker=actor, status__in=OPEN_STATUSES).count()
    if open_count >= MAX_OPEN_ENTRIES:
        raise WaitlistRefused(
            _("You are already on %(count)d waitlists. Leave one to join another.")
            % {"count": open_count},
            code=ErrorCode.WAITLIST_LIMIT,
        )


@transaction.atomic
def waitlist_join(
    *,
    actor: User | None,
    station: OrgUnit,
    day: date,
    counsellor: User | None = None,
    mode: str = "",
) -> WaitlistEntry:
    """Put the worker in the line of `station` on `day`; joining twice returns the same entry.

    Refused when the day is past or too far ahead, when no counsellor keeps office
    hours at the station (the line would never move), when the day still has a free
    time (book that instead), or when the worker already waits in
    MAX_OPEN_ENTRIES lines.
    """
    if actor is None or not actor.is_authenticated:
        raise WaitlistRefused(_("Sign in to join the waitlist."))
    today = clock.today()
    if day < today or day > today + timedelta(days=settings.APPOINTMENT_MIN_HORIZON_DAYS):
        raise WaitlistRefused(
            _("Choose a day from today up to %(days)d days ahead.")
            % {"days": settings.APPOINTMENT_MIN_HORIZON_DAYS},
            code=ErrorCode.WAITLIST_DAY,
        )
    # One request of the worker at a time from here: the duplicate check and the limit hold.
    bookings.lock_worker(actor)
    existing = WaitlistEntry.objects.filter(
        worker=actor,
        station=station,
        day=day,
        counsellor=counsellor,
        mode=mode or "",
        status__in=OPEN_STATUSES,
    ).first()
    if existing is not None:
        return existing
    _check_line_can_move(
        actor=actor, station=station, day=day, counsellor=counsellor, mode=mode, today=today
    )
    entry = WaitlistEntry.objects.create(
        worker=actor, station=station, day=day, counsellor=counsellor, mode=mode or ""
    )
    audit.record(
        actor=actor,
        action="appointments.waitlist.joined",
        target=entry,
        unit=station,
        details={"day": day.isoformat(), "mode": mode or ""},
    )
    return entry


def _own_locked(*, actor: User, entry: WaitlistEntry) -> WaitlistEntry:
    locked = (
        WaitlistEntry.objects.select_for_update()
        .filter(pk=entry.pk, worker_id=getattr(actor, "pk", None))
        .first()
    )
    if locked is None:
        raise NotFound()
    return locked


def _pass_on_commit(slot_id: int | None) -> None:
    """Offer the slot to the next in line once this transaction is committed."""
    if slot_id is None:
        return
    outbox.enqueue_task(
        "appointments.services.slot_freed",
        kwargs={"slot_id": slot_id},
        purpose="appointments.slot_freed",
    )


@transaction.atomic
def waitlist_leave(*, actor: User, entry: WaitlistEntry) -> WaitlistEntry:
    """The worker leaves the line; a running offer of theirs passes to the next worker."""
    entry = _own_locked(actor=actor, entry=entry)
    if entry.status not in OPEN_STATUSES:
        raise OfferClosed(_("You are no longer on this waitlist."))
    was_offered = entry.status == WaitlistStatus.OFFERED
    entry.status = WaitlistStatus.LEFT
    entry.offer_expires_at = None
    entry.save(update_fields=["status", "offer_expires_at"])
    audit.record(actor=actor, action="appointments.waitlist.left", target=entry)
    if was_offered:
        _pass_on_commit(entry.offered_slot_id)
    return entry


@transaction.atomic
def waitlist_offer_decline(*, actor: User, entry: WaitlistEntry) -> WaitlistEntry:
    """Not this time: the slot passes to the next worker; the worker keeps waiting."""
    entry = _own_locked(actor=actor, entry=entry)
    if entry.status != WaitlistStatus.OFFERED:
        raise OfferClosed()
    entry.status = WaitlistStatus.WAITING
    entry.offer_expires_at = None
    # offered_slot stays: it marks the declined slot, never offered to this entry again.
    entry.save(update_fields=["status", "offer_expires_at"])
    audit.record(
        actor=actor,
        action="appointments.waitlist.offer_declined",
        target=entry,
        details={"slot": entry.offered_slot_id},
    )
    _pass_on_commit(entry.offered_slot_id)
    return entry


@transaction.atomic
def waitlist_offer_accept(*, actor: User, entry: WaitlistEntry, link_base: str = "") -> Booking:
    """Book the offered slot through the booking service (limits respected); entry booked.

    If the booking is refused (limit of open bookings) the offer keeps running
    until it expires, so the worker can cancel another booking and try again.
    """
    entry = _own_locked(actor=actor, entry=entry)
    if not offer_is_running(entry) or entry.offered_slot_id is None:
        raise OfferClosed()
    slot = Slot.objects.select_related("station", "counsellor__practitioner", "room").get(
        pk=entry.offered_slot_id
    )
    booking = bookings.booking_create(actor=actor, worker=actor, slot=slot, link_base=link_base)
    entry.status = WaitlistStatus.BOOKED
    entry.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="appointments.waitlist.offer_accepted",
        target=entry,
        unit=slot.station,
        details={"booking": str(booking.public_id)},
    )
    return booking


def _candidates(slot: Slot) -> QuerySet[WaitlistEntry]:
    """Waiting entries that fit `slot`, first in line first (index appointments_waitlist_line)."""
    day = clock.local(slot.starts_at).date()
    start = clock.at(day)
    same_day_booking = Booking.objects.filter(
        worker=OuterRef("worker_id"),
        counsellor_id=slot.counsellor_id,
        status__in=ACTIVE_BOOKING_STATUSES,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
    )
    return (
        WaitlistEntry.objects.filter(
            station_id=slot.station_id, day=day, status=WaitlistStatus.WAITING
        )
        .filter(Q(counsellor__isnull=True) | Q(counsellor_id=slot.counsellor_id))
        .filter(Q(mode="") | Q(mode=slot.mode))
        .exclude(offered_slot_id=slot.pk)
        .exclude(Exists(same_day_booking))
        .order_by("created_at", "pk")
    )


def slot_freed(*, slot_id: int) -> None:
    """Offer a freed slot to the first matching waiting worker.

    Idempotent and safe under concurrency: the slot row is locked (PostgreSQL),
    nothing happens when the slot is booked, held by a running offer, withdrawn
    or inside the minimum notice, and the entry is claimed with
    select_for_update(skip_locked=True) so two slots freed at once go to two
    different workers. Nobody waiting: the slot simply stays free.
    """
    now = timezone.now()
    notice = timedelta(hours=settings.APPOINTMENT_MIN_NOTICE_HOURS)
    with transaction.atomic():
        slot = (
            Slot.objects.select_for_update()
            .filter(pk=slot_id, withdrawn=False, starts_at__gte=now + notice)
            .first()
        )
        if slot is None:
            return
        if Booking.objects.filter(slot=slot, status__in=ACTIVE_BOOKING_STATUSES).exists():
            return
        if WaitlistEntry.objects.filter(offered_slot=slot, status=WaitlistStatus.OFFERED).exists():
            return
        entry = _candidates(slot).select_for_update(skip_locked=True).first()
        if entry is None:
            return
        expires = min(
            now + timedelta(minutes=settings.WAITLIST_OFFER_MINUTES), slot.starts_at - notice
        )
        claimed = WaitlistEntry.objects.filter(pk=entry.pk, status=WaitlistStatus.WAITING).update(
            status=WaitlistStatus.OFFERED, offered_slot=slot, offer_expires_at=expires
        )
        if not claimed:
            return
        audit.record(
            actor=None,
            action="appointments.waitlist.offered",
            target=entry,
            details={"slot": str(slot.public_id), "expires_at": expires.isoformat()},
        )
        # The messages are outbox rows committed with the offer itself.
        offer_notify(entry_id=entry.pk)


def offers_expire() -> int:
    """Mark offers that ran out `expired` and offer each slot to the next in line.

    Each entry is claimed with a filtered UPDATE (… WHERE status = 'offered'),
    so overlapping runs expire and pass on every offer once.
    """
    now = timezone.now()
    due = list(
        WaitlistEntry.objects.filter(
            status=WaitlistStatus.OFFERED, offer_expires_at__lte=now
        ).values_list("pk", "offered_slot_id")
    )
    expired = 0
    for pk, slot_id in due:
        # The expiry and the next offer (with its outbox rows) commit together.
        with transaction.atomic():
            claimed = WaitlistEntry.objects.filter(
                pk=pk, status=WaitlistStatus.OFFERED, offer_expires_at__lte=now
            ).update(status=WaitlistStatus.EXPIRED)
            if not claimed:
                continue
            expired += 1
            audit.record(
                actor=None,
                action="appointments.waitlist.offer_expired",
                details={"entry": pk, "slot": slot_id},
            )
            if slot_id is not None:
                slot_freed(slot_id=slot_id)
    return expired
