"""Every message a person receives from appointments, each sent through the outbox.

Confirmations, reminders, cancellations and meeting links (`bookings`), calendar files
(`ics`), manage links (`links`), waitlist offers, supervisors' alerts and the follow-up
digest. Outbox rows name their call by a dotted path: `booking_notify` keeps the path
`appointments.notifications.booking_notify` that rows written before the move hold.
"""

from appointments.notifications.alerts import supervisors_alert
from appointments.notifications.bookings import booking_notify

__all__ = ["booking_notify", "supervisors_alert"]
