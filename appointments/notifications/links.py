"""Signed manage links: a worker manages a booking from a message without signing in."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from appointments.models import Booking

MANAGE_SALT = "appointments.manage"


MANAGE_PURPOSE = "manage"


def manage_token(booking: Booking) -> str:
    """A signed token for the personal manage link: this booking, this purpose only."""
    return signing.dumps({"b": str(booking.public_id), "p": MANAGE_PURPOSE}, salt=MANAGE_SALT)


def manage_token_booking_id(token: str) -> str | None:
    """The booking public id in a well-signed manage token, or None (tampered, other salt)."""
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != MANAGE_PURPOSE:
        return None
    return str(data.get("b") or "") or None


def manage_token_valid_for(token: str, booking: Booking, *, now: datetime | None = None) -> bool:
    """The token expires when the session starts.

    Tokens are issued at booking time or later, so `max_age = starts_at -
    created_at` makes a token issued at booking time expire exactly at the start;
    the explicit check covers tokens issued later.
    """
    now = now or timezone.now()
    if now >= booking.starts_at:
        return False
    max_age = max(booking.starts_at - booking.created_at, timedelta(seconds=0))
    try:
        signing.loads(token, salt=MANAGE_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return False
    return True


def manage_path(booking: Booking) -> str:
    return reverse("appointments:manage", kwargs={"token": manage_token(booking)})
