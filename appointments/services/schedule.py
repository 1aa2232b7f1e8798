"""Slots from office hours: `slots_regenerate` keeps a counsellor's Slot rows in step
with their rules and exceptions (hourly beat job and after every office-hours change).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from appointments.models.schedule import AvailabilityException, AvailabilityRule, Slot
from appointments.selectors.slots import active_booking_exists
from appointments.services.recurrence import ExceptionSpec, RuleSpec, SlotTime, slot_times
from core import clock, public_cache


def _specs(counsellor_id: int) -> tuple[list[RuleSpec], list[ExceptionSpec], int]:
    rules = AvailabilityRule.objects.filter(counsellor_id=counsellor_id, is_active=True)
    specs = [
        RuleSpec(
            key=r.pk,
            weekday=r.weekday,
            weeks_of_month=tuple(r.weeks_of_month or ()),
            start=r.start_time,
            end=r.end_time,
            slot_minutes=r.slot_minutes,
            buffer_minutes=r.buffer_minutes,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            station_id=r.station_id,
            mode=r.mode,
            room_id=r.room_id,
        )
        for r in rules
    ]
    exceptions = [
        ExceptionSpec(
            key=e.pk,
            day=e.date,
            kind=e.kind,
            start=e.start_time,
            end=e.end_time,
            slot_minutes=e.slot_minutes,
            buffer_minutes=e.buffer_minutes,
            station_id=e.station_id,
            mode=e.mode,
            room_id=e.room_id,
        )
        for e in AvailabilityException.objects.filter(counsellor_id=counsellor_id)
    ]
    horizon = max((r.horizon_days for r in rules), default=0)
    return specs, exceptions, horizon


@transaction.atomic
def slots_regenerate(*, counsellor_id: int, today: date | None = None) -> dict[str, int]:
    """Bring the counsellor's future slots in line with the rules and exceptions.

    Free future slots that no longer fit are deleted and missing ones created;
    booked slots are never touched, only flagged `needs_attention` when they no
    longer fit, so the counsellor can contact the worker.
    """
    tz = clock.network_tz()
    today = today or clock.today()
    rules, exceptions, horizon = _specs(counsellor_id)
    last_day = today + timedelta(days=max(horizon, settings.APPOINTMENT_MIN_HORIZON_DAYS))
    wanted: dict[datetime, SlotTime] = {
        s.starts_at: s for s in slot_times(rules, exceptions, today, last_day, tz)
    }
    now = timezone.now()
    future = Slot.objects.filter(counsellor_id=counsellor_id, starts_at__gte=now).annotate(
        booked=active_booking_exists()
    )
    existing = {slot.starts_at: slot for slot in future}

    def fits(slot: Slot, want: SlotTime | None) -> bool:
        return (
            want is not None
            and slot.ends_at == want.ends_at
            and slot.station_id == want.station_id
            and slot.mode == want.mode
            and slot.room_id == want.room_id
        )

    stale_free = [
        s.pk for at, s in existing.items() if not s.booked and not fits(s, wanted.get(at))
    ]
    Slot.objects.filter(pk__in=stale_free).delete()
    flagged = [s.pk for at, s in existing.items() if s.booked and not fits(s, wanted.get(at))]
    Slot.objects.filter(pk__in=flagged).update(needs_attention=True, withdrawn=True)
    unflagged = (
        Slot.objects.filter(counsellor_id=counsellor_id, starts_at__gte=now)
        .exclude(pk__in=flagged)
        .filter(needs_attention=True)
        .update(needs_attention=False, withdrawn=False)
    )
    kept = {at for at, s in existing.items() if s.pk not in stale_free}
    to_create = [
        Slot(
            counsellor_id=counsellor_id,
            station_id=want.station_id,
            mode=want.mode,
            room_id=want.room_id,
            starts_at=want.starts_at,
            ends_at=want.ends_at,
            rule_id=want.rule_key,
            exception_id=want.exception_key,
        )
        for at, want in wanted.items()
        if at not in kept and want.starts_at >= now
    ]
    Slot.objects.bulk_create(to_create)
    # Bulk writes send no signal for core.cache_versions: end the cached slot lists here.
    if to_create or flagged or stale_free or unflagged:
        public_cache.bump(public_cache.SLOTS)
    return {"created": len(to_create), "deleted": len(stale_free), "flagged": len(flagged)}


def slots_regenerate_all() -> int:
    """Regenerate the slots of every counsellor with active office hours; return how many."""
    counsellors = (
        AvailabilityRule.objects.filter(is_active=True)
        .values_list("counsellor_id", flat=True)
        .distinct()
    )
    for counsellor_id in counsellors:
        slots_regenerate(counsellor_id=counsellor_id)
    return len(counsellors)
