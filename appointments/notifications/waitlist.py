"""The waitlist offer a worker receives (SMS and e-mail) with its link."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from appointments.models.waitlist import WaitlistEntry, WaitlistStatus
from appointments.notifications.channels import worker_channels
from core import clock, outbox


def offer_path(entry: WaitlistEntry) -> str:
    return reverse("appointments:waitlist_offer", kwargs={"public_id": entry.public_id})


def offer_notify(*, entry_id: int, link_base: str | None = None) -> None:
    """Tell the worker about the offer on their channels (notifications.worker_channels).

    The link opens the offer page (sign-in required). `link_base` defaults to
    the SITE_URL setting ("https://host"); without it the link
    is a path. The number is never logged (core.sms masks it).
    """
    entry = (
        WaitlistEntry.objects.select_related("worker", "offered_slot__station")
        .filter(pk=entry_id, status=WaitlistStatus.OFFERED)
        .first()
    )
    if entry is None or entry.offered_slot is None or entry.offer_expires_at is None:
        return
    if link_base is None:
        link_base = settings.SITE_URL
    slot = entry.offered_slot
    with translation.override(settings.LANGUAGE_CODE):
        body = gettext(
            "A counselling time has become free for you: %(when)s at %(station)s (%(mode)s). "
            "It is held for you until %(until)s. Accept or decline: %(link)s"
        ) % {
            "when": clock.local(slot.starts_at).strftime("%Y-%m-%d %H:%M"),
            "station": slot.station.name,
            "mode": slot.get_mode_display(),
            "until": clock.local(entry.offer_expires_at).strftime("%H:%M"),
            "link": link_base + offer_path(entry),
        }
        subject = gettext("A counselling time is free for you")
        worker = entry.worker
        channels = worker_channels(worker)
        if channels.sms:
            outbox.enqueue_sms(
                to=str(worker.phone), text=body, purpose="appointments.waitlist_offer"
            )
        if channels.email:
            outbox.enqueue_email(
                to=[worker.email], subject=subject, body=body, purpose="appointments.waitlist_offer"
            )
