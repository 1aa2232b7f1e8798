"""What a worker receives about a booking: SMS and e-mail (confirmation, reminder,
cancellation, meeting link), with the calendar file attached where it helps.

The senders are outbox calls (core.outbox) the services schedule and the reminder
task runs. Phone numbers are never logged (core.sms masks them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from appointments.notifications import ics
from appointments.notifications.channels import worker_channels
from appointments.notifications.links import manage_path
from core import clock, outbox

if TYPE_CHECKING:
    from appointments.models import Booking


def _texts(booking: Booking, purpose: str, link: str) -> tuple[str, str]:
    when = clock.local(booking.starts_at).strftime("%Y-%m-%d %H:%M")
    station = booking.slot.station.name
    mode = booking.slot.get_mode_display()
    if purpose == "reminder_day":
        subject = _("Reminder: your counselling session tomorrow")
        lead = _("Reminder: your counselling session is on %(when)s at %(station)s (%(mode)s).")
    elif purpose == "reminder_hour":
        subject = _("Reminder: your counselling session starts within the hour")
        lead = _("Your counselling session starts at %(when)s at %(station)s (%(mode)s).")
    elif purpose == "cancelled_by_counsellor":
        subject = _("Your counselling session was cancelled")
        lead = _(
            "Your counselling session on %(when)s at %(station)s (%(mode)s) had to be "
            "cancelled by the counsellor. We are sorry."
        )
        body = lead % {"when": when, "station": station, "mode": mode}
        body += " " + _("Choose another time: %(link)s") % {"link": link}
        return subject, body
    elif purpose == "meeting_link":
        subject = _("The link to your online counselling session")
        lead = _("Your online counselling session on %(when)s has a meeting link.")
    else:
        subject = _("Your counselling session is booked")
        lead = _("Your counselling session is booked for %(when)s at %(station)s (%(mode)s).")
    body = lead % {"when": when, "station": station, "mode": mode}
    meeting_link = getattr(booking, "meeting_link", "")
    if booking.slot.mode == "online" and meeting_link:
        body += " " + _("Join online: %(meeting_link)s") % {"meeting_link": meeting_link}
    body += " " + _("To cancel or change it: %(link)s") % {"link": link}
    return subject, body


def booking_notify(*, booking_id: int, purpose: str, link_base: str = "") -> None:
    """Send the confirmation, a reminder or the meeting link (purpose "meeting_link")
    on the worker's channels (worker_channels). Online sessions carry their meeting
    link in every message once the counsellor has set it."""
    from appointments.models.bookings import Booking

    booking = (
        Booking.objects.select_related("worker", "slot__station").filter(pk=booking_id).first()
    )
    if booking is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        base = link_base or settings.SITE_URL
        if purpose == "cancelled_by_counsellor":
            station = booking.slot.station.public_id  # the slot filter takes public ids
            link = base + reverse("appointments:slot_list") + f"?station={station}"
        else:
            link = base + manage_path(booking)
        subject, body = _texts(booking, purpose, link)
        worker = booking.worker
        channels = worker_channels(worker)
        # A reminder that an outage held until the session began would only confuse.
        not_after = booking.starts_at if purpose.startswith("reminder") else None
        if channels.sms:
            outbox.enqueue_sms(
                to=str(worker.phone),
                text=body,
                purpose=f"appointments.{purpose}",
                not_after=not_after,
            )
        if channels.email:
            outbox.enqueue_email(
                to=[worker.email],
                subject=subject,
                body=body,
                purpose=f"appointments.{purpose}",
                not_after=not_after,
                attachments=_calendar_attachment(booking, purpose),
            )


# The e-mails that change the worker's calendar carry the event (the same file as the
# portal's download), so a calendar that has it moves or removes the session.
CALENDAR_PURPOSES = ("confirmation", "cancelled_by_counsellor")


def _calendar_attachment(booking: Booking, purpose: str) -> list[tuple[str, str, str]]:
    if purpose not in CALENDAR_PURPOSES:
        return []
    content = ics.booking_calendar(booking).decode()
    return [("counselling.ics", content, "text/calendar")]


def booking_notify_later(*, booking_id: int, purpose: str, link_base: str = "") -> None:
    """Schedule `booking_notify` as an outbox row in the caller's transaction.

    Delivered after commit by the outbox (retried, swept): a broker or gateway
    outage delays the messages and never fails or loses the booking change.
    """
    outbox.enqueue_task(
        "appointments.notifications.booking_notify",
        kwargs={"booking_id": booking_id, "purpose": purpose, "link_base": link_base},
        purpose=f"appointments.{purpose}",
    )
