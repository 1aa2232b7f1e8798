"""Template helpers of the appointments portal."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django import template
from django.utils import formats

from appointments import services
from appointments.notifications import channels
from appointments.selectors import counsellors
from core import clock
from network.access import Viewer

if TYPE_CHECKING:
    from accounts.models import User
    from appointments.models import Booking

register = template.Library()


@register.filter
def network_time(moment: datetime | None) -> str:
    """A moment in the network's time zone, e.g. "2026-11-24 (周二) 09:00"."""
    if moment is None:
        return ""
    local = clock.local(moment)
    return (
        f"{formats.date_format(local, 'Y-m-d')} ({formats.date_format(local, 'D')}) {local:%H:%M}"
    )


@register.filter
def counsellor_name(user: User) -> str:
    return counsellors.counsellor_name(user)


@register.simple_tag
def booking_channels(booking: Booking) -> channels.Channels:
    """`{% booking_channels booking as channels %}`: what the worker's messages go by."""
    return channels.worker_channels(booking.worker)


@register.filter
def can_book_by_phone(user: Viewer) -> bool:
    """The booking service's rule (services.phone_session_allowed), for slot cards."""
    return services.phone_session_allowed(user)


@register.filter
def check_in_open(booking: Booking, now: datetime | None = None) -> bool:
    """Whether the booking can be checked in at `now` (services.attendance's rule)."""
    return services.check_in_is_open(booking, now=now)


@register.filter
def check_in_opens(booking: Booking) -> datetime:
    return services.check_in_opens_at(booking)
