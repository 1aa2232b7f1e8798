"""Which channels (SMS, e-mail) a worker's messages use: one place decides."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User


@dataclass(frozen=True)
class Channels:
    """Which channels a worker's messages go to; pages promise only these."""

    sms: bool
    email: bool

    @property
    def any(self) -> bool:
        return self.sms or self.email


def worker_channels(worker: User) -> Channels:
    """The one decision: SMS only to a verified mobile number, e-mail when there is an address.

    Booking confirmations, reminders, meeting links and waitlist offers are sent
    on these channels, and the confirmation page says exactly these.
    """
    return Channels(
        sms=bool(getattr(worker, "phone", None) and getattr(worker, "phone_verified", False)),
        email=bool(getattr(worker, "email", "")),
    )
