"""The waitlist: a worker waits for a freed slot at a station on a day."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appointments.models.schedule import Mode, Slot


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("offered a time")
    BOOKED = "booked", _("booked")
    LEFT = "left", _("left the waitlist")
    EXPIRED = "expired", _("expired")


class WaitlistEntry(models.Model):
    """A worker waiting for a time at a station on a day (any or one counsellor).

    A freed slot is offered to the first waiting worker; while the offer runs
    (until offer_expires_at) no one else can book that slot; then the next.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        related_name="waitlist_entries",
        on_delete=models.CASCADE,
    )
    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="waitlist_entries",
        on_delete=models.PROTECT,
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="waitlist_for",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    day = models.DateField(_("day"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    offered_slot = models.ForeignKey(
        Slot,
        verbose_name=_("offered slot"),
        related_name="waitlist_offers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="offered")
                | (Q(offered_slot__isnull=False) & Q(offer_expires_at__isnull=False)),
                name="appointments_waitlist_offer_has_slot",
            ),
        ]
        indexes = [
            # Who is first in line for a freed slot.
            models.Index(
                fields=["station", "day", "status", "created_at"],
                name="appointments_waitlist_line",
            ),
            # Expiring offers (beat) and holds in the free-slot search.
            models.Index(fields=["status", "offer_expires_at"], name="appointments_waitlist_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.day} · {self.get_status_display()}"
